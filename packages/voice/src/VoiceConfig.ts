/**
 * The options of the Voice API client, how to read them from the environment, and per-call
 * overrides of the request timeout.
 *
 * @since 0.1.0
 */
import * as Config from "effect/Config"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as FiberRef from "effect/FiberRef"
import { dual } from "effect/Function"
import * as GlobalValue from "effect/GlobalValue"
import * as Option from "effect/Option"
import type * as Redacted from "effect/Redacted"
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
 * The options read from the environment: `SINCH_APPLICATION_KEY`, `SINCH_APPLICATION_SECRET`,
 * `SINCH_VOICE_REGION` (default `global`) and `SINCH_VOICE_AUTH` (default `signed`).
 *
 * @since 0.1.0
 * @category Config
 */
export const fromEnv: Config.Config<Options> = Config.all({
  applicationKey: Config.string("SINCH_APPLICATION_KEY"),
  applicationSecret: Config.redacted("SINCH_APPLICATION_SECRET"),
  region: Config.literal(...Region.Region.literals)("SINCH_VOICE_REGION").pipe(Config.withDefault("global" as const)),
  auth: Config.literal("signed", "basic")("SINCH_VOICE_AUTH").pipe(Config.withDefault("signed" as const))
})

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
