/**
 * A script that makes one request with a long timeout and then just ends its program, as a CLI
 * does: the process must exit at once, not when the timeout would have fired (no timer of the
 * transport may outlive its request). Prints the call's id as a JSON line.
 */
import { NodeSinchVoice } from "@effect-sinch/platform-node"
import { Calls } from "@effect-sinch/voice"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"

const baseUrl = process.env.ESW_BASE_URL ?? ""
const program = Effect.flatMap(Calls.Calls, (calls) => calls.get("call-1")).pipe(
  Effect.provide(NodeSinchVoice.layer({
    applicationKey: "669E367E-6BBA-48AB-AF15-266871C28135",
    applicationSecret: Redacted.make("BeIukql3pTKJ8RGL5zo0DA=="),
    callingBaseUrl: baseUrl,
    configurationBaseUrl: baseUrl,
    timeout: "60 seconds"
  }))
)
const call = await Effect.runPromise(program)
console.log(JSON.stringify({ callId: call.callId }))
