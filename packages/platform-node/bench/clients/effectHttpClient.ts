/**
 * Diagnostic (`--breakdown`): effect-sinch on `@effect/platform`'s `HttpClient` instead of its own
 * undici transport — `SinchVoice.layer` over `NodeSinchVoice.layerHttpClient` and `NodeCrypto`,
 * what a user gets who wants the platform's client (its middleware, its `http.client` span).
 */
import * as NodeCrypto from "@effect-sinch/platform-node/NodeCrypto"
import * as NodeSinchVoice from "@effect-sinch/platform-node/NodeSinchVoice"
import * as Callouts from "@effect-sinch/voice/Callouts"
import * as Calls from "@effect-sinch/voice/Calls"
import * as SinchVoice from "@effect-sinch/voice/SinchVoice"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Redacted from "effect/Redacted"
import * as Shared from "../shared.js"
import type * as Types from "./types.js"

export const make: Types.MakeClient = async (baseUrl) => {
  const runtime = ManagedRuntime.make(
    SinchVoice.layer({
      applicationKey: Shared.applicationKey,
      applicationSecret: Redacted.make(Shared.applicationSecret),
      callingBaseUrl: baseUrl,
      configurationBaseUrl: baseUrl
    }).pipe(Layer.provide([NodeSinchVoice.layerHttpClient({}), NodeCrypto.layer]))
  )
  const callouts = await runtime.runPromise(Callouts.Callouts)
  const calls = await runtime.runPromise(Calls.Calls)
  const ttsCallout: Callouts.TtsCallout = Shared.ttsCallout

  const requests: Record<Types.Operation, Effect.Effect<void, unknown>> = {
    callout: Effect.asVoid(callouts.tts(ttsCallout)),
    get: Effect.asVoid(calls.get(Shared.callId))
  }
  return {
    runBatch: (operation, count, concurrency) =>
      runtime.runPromise(
        Effect.forEach(Array.from({ length: count }), () => requests[operation], { concurrency, discard: true })
      ),
    close: () => runtime.dispose()
  }
}
