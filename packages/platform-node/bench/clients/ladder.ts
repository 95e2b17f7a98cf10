/**
 * Diagnostic clients (`pnpm bench --breakdown`): the request pipeline of effect-sinch rebuilt one
 * stage at a time on the same transport, so that the cost of each stage is measured rather than
 * guessed. Every step does what the previous one does, plus one thing:
 *
 * 1. `@effect/platform` `HttpClient` on undici (`NodeHttpClient.layerUndici`), signed by hand with
 *    node:crypto, `JSON.parse` of the answer, failures mapped to a `VoiceError` — the transport;
 * 2. + `Effect.timeoutFail` (10 s), as the client bounds every attempt;
 * 3. + `Effect.retry` with `Retry.defaultPolicy` (never fires here: every answer is a 200);
 * 4. + `Effect.withSpan` with the client's attributes;
 * 5. + `Schema` encode of the request (`Callouts.TtsCallout`) and decode of the answer
 *    (`CalloutResponse` / `CallInformation`);
 * 6. + the answer read as an Effect `Stream` folded into a size-capped buffer (as the client reads
 *    it since its 4 MiB body cap) instead of `response.text` — the last step before the full client.
 */
import * as Callouts from "@effect-sinch/voice/Callouts"
import * as Calls from "@effect-sinch/voice/Calls"
import * as Retry from "@effect-sinch/voice/Retry"
import * as VoiceError from "@effect-sinch/voice/VoiceError"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as Chunk from "effect/Chunk"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as Shared from "../shared.js"
import type * as Types from "./types.js"

export type Step = 1 | 2 | 3 | 4 | 5 | 6

const utf8 = new TextEncoder()
const utf8Decoder = new TextDecoder()
const maxResponseBytes = 4 * 1024 * 1024

/** The client's way of reading an answer: fold the body stream, failing past the cap. */
const readCapped = <E>(stream: Stream.Stream<Uint8Array, E>) =>
  stream.pipe(
    Stream.runFoldEffect(
      { chunks: Chunk.empty<Uint8Array>(), size: 0 },
      (read, chunk) =>
        read.size + chunk.length > maxResponseBytes
          ? Effect.fail(new Error("too large"))
          : Effect.succeed({ chunks: Chunk.append(read.chunks, chunk), size: read.size + chunk.length })
    ),
    Effect.map(({ chunks, size }) => {
      const body = new Uint8Array(size)
      let offset = 0
      for (const chunk of chunks) {
        body.set(chunk, offset)
        offset += chunk.length
      }
      return utf8Decoder.decode(body)
    })
  )

const make = (step: Step, tracing = true): Types.MakeClient => async (baseUrl) => {
  const runtime = ManagedRuntime.make(NodeHttpClient.layerUndici)
  const httpClient = await runtime.runPromise(HttpClient.HttpClient)
  const encodeTts = Schema.encode(Callouts.TtsCallout)
  const decodeCallout = Schema.decodeUnknown(Callouts.CalloutResponse)
  const decodeCall = Schema.decodeUnknown(Calls.CallInformation)
  const ttsCallout: Callouts.TtsCallout = Shared.ttsCallout

  const send = (method: "GET" | "POST", path: string, body: unknown) =>
    Effect.gen(function*() {
      const timestamp = new Date().toISOString()
      let request = HttpClientRequest.make(method)(`${baseUrl}${path}`).pipe(
        HttpClientRequest.acceptJson,
        HttpClientRequest.setHeader("x-timestamp", timestamp)
      )
      let bytes: Buffer | undefined
      if (body !== undefined) {
        const encoded = utf8.encode(JSON.stringify(body))
        bytes = Buffer.from(encoded.buffer, encoded.byteOffset, encoded.byteLength)
        request = HttpClientRequest.bodyUint8Array(request, encoded, "application/json")
      }
      const signature = Shared.signWithNodeCrypto(
        method,
        bytes === undefined ? "" : "application/json",
        timestamp,
        path,
        bytes
      )
      request = HttpClientRequest.setHeader(
        request,
        "authorization",
        `Application ${Shared.applicationKey}:${signature}`
      )
      const response = yield* httpClient.execute(request)
      const text = step >= 6 ? yield* readCapped(response.stream) : yield* response.text
      if (response.status !== 200) return yield* Effect.fail(new Error(`HTTP ${response.status}: ${text}`))
      const json: unknown = JSON.parse(text)
      return json
    })

  const pipeline = <A, E>(effect: Effect.Effect<A, E>, method: "GET" | "POST", name: string) => {
    // As the client does, every failure becomes a VoiceError (the retry policy's input).
    let result: Effect.Effect<A, VoiceError.VoiceError> = Effect.mapError(
      effect,
      (error) =>
        new VoiceError.TransportError({ operation: name, mayHaveReachedSinch: true, description: String(error) })
    )
    if (step >= 2) {
      result = Effect.timeoutFail(result, {
        duration: "10 seconds",
        onTimeout: () => new VoiceError.Timeout({ operation: name, timeout: Duration.seconds(10) })
      })
    }
    if (step >= 3) result = Effect.retry(result, Retry.defaultPolicy)
    if (step >= 4) {
      result = Effect.withSpan(result, `sinch.voice.${name}`, {
        kind: "client",
        attributes: { "http.request.method": method, "sinch.voice.operation": name }
      })
    }
    // Without tracing, @effect/platform's HttpClient creates no span of its own, records no header
    // attributes and sends no trace headers.
    return tracing ? result : Effect.withTracerEnabled(result, false)
  }

  const callout = step >= 5
    ? pipeline(
      Effect.flatMap(
        encodeTts(ttsCallout),
        (wire) =>
          Effect.flatMap(send("POST", Shared.calloutPath, { method: "ttsCallout", ttsCallout: wire }), decodeCallout)
      ),
      "POST",
      "callouts.tts"
    )
    : pipeline(send("POST", Shared.calloutPath, { method: "ttsCallout", ttsCallout }), "POST", "callouts.tts")
  const get = step >= 5
    ? pipeline(Effect.flatMap(send("GET", Shared.callPath, undefined), decodeCall), "GET", "calls.get")
    : pipeline(send("GET", Shared.callPath, undefined), "GET", "calls.get")

  const requests: Record<Types.Operation, Effect.Effect<void, unknown>> = {
    callout: Effect.asVoid(callout),
    get: Effect.asVoid(get)
  }
  return {
    runBatch: (operation, count, concurrency) =>
      runtime.runPromise(
        Effect.forEach(Array.from({ length: count }), () => requests[operation], { concurrency, discard: true })
      ),
    close: () => runtime.dispose()
  }
}

export const make1 = make(1)
export const make1WithoutTracing = make(1, false)
export const make2 = make(2)
export const make3 = make(3)
export const make4 = make(4)
export const make5 = make(5)
export const make5WithoutTracing = make(5, false)
export const make6 = make(6)
