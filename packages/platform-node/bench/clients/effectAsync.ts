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
import * as EffectRuntime from "./effectRuntime.js"
import type * as Types from "./types.js"

export const make: Types.MakeClient = async (baseUrl) => {
  const agent = new Undici.Agent()

  const send = (method: "GET" | "POST", path: string, body: Buffer | undefined) =>
    Effect.async<string, Error>((resume) => {
      const headers = Shared.signedHeaders(method, path, body)
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

  const checked = (text: string) => Shared.hasCallId(text) ? Effect.void : Effect.fail(new Error("no callId"))
  const client = EffectRuntime.fromRequests(ManagedRuntime.make(Layer.empty), {
    callout: Effect.flatMap(Effect.suspend(() => send("POST", Shared.calloutPath, Shared.calloutBody())), checked),
    get: Effect.flatMap(send("GET", Shared.callPath, undefined), checked)
  })
  return { ...client, close: () => agent.close().then(client.close) }
}
