/**
 * Diagnostic (`--breakdown`): the least an Effect client can do — undici's `Agent.request` wrapped in
 * one `Effect.async` per request, signed by hand with node:crypto, run by `Effect.forEach` in a
 * `ManagedRuntime` like the effect-sinch client. The gap between this and `undici` is the fiber's.
 */
import * as Undici from "@effect/platform-node/Undici"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Shared from "../shared.js"
import type * as Types from "./types.js"

export const make: Types.MakeClient = async (baseUrl) => {
  const runtime = ManagedRuntime.make(Layer.empty)
  const agent = new Undici.Agent()
  const authorizationPrefix = `Application ${Shared.applicationKey}:`

  const send = (method: "GET" | "POST", path: string, body: Buffer | undefined) =>
    Effect.async<string, Error>((resume) => {
      const timestamp = new Date().toISOString()
      const contentType = body === undefined ? "" : "application/json"
      const headers: Record<string, string> = {
        accept: "application/json",
        "x-timestamp": timestamp,
        authorization: authorizationPrefix + Shared.signWithNodeCrypto(method, contentType, timestamp, path, body)
      }
      if (body !== undefined) headers["content-type"] = contentType
      agent.request({ origin: baseUrl, method, path, headers, body: body ?? null }).then(
        (response) =>
          response.body.text().then((text) =>
            resume(
              response.statusCode === 200 ? Effect.succeed(text) : Effect.fail(new Error(`HTTP ${response.statusCode}`))
            )
          ),
        (error: Error) => resume(Effect.fail(error))
      )
    })

  const hasCallId = (text: string): boolean => {
    const parsed: unknown = JSON.parse(text)
    return typeof parsed === "object" && parsed !== null && "callId" in parsed && typeof parsed.callId === "string"
  }
  const requests = {
    callout: Effect.suspend(() =>
      send(
        "POST",
        Shared.calloutPath,
        Buffer.from(JSON.stringify({ method: "ttsCallout", ttsCallout: Shared.ttsCallout }))
      )
    ).pipe(Effect.flatMap((text) => hasCallId(text) ? Effect.void : Effect.fail(new Error("no callId")))),
    get: send("GET", Shared.callPath, undefined).pipe(
      Effect.flatMap((text) => hasCallId(text) ? Effect.void : Effect.fail(new Error("no callId")))
    )
  }
  return {
    runBatch: (operation, count, concurrency) =>
      runtime.runPromise(
        Effect.forEach(Array.from({ length: count }), () => requests[operation], { concurrency, discard: true })
      ),
    close: () => agent.close().then(() => runtime.dispose())
  }
}
