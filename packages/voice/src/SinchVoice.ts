/**
 * The Voice API client as layers: `SinchVoice.layer(options)` provides the four services
 * (`Callouts`, `Calls`, `Conferences`, `Applications`) on top of an `HttpClient` and the `Crypto`
 * service (`NodeSinchVoice.layer` from `@effect-sinch/platform-node` provides both on Node).
 *
 * @example
 * ```ts
 * import { Callouts, SinchVoice } from "@effect-sinch/voice"
 * import * as Effect from "effect/Effect"
 * import * as Redacted from "effect/Redacted"
 *
 * const VoiceLive = SinchVoice.layer({
 *   applicationKey: "669E367E-6BBA-48AB-AF15-266871C28135",
 *   applicationSecret: Redacted.make("BeIukql3pTKJ8RGL5zo0DA=="),
 *   region: "euc1"
 * })
 *
 * const program = Effect.gen(function*() {
 *   const callouts = yield* Callouts.Callouts
 *   return yield* callouts.tts({ destination: { type: "number", endpoint: "+46700000001" }, text: "Hello" })
 * })
 * ```
 *
 * @since 0.1.0
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import * as Config from "effect/Config"
import type * as ConfigError from "effect/ConfigError"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Applications from "./Applications.js"
import * as Callouts from "./Callouts.js"
import * as Calls from "./Calls.js"
import * as Conferences from "./Conferences.js"
import type * as Crypto from "./Crypto.js"
import * as HttpTransport from "./HttpTransport.js"
import * as internalApplications from "./internal/applications.js"
import * as internalCallouts from "./internal/callouts.js"
import * as internalCalls from "./internal/calls.js"
import * as internalClient from "./internal/client.js"
import * as internalConferences from "./internal/conferences.js"
import * as internalTransport from "./internal/httpClientTransport.js"
import * as VoiceConfig from "./VoiceConfig.js"
import type * as VoiceError from "./VoiceError.js"
import type * as VoiceTest from "./VoiceTest.js"

/**
 * The services a `SinchVoice` layer provides.
 *
 * @since 0.1.0
 * @category Models
 */
export type Services = Callouts.Callouts | Calls.Calls | Conferences.Conferences | Applications.Applications

/**
 * The client options (see `VoiceConfig.Options`).
 *
 * @since 0.1.0
 * @category Models
 */
export type Options = VoiceConfig.Options

/**
 * Builds the four services sharing one request pipeline. Fails with `InvalidConfiguration` when
 * the options are unusable (e.g. a secret that is not base64).
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make = (
  options: Options
): Effect.Effect<
  Context.Context<Services>,
  VoiceError.InvalidConfiguration,
  HttpClient.HttpClient | Crypto.Crypto
> => Effect.provideServiceEffect(makeWithTransport(options), HttpTransport.HttpTransport, internalTransport.make)

/**
 * `make` on an `HttpTransport` (a platform package's own, e.g. the one `NodeSinchVoice` runs on
 * undici) instead of an `HttpClient`.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const makeWithTransport = (
  options: Options
): Effect.Effect<
  Context.Context<Services>,
  VoiceError.InvalidConfiguration,
  HttpTransport.HttpTransport | Crypto.Crypto
> =>
  Effect.gen(function*() {
    const resolved = yield* internalClient.resolveOptions(options)
    const client = yield* internalClient.make(resolved)
    return Context.make(Callouts.Callouts, internalCallouts.make(client)).pipe(
      Context.add(Calls.Calls, internalCalls.make(client)),
      Context.add(Conferences.Conferences, internalConferences.make(client)),
      Context.add(Applications.Applications, internalApplications.make(client))
    )
  })

/**
 * The four services from options.
 *
 * @since 0.1.0
 * @category Layers
 */
export const layer = (
  options: Options
): Layer.Layer<Services, VoiceError.InvalidConfiguration, HttpClient.HttpClient | Crypto.Crypto> =>
  Layer.effectContext(make(options))

/**
 * `layer` on an `HttpTransport` instead of an `HttpClient`.
 *
 * @since 0.1.0
 * @category Layers
 */
export const layerWithTransport = (
  options: Options
): Layer.Layer<Services, VoiceError.InvalidConfiguration, HttpTransport.HttpTransport | Crypto.Crypto> =>
  Layer.effectContext(makeWithTransport(options))

/**
 * The four services from configuration; by default from the environment (`VoiceConfig.fromEnv`:
 * `SINCH_APPLICATION_KEY`, `SINCH_APPLICATION_SECRET`, `SINCH_VOICE_REGION`, `SINCH_VOICE_AUTH`,
 * `SINCH_VOICE_BASE_URL`, `SINCH_VOICE_CONFIGURATION_URL`).
 *
 * @since 0.1.0
 * @category Layers
 */
export const layerConfig = (
  config: Config.Config.Wrap<Options> = VoiceConfig.fromEnv
): Layer.Layer<
  Services,
  VoiceError.InvalidConfiguration | ConfigError.ConfigError,
  HttpClient.HttpClient | Crypto.Crypto
> => Layer.effectContext(Effect.flatMap(Config.unwrap(config), make))

/**
 * The four services on one in-memory model of a Sinch project, for tests: same types, same input
 * validation and same typed errors as `layer`, no HTTP and no credentials. Read and script the model
 * with `VoiceTest` (provided too). Each build starts from an empty model.
 *
 * @since 0.1.0
 * @category Layers
 */
export const layerTest: Layer.Layer<Services | VoiceTest.VoiceTest> = Layer.mergeAll(
  Callouts.layerTest,
  Calls.layerTest,
  Conferences.layerTest,
  Applications.layerTest
)
