/**
 * The options of the Voice API client, how to read them from the environment, and per-call
 * overrides of the request timeout.
 *
 * @since 0.1.0
 */
import * as Config from "effect/Config"
import * as ConfigError from "effect/ConfigError"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as FiberRef from "effect/FiberRef"
import { dual } from "effect/Function"
import * as GlobalValue from "effect/GlobalValue"
import * as Option from "effect/Option"
import type * as Redacted from "effect/Redacted"
import * as internalOptions from "./internal/options.js"
import * as Region from "./Region.js"
import type * as Retry from "./Retry.js"

/**
 * How requests are authenticated: `signed` (Sinch's application signing, the default, recommended
 * for production) or `basic` (key and secret as Basic credentials, meant for testing).
 *
 * @since 0.1.0
 * @category Models
 */
export type Auth = "signed" | "basic"

/**
 * @since 0.1.0
 * @category Models
 */
export interface Options {
  /** The application key from the Sinch dashboard. */
  readonly applicationKey: string
  /** The application secret (base64) from the Sinch dashboard. */
  readonly applicationSecret: Redacted.Redacted<string>
  /** Defaults to `signed`. */
  readonly auth?: Auth | undefined
  /** The region of the calling host; defaults to `global`. */
  readonly region?: Region.Region | undefined
  /** Overrides the calling host (callouts, calls, conferences), e.g. for a proxy or a fake. */
  readonly callingBaseUrl?: string | undefined
  /** Overrides the configuration host (numbers, callback URLs). */
  readonly configurationBaseUrl?: string | undefined
  /** The time allowed for each attempt; defaults to 10 seconds. */
  readonly timeout?: Duration.DurationInput | undefined
  /** The retry policy; defaults to `Retry.defaultPolicy`. */
  readonly retry?: Retry.Policy | undefined
  /** The longest `Retry-After` worth waiting for; defaults to 60 seconds. */
  readonly maxRetryAfter?: Duration.DurationInput | undefined
}

/**
 * The default time allowed for one attempt of a request.
 *
 * @since 0.1.0
 * @category Constants
 */
export const defaultTimeout: Duration.Duration = Duration.seconds(10)

/**
 * A base URL from configuration: an absolute http(s) URL without query, fragment or credentials;
 * anything else fails with a `ConfigError` naming the variable.
 *
 * @since 0.2.0
 * @category Config
 */
export const baseUrl = (name: string): Config.Config<string> =>
  Config.string(name).pipe(
    Config.mapOrFail((value) =>
      Either.mapLeft(internalOptions.baseUrl(name, value), (error) => ConfigError.InvalidData([], error.reason))
    )
  )

/**
 * The options read from the environment:
 *
 * | variable | option | default |
 * |---|---|---|
 * | `SINCH_APPLICATION_KEY` | `applicationKey` | required |
 * | `SINCH_APPLICATION_SECRET` | `applicationSecret` | required |
 * | `SINCH_VOICE_REGION` | `region` | `global` |
 * | `SINCH_VOICE_AUTH` | `auth` | `signed` |
 * | `SINCH_VOICE_BASE_URL` | `callingBaseUrl` **and** `configurationBaseUrl` (one server for both, e.g. the simulator) | the region's hosts |
 * | `SINCH_VOICE_CONFIGURATION_URL` | `configurationBaseUrl` alone | `SINCH_VOICE_BASE_URL` if set |
 *
 * @since 0.1.0
 * @category Config
 */
export const fromEnv: Config.Config<Options> = Config.all({
  applicationKey: Config.string("SINCH_APPLICATION_KEY"),
  applicationSecret: Config.redacted("SINCH_APPLICATION_SECRET"),
  region: Config.literal(...Region.Region.literals)("SINCH_VOICE_REGION").pipe(Config.withDefault("global" as const)),
  auth: Config.literal("signed", "basic")("SINCH_VOICE_AUTH").pipe(Config.withDefault("signed" as const)),
  callingBaseUrl: Config.option(baseUrl("SINCH_VOICE_BASE_URL")),
  configurationBaseUrl: Config.option(baseUrl("SINCH_VOICE_CONFIGURATION_URL"))
}).pipe(
  Config.map(({ callingBaseUrl, configurationBaseUrl, ...rest }): Options => ({
    ...rest,
    // only the keys that are set: `{ ...fromEnv, region }` must still pick the region's host
    ...Option.match(callingBaseUrl, { onNone: () => ({}), onSome: (url) => ({ callingBaseUrl: url }) }),
    ...Option.match(Option.orElse(configurationBaseUrl, () => callingBaseUrl), {
      onNone: () => ({}),
      onSome: (url) => ({ configurationBaseUrl: url })
    })
  }))
)

/**
 * The per-call timeout override, if any (see `withTimeout`).
 *
 * @since 0.1.0
 * @category FiberRefs
 */
export const currentTimeout: FiberRef.FiberRef<Option.Option<Duration.Duration>> = GlobalValue.globalValue(
  Symbol.for("@effect-sinch/voice/VoiceConfig/currentTimeout"),
  () => FiberRef.unsafeMake<Option.Option<Duration.Duration>>(Option.none())
)

/**
 * Runs the Voice API calls of `effect` with another per-attempt timeout than the layer's.
 *
 * @since 0.1.0
 * @category Combinators
 */
export const withTimeout: {
  (timeout: Duration.DurationInput): <A, E, R>(self: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>
  <A, E, R>(self: Effect.Effect<A, E, R>, timeout: Duration.DurationInput): Effect.Effect<A, E, R>
} = dual(
  2,
  <A, E, R>(self: Effect.Effect<A, E, R>, timeout: Duration.DurationInput): Effect.Effect<A, E, R> =>
    Effect.locally(self, currentTimeout, Option.some(Duration.decode(timeout)))
)
