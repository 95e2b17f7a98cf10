/**
 * The options every API command of the CLI shares, and the client they configure. Credentials come
 * only from the environment (`SINCH_APPLICATION_KEY`, `SINCH_APPLICATION_SECRET`, like
 * `NodeSinchVoice.layerConfig`), never from a flag, so the secret never shows in a shell history
 * or a process list.
 *
 * | flag | environment | default |
 * |---|---|---|
 * | `--region` | `SINCH_VOICE_REGION` | `global` |
 * | — | `SINCH_VOICE_AUTH` | `signed` |
 * | `--base-url` | `SINCH_VOICE_BASE_URL` | the region's calling host |
 * | `--configuration-url` | `SINCH_VOICE_CONFIGURATION_URL` | `--base-url` / `SINCH_VOICE_BASE_URL` if given, else `https://callingapi.sinch.com` |
 * | `--timeout` | — | 10 seconds per attempt |
 * | `--verbose` | — | quiet |
 * | `--json` | — | tables |
 * | — | `HTTPS_PROXY`, `NO_PROXY` | no proxy |
 *
 * A value that is not usable is a usage error (exit code 2) naming the flag or the variable it came
 * from; only the credentials' problems are authentication failures (3).
 *
 * @since 0.1.0
 */
import * as Region from "@effect-sinch/voice/Region"
import * as Retry from "@effect-sinch/voice/Retry"
import * as SinchVoice from "@effect-sinch/voice/SinchVoice"
import * as VoiceConfig from "@effect-sinch/voice/VoiceConfig"
import type * as VoiceError from "@effect-sinch/voice/VoiceError"
import * as Options from "@effect/cli/Options"
import * as Config from "effect/Config"
import * as ConfigError from "effect/ConfigError"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as NodeCrypto from "../NodeCrypto.js"
import * as NodeSinchVoice from "../NodeSinchVoice.js"
import { UsageError } from "./ExitCode.js"
import * as Verbose from "./Verbose.js"

/**
 * The shared options, to spread into a command's configuration.
 *
 * @since 0.1.0
 * @category Options
 */
export const options = {
  json: Options.boolean("json").pipe(
    Options.withDescription(
      "Print JSON instead of a table: the API's answer as this client reads it (its documented fields under the" +
        " API's names; unknown fields left out), or an object naming what was done. Errors too, on stderr."
    )
  ),
  region: Options.choice("region", Region.Region.literals).pipe(
    Options.withDescription("The calling region (overrides SINCH_VOICE_REGION)."),
    Options.optional
  ),
  baseUrl: Options.text("base-url").pipe(
    Options.withDescription("Another calling host, e.g. the simulator's URL (overrides SINCH_VOICE_BASE_URL)."),
    Options.optional
  ),
  configurationUrl: Options.text("configuration-url").pipe(
    Options.withDescription(
      "Another configuration host (numbers, callbacks); defaults to --base-url when that is given."
    ),
    Options.optional
  ),
  timeout: Options.float("timeout").pipe(
    Options.withDescription("Seconds allowed for each attempt of a request (default 10)."),
    Options.optional
  ),
  verbose: Options.boolean("verbose").pipe(
    Options.withDescription("Show each attempt, its answer and each wait before a retry, on stderr.")
  )
}

/**
 * The parsed shared options.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Flags {
  readonly json: boolean
  readonly region: Option.Option<Region.Region>
  readonly baseUrl: Option.Option<string>
  readonly configurationUrl: Option.Option<string>
  readonly timeout: Option.Option<number>
  readonly verbose: boolean
}

// set explicitly, it wins over a --base-url (which otherwise moves both hosts)
const configurationUrlFromEnv = Config.option(VoiceConfig.baseUrl("SINCH_VOICE_CONFIGURATION_URL"))

const checkTimeout = (seconds: Option.Option<number>): Effect.Effect<Duration.Duration | undefined, UsageError> =>
  Option.match(seconds, {
    onNone: () => Effect.succeed(undefined),
    onSome: (value) =>
      Number.isFinite(value) && value > 0
        ? Effect.succeed(Duration.millis(Math.round(value * 1000)))
        : Effect.fail(new UsageError({ message: `--timeout: expected a positive number of seconds, got ${value}` }))
  })

/**
 * The client options: the environment (`NodeSinchVoice.fromEnv`), overridden by the flags.
 *
 * @since 0.1.0
 * @category Config
 */
export const resolve = (flags: Flags): Effect.Effect<NodeSinchVoice.Options, ConfigError.ConfigError | UsageError> =>
  Effect.gen(function*() {
    const fromEnv = yield* NodeSinchVoice.fromEnv
    const explicitConfigurationUrl = yield* configurationUrlFromEnv
    const timeout = yield* checkTimeout(flags.timeout)
    const callingBaseUrl = Option.getOrElse(flags.baseUrl, () => fromEnv.callingBaseUrl)
    const configurationBaseUrl = flags.configurationUrl.pipe(
      Option.orElse(() => explicitConfigurationUrl),
      Option.orElse(() => flags.baseUrl),
      Option.getOrElse(() => fromEnv.configurationBaseUrl)
    )
    return {
      ...fromEnv,
      region: Option.getOrElse(flags.region, () => fromEnv.region),
      callingBaseUrl,
      configurationBaseUrl,
      ...(timeout === undefined ? {} : { timeout })
    }
  })

/** The flag or variable a field of the options came from, for a message the user can act on. */
const sourceOf = (flags: Flags, field: string): string | undefined => {
  switch (field) {
    case "applicationKey":
      return "SINCH_APPLICATION_KEY"
    case "applicationSecret":
      return "SINCH_APPLICATION_SECRET"
    case "callingBaseUrl":
      return "--base-url"
    case "configurationBaseUrl":
      return Option.isSome(flags.configurationUrl) ? "--configuration-url" : "--base-url"
    case "timeout":
      return "--timeout"
    case "proxy":
      return "HTTPS_PROXY"
    default:
      return undefined
  }
}

/**
 * Options the client refuses, reported against their source: the credentials as the variables they
 * come from (an authentication failure), a flag as a usage error naming it.
 */
const toSource = (flags: Flags) => (error: VoiceError.InvalidConfiguration): ConfigError.ConfigError | UsageError => {
  const source = sourceOf(flags, error.field)
  if (source === undefined) return new UsageError({ message: error.message })
  return source.startsWith("--")
    ? new UsageError({ message: `${source}: ${error.reason}` })
    : ConfigError.InvalidData([source], error.reason)
}

/**
 * The Voice API services for a command, on Node (with `--verbose`, each attempt and wait logged).
 *
 * @since 0.1.0
 * @category Layers
 */
export const layer = (
  flags: Flags
): Layer.Layer<SinchVoice.Services, ConfigError.ConfigError | UsageError> =>
  Layer.unwrapEffect(Effect.map(resolve(flags), (options) => {
    if (!flags.verbose) return NodeSinchVoice.layer(options)
    const tracker = Verbose.makeTracker()
    return SinchVoice.layerWithTransport({
      ...options,
      retry: Verbose.policy(options.retry ?? Retry.defaultPolicy, tracker)
    }).pipe(
      Layer.provide(
        Layer.merge(Verbose.layerTransport(NodeSinchVoice.layerTransport(options), tracker), NodeCrypto.layer)
      )
    )
  })).pipe(
    Layer.catchAll((error) => Layer.fail(error._tag === "InvalidConfiguration" ? toSource(flags)(error) : error))
  )
