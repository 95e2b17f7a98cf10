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
import * as HttpTransport from "@effect-sinch/voice/HttpTransport"
import * as Signature from "@effect-sinch/voice/Signature"
import * as SinchVoice from "@effect-sinch/voice/SinchVoice"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as Shared from "./shared.js"

export interface StageRequest {
  readonly count: number
}

export interface StageMeasurement {
  readonly name: string
  readonly cpuMicrosPerOperation: number
}

const calloutAnswer = JSON.stringify({ callId: "4398599d-1e0d-4b3c-9d64-d7c1a5b9e1c1" })
const callAnswer = JSON.stringify(Shared.callInformation)

/** Answers at once, as the fake does: a callout's id, or the call. */
const inMemory: HttpTransport.Service = {
  send: (request) =>
    Effect.succeed({ status: 200, retryAfter: undefined, text: request.method === "GET" ? callAnswer : calloutAnswer })
}

const runtime = ManagedRuntime.make(
  SinchVoice.layerWithTransport({
    applicationKey: Shared.applicationKey,
    applicationSecret: Redacted.make(Shared.applicationSecret),
    callingBaseUrl: "https://calling.api.sinch.com"
  }).pipe(Layer.provide([Layer.succeed(HttpTransport.HttpTransport, inMemory), NodeCrypto.layer]))
)
const { callouts, calls } = await runtime.runPromise(Effect.all({ callouts: Callouts.Callouts, calls: Calls.Calls }))

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
