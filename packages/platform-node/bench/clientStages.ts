/**
 * Diagnostic (`--breakdown`): what effect-sinch's client does per request besides the network,
 * in-process — the whole client on an in-memory transport that answers at once, and its parts one
 * by one (a fiber, the span, request validation, signing, answer decoding) — next to the floor's
 * signing and JSON work. Each row runs `count` times in sequence, each time in a fiber of its own
 * (as `Effect.forEach` runs a request), so every row includes the fiber's cost: the first row.
 */
import * as NodeCrypto from "@effect-sinch/platform-node/NodeCrypto"
import * as Callouts from "@effect-sinch/voice/Callouts"
import * as Calls from "@effect-sinch/voice/Calls"
import * as Signature from "@effect-sinch/voice/Signature"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import { callAnswer, calloutAnswer, callouts, calls, runtime } from "./inMemoryClient.js"
import * as Shared from "./shared.js"

export interface StageRequest {
  readonly count: number
}

export interface StageMeasurement {
  readonly name: string
  readonly cpuMicrosPerOperation: number
}

const measure = async (
  name: string,
  count: number,
  operation: Effect.Effect<unknown, unknown>
): Promise<StageMeasurement> => {
  const program = Effect.forEach(Array.from({ length: count }), () => operation, { discard: true })
  await runtime.runPromise(Effect.forEach(Array.from({ length: 500 }), () => operation)) // warm-up
  const start = process.cpuUsage()
  await runtime.runPromise(program)
  return { name, cpuMicrosPerOperation: Shared.cpuMicrosSince(start) / count }
}

const secret = Buffer.from(Shared.applicationSecret, "base64")
const encodeTts = Schema.encodeEither(Callouts.TtsCallout)
const decodeCallout = Schema.decodeUnknownEither(Callouts.CalloutResponse)
const decodeCall = Schema.decodeUnknownEither(Calls.CallInformation)
const ttsCallout: Callouts.TtsCallout = Shared.ttsCallout

Shared.serveParent<StageRequest>({}, async ({ count }) => [
  await measure("a fiber doing nothing (Effect.void)", count, Effect.void),
  await measure(
    "floor's work: sign (node:crypto) + JSON.stringify the body + JSON.parse the answer",
    count,
    Effect.sync(() => {
      const body = Shared.calloutBody()
      Shared.signWithNodeCrypto("POST", "application/json", new Date().toISOString(), Shared.calloutPath, body)
      return JSON.parse(calloutAnswer)
    })
  ),
  await measure(
    "Signature.sign on NodeCrypto (the callout)",
    count,
    Effect.sync(() =>
      Signature.sign(NodeCrypto.make, secret, {
        method: "POST",
        contentType: "application/json",
        timestamp: new Date().toISOString(),
        path: Shared.calloutPath,
        body: Shared.calloutBody()
      })
    )
  ),
  await measure(
    "Schema encode of the TtsCallout (request validation)",
    count,
    Effect.sync(() => encodeTts(ttsCallout))
  ),
  await measure(
    "JSON.parse + Schema decode of the CalloutResponse",
    count,
    Effect.sync(() => decodeCallout(JSON.parse(calloutAnswer)))
  ),
  await measure(
    "JSON.parse + Schema decode of the CallInformation",
    count,
    Effect.sync(() => decodeCall(JSON.parse(callAnswer)))
  ),
  await measure(
    "the operation's span (Effect.useSpan, 3 attributes)",
    count,
    Effect.useSpan("sinch.voice.calls.get", {
      kind: "client",
      attributes: { "http.request.method": "GET", "url.template": "/x", "sinch.voice.operation": "calls.get" },
      captureStackTrace: false
    }, () => Effect.void)
  ),
  await measure(
    "effect-sinch Callouts.tts, in-memory transport (all but the network)",
    count,
    // called anew each time, as an application does: the service checks its input when called
    Effect.suspend(() => callouts.tts(ttsCallout))
  ),
  await measure(
    "effect-sinch Calls.get, in-memory transport (all but the network)",
    count,
    Effect.suspend(() => calls.get(Shared.callId))
  )
], () => void runtime.dispose())
