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
 * | `--configuration-url` | `SINCH_VOICE_CONFIGURATION_URL` | `--base-url` if given, else `https://callingapi.sinch.com` |
 * | `--json` | — | tables |
 * | — | `HTTPS_PROXY`, `NO_PROXY` | no proxy |
 *
 * @since 0.1.0
 */
import * as Region from "@effect-sinch/voice/Region"
import type * as SinchVoice from "@effect-sinch/voice/SinchVoice"
import type * as VoiceError from "@effect-sinch/voice/VoiceError"
import * as Options from "@effect/cli/Options"
import * as Config from "effect/Config"
import type * as ConfigError from "effect/ConfigError"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as NodeSinchVoice from "../NodeSinchVoice.js"

/**
 * The shared options, to spread into a command's configuration.
 *
 * @since 0.1.0
 * @category Options
 */
export const options = {
  json: Options.boolean("json").pipe(Options.withDescription("Print the result as JSON instead of a table.")),
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
}

const hostsFromEnv = Config.all({
  baseUrl: Config.option(Config.string("SINCH_VOICE_BASE_URL")),
  configurationUrl: Config.option(Config.string("SINCH_VOICE_CONFIGURATION_URL"))
})

/**
 * The client options: the environment, overridden by the flags.
 *
 * @since 0.1.0
 * @category Config
 */
export const resolve = (flags: Flags): Effect.Effect<NodeSinchVoice.Options, ConfigError.ConfigError> =>
  Effect.gen(function*() {
    const fromEnv = yield* NodeSinchVoice.fromEnv
    const hosts = yield* hostsFromEnv
    const callingBaseUrl = Option.orElse(flags.baseUrl, () => hosts.baseUrl)
    const configurationBaseUrl = flags.configurationUrl.pipe(
      Option.orElse(() => hosts.configurationUrl),
      Option.orElse(() => callingBaseUrl)
    )
    return {
      ...fromEnv,
      region: Option.getOrElse(flags.region, () => fromEnv.region),
      callingBaseUrl: Option.getOrUndefined(callingBaseUrl),
      configurationBaseUrl: Option.getOrUndefined(configurationBaseUrl)
    }
  })

/**
 * The Voice API services for a command, on Node.
 *
 * @since 0.1.0
 * @category Layers
 */
export const layer = (
  flags: Flags
): Layer.Layer<SinchVoice.Services, ConfigError.ConfigError | VoiceError.InvalidConfiguration> =>
  Layer.unwrapEffect(Effect.map(resolve(flags), NodeSinchVoice.layer))
