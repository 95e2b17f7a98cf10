/**
 * Diagnostic (`--breakdown`): `NodeSinchVoice`'s transport alone — the request signed by hand with
 * node:crypto and sent with the undici `HttpTransport` that the client runs on, in one fiber per
 * request. The gap between this and `effect-async` is the transport's; above it, the client's.
 */
import * as Undici from "@effect/platform-node/Undici"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as undiciTransport from "../../src/internal/undiciTransport.js"
import * as Shared from "../shared.js"
import type * as Types from "./types.js"

export const make: Types.MakeClient = async (baseUrl) => {
  const runtime = ManagedRuntime.make(Layer.empty)
  const agent = new Undici.Agent()
  const transport = undiciTransport.make(agent)
  const authorizationPrefix = `Application ${Shared.applicationKey}:`
  const timeout = Duration.seconds(10)
  const origin = new URL(baseUrl).origin
  const span = Effect.runSync(Effect.makeSpan("bench"))

  const send = (method: "GET" | "POST", path: string, body: Buffer | undefined) =>
    Effect.suspend(() => {
      const timestamp = new Date().toISOString()
      const contentType = body === undefined ? "" : "application/json"
      const headers: Record<string, string> = {
        accept: "application/json",
        "x-timestamp": timestamp,
        authorization: authorizationPrefix + Shared.signWithNodeCrypto(method, contentType, timestamp, path, body)
      }
      if (body !== undefined) headers["content-type"] = contentType
      return transport.send({ operation: "bench", method, origin, path, headers, body, timeout, span })
    })

  const hasCallId = (text: string): boolean => {
    const parsed: unknown = JSON.parse(text)
    return typeof parsed === "object" && parsed !== null && "callId" in parsed && typeof parsed.callId === "string"
  }
  const check = Effect.flatMap(({ status, text }: { readonly status: number; readonly text: string }) =>
    status === 200 && hasCallId(text) ? Effect.void : Effect.fail(new Error("no callId"))
  )
  const requests = {
    callout: Effect.suspend(() =>
      send(
        "POST",
        Shared.calloutPath,
        Buffer.from(JSON.stringify({ method: "ttsCallout", ttsCallout: Shared.ttsCallout }))
      )
    ).pipe(check),
    get: send("GET", Shared.callPath, undefined).pipe(check)
  }
  return {
    runBatch: (operation, count, concurrency) =>
      runtime.runPromise(
        Effect.forEach(Array.from({ length: count }), () => requests[operation], { concurrency, discard: true })
      ),
    close: () => agent.close().then(() => runtime.dispose())
  }
}
