/**
 * effect-sinch called the way a Promise-based application calls it: the same `NodeSinchVoice`
 * layer in one `ManagedRuntime`, and `runtime.runPromise` per request, run by the same promise pool
 * as the hand-written clients (no `Effect.forEach`).
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
  const { callouts, calls } = await runtime.runPromise(Effect.all({ callouts: Callouts.Callouts, calls: Calls.Calls }))
  const ttsCallout: Callouts.TtsCallout = Shared.ttsCallout
  const requests: Record<Types.Operation, () => Promise<unknown>> = {
    callout: () => runtime.runPromise(callouts.tts(ttsCallout)),
    get: () => runtime.runPromise(calls.get(Shared.callId))
  }
  return {
    runBatch: async (operation, count, concurrency) => {
      const request = requests[operation]
      await Shared.runPool(count, concurrency, async () => {
        await request()
      })
    },
    close: () => runtime.dispose()
  }
}
