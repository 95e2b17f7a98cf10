/**
 * The Voice API client ready to run on Node: `SinchVoice` on undici's pooled, keep-alive HTTP
 * client and `node:crypto`.
 *
 * @example
 * ```ts
 * import { NodeSinchVoice } from "@effect-sinch/platform-node"
 *
 * // reads SINCH_APPLICATION_KEY, SINCH_APPLICATION_SECRET, SINCH_VOICE_REGION, SINCH_VOICE_AUTH
 * const VoiceLive = NodeSinchVoice.layerConfig()
 * ```
 *
 * @since 0.1.0
 */
import * as SinchVoice from "@effect-sinch/voice/SinchVoice"
import type * as VoiceError from "@effect-sinch/voice/VoiceError"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import type * as Config from "effect/Config"
import type * as ConfigError from "effect/ConfigError"
import * as Layer from "effect/Layer"
import * as NodeCrypto from "./NodeCrypto.js"

const nodeRuntime = Layer.merge(NodeHttpClient.layerUndici, NodeCrypto.layer)

/**
 * `SinchVoice.layer` with undici and `node:crypto`.
 *
 * @since 0.1.0
 * @category Layers
 */
export const layer = (
  options: SinchVoice.Options
): Layer.Layer<SinchVoice.Services, VoiceError.InvalidConfiguration> =>
  SinchVoice.layer(options).pipe(Layer.provide(nodeRuntime))

/**
 * `SinchVoice.layerConfig` with undici and `node:crypto`; by default reads the environment.
 *
 * @since 0.1.0
 * @category Layers
 */
export const layerConfig = (
  config?: Config.Config.Wrap<SinchVoice.Options>
): Layer.Layer<SinchVoice.Services, VoiceError.InvalidConfiguration | ConfigError.ConfigError> =>
  SinchVoice.layerConfig(config).pipe(Layer.provide(nodeRuntime))
