/**
 * effect-sinch's client on an in-memory transport that answers at once, as the fake does: a
 * callout's id, or the call. For the in-process measurements (`clientStages.ts`, `coldPath.ts`):
 * everything the client does per request but the network.
 */
import * as NodeCrypto from "@effect-sinch/platform-node/NodeCrypto"
import * as Callouts from "@effect-sinch/voice/Callouts"
import * as Calls from "@effect-sinch/voice/Calls"
import * as HttpTransport from "@effect-sinch/voice/HttpTransport"
import * as SinchVoice from "@effect-sinch/voice/SinchVoice"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Redacted from "effect/Redacted"
import * as Shared from "./shared.js"

export const calloutAnswer = JSON.stringify({ callId: "4398599d-1e0d-4b3c-9d64-d7c1a5b9e1c1" })
export const callAnswer = JSON.stringify(Shared.callInformation)

const inMemory: HttpTransport.Service = {
  send: (request) =>
    Effect.succeed({ status: 200, retryAfter: undefined, text: request.method === "GET" ? callAnswer : calloutAnswer })
}

export const runtime = ManagedRuntime.make(
  SinchVoice.layerWithTransport({
    applicationKey: Shared.applicationKey,
    applicationSecret: Redacted.make(Shared.applicationSecret),
    callingBaseUrl: "https://calling.api.sinch.com"
  }).pipe(Layer.provide([Layer.succeed(HttpTransport.HttpTransport, inMemory), NodeCrypto.layer]))
)

export const { callouts, calls } = await runtime.runPromise(
  Effect.all({ callouts: Callouts.Callouts, calls: Calls.Calls })
)
