/**
 * effect-sinch on Node: the `NodeSinchVoice` layer (undici keep-alive pool + node:crypto) and the
 * `Callouts.tts` / `Calls.get` services, run the way an application would run them — one
 * `ManagedRuntime`, `Effect.forEach` with the batch's concurrency.
 */
import * as NodeSinchVoice from "@effect-sinch/platform-node/NodeSinchVoice"
import * as Callouts from "@effect-sinch/voice/Callouts"
import * as Calls from "@effect-sinch/voice/Calls"
import * as Effect from "effect/Effect"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Redacted from "effect/Redacted"
import * as Shared from "../shared.js"
import type * as Types from "./types.js"

export const make: Types.MakeClient = async (baseUrl) => {
  const runtime = ManagedRuntime.make(NodeSinchVoice.layer({
    applicationKey: Shared.applicationKey,
    applicationSecret: Redacted.make(Shared.applicationSecret),
    callingBaseUrl: baseUrl,
    configurationBaseUrl: baseUrl
  }))
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
