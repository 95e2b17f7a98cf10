/**
 * Examples for docs/configuration.md, type-checked by `pnpm check`.
 */
import { NodeCrypto, NodeSinchVoice } from "@effect-sinch/platform-node"
import { Calls, type Crypto, Retry, SinchVoice, VoiceConfig } from "@effect-sinch/voice"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as Config from "effect/Config"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"

// On Node: everything from the environment (SINCH_APPLICATION_KEY, SINCH_APPLICATION_SECRET,
// SINCH_VOICE_REGION, SINCH_VOICE_AUTH)
export const VoiceFromEnv = NodeSinchVoice.layerConfig()

// Explicit options
export const VoiceInEurope = NodeSinchVoice.layer({
  applicationKey: "669E367E-6BBA-48AB-AF15-266871C28135",
  applicationSecret: Redacted.make("BeIukql3pTKJ8RGL5zo0DA=="),
  region: "euc1",
  timeout: "5 seconds",
  retry: Retry.exponential({ base: "200 millis", maxAttempts: 3, maxElapsed: "10 seconds" })
})

// Configuration with your own names, and a proxy in front of the calling host
export const VoiceFromOwnConfig = NodeSinchVoice.layerConfig({
  applicationKey: Config.string("VOICE_APP_KEY"),
  applicationSecret: Config.redacted("VOICE_APP_SECRET"),
  region: Config.literal("global", "use1", "euc1", "sae1", "apse1", "apse2")("VOICE_REGION").pipe(
    Config.withDefault("global" as const)
  ),
  callingBaseUrl: Config.string("VOICE_PROXY_URL")
})

// Any runtime with fetch: bring an HttpClient and a Crypto implementation (MD5 + HMAC-SHA256)
export const makeVoiceOnFetch = (crypto: Layer.Layer<Crypto.Crypto>) =>
  SinchVoice.layer({
    applicationKey: "669E367E-6BBA-48AB-AF15-266871C28135",
    applicationSecret: Redacted.make("BeIukql3pTKJ8RGL5zo0DA==")
  }).pipe(Layer.provide([FetchHttpClient.layer, crypto]))

// On Node, but on @effect/platform's HttpClient (its middleware, its `http.client` span) instead of
// the direct undici transport of NodeSinchVoice.layer
const options = {
  applicationKey: "669E367E-6BBA-48AB-AF15-266871C28135",
  applicationSecret: Redacted.make("BeIukql3pTKJ8RGL5zo0DA==")
}
export const VoiceOnHttpClient = SinchVoice.layer(options).pipe(
  Layer.provide([NodeSinchVoice.layerHttpClient({ connections: 16 }), NodeCrypto.layer])
)

// Per-call overrides: a shorter timeout and no retries for this one request
export const quickLookup = (callId: string) =>
  Effect.flatMap(Calls.Calls, (calls) => calls.get(callId)).pipe(
    VoiceConfig.withTimeout("2 seconds"),
    Retry.withPolicy(Retry.none)
  )
