/**
 * Diagnostic (`--breakdown`): `@effect/platform`'s `HttpClient` on undici (`NodeHttpClient.layerUndici`),
 * signed by hand with node:crypto, `response.text` and `JSON.parse` — no effect-sinch code. What an
 * Effect client built on `HttpClient` pays before any work of its own (why `NodeSinchVoice` drives
 * undici directly).
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as Effect from "effect/Effect"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Shared from "../shared.js"
import type * as Types from "./types.js"

export const make: Types.MakeClient = async (baseUrl) => {
  const runtime = ManagedRuntime.make(NodeHttpClient.layerUndici)
  const httpClient = await runtime.runPromise(HttpClient.HttpClient)

  const send = (method: "GET" | "POST", path: string, body: Buffer | undefined) =>
    Effect.gen(function*() {
      const timestamp = new Date().toISOString()
      const contentType = body === undefined ? "" : "application/json"
      let request = HttpClientRequest.make(method)(`${baseUrl}${path}`).pipe(
        HttpClientRequest.acceptJson,
        HttpClientRequest.setHeader("x-timestamp", timestamp),
        HttpClientRequest.setHeader(
          "authorization",
          `Application ${Shared.applicationKey}:${
            Shared.signWithNodeCrypto(method, contentType, timestamp, path, body)
          }`
        )
      )
      if (body !== undefined) request = HttpClientRequest.bodyUint8Array(request, body, contentType)
      const response = yield* httpClient.execute(request)
      const text = yield* response.text
      if (response.status !== 200) return yield* Effect.fail(new Error(`HTTP ${response.status}: ${text}`))
      const json: unknown = JSON.parse(text)
      return json
    })

  const requests: Record<Types.Operation, Effect.Effect<void, unknown>> = {
    callout: Effect.asVoid(
      Effect.suspend(() =>
        send(
          "POST",
          Shared.calloutPath,
          Buffer.from(JSON.stringify({ method: "ttsCallout", ttsCallout: Shared.ttsCallout }))
        )
      )
    ),
    get: Effect.asVoid(send("GET", Shared.callPath, undefined))
  }
  return {
    runBatch: (operation, count, concurrency) =>
      runtime.runPromise(
        Effect.forEach(Array.from({ length: count }), () => requests[operation], { concurrency, discard: true })
      ),
    close: () => runtime.dispose()
  }
}
