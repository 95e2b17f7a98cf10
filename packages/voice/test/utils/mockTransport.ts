/**
 * An in-memory `HttpClient` (`HttpClient.make`) that records every request and answers from a
 * synchronous function, for tests driven by `TestClock` (no real I/O, no real Promises).
 */
import { SinchVoice } from "@effect-sinch/voice"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Ref from "effect/Ref"
import { TestCrypto } from "./crypto.js"

export interface Captured {
  readonly method: string
  readonly url: string
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
}

export type Reply =
  | { readonly status: number; readonly body?: string; readonly headers?: Readonly<Record<string, string>> }
  | { readonly fail: unknown }
  | "hang"

export class Transport extends Context.Tag("test/Transport")<Transport, {
  readonly requests: Effect.Effect<ReadonlyArray<Captured>>
}>() {}

const decoder = new TextDecoder()

export const layer = (
  respond: (request: Captured, attempt: number) => Reply
): Layer.Layer<HttpClient.HttpClient | Transport> =>
  Layer.effectContext(Effect.gen(function*() {
    const recorded = yield* Ref.make<ReadonlyArray<Captured>>([])
    const client = HttpClient.make((request, url) =>
      Effect.gen(function*() {
        const captured: Captured = {
          method: request.method,
          url: url.toString(),
          headers: { ...request.headers },
          body: request.body._tag === "Uint8Array" ? decoder.decode(request.body.body) : ""
        }
        const all = yield* Ref.updateAndGet(recorded, (all) => [...all, captured])
        const reply = respond(captured, all.length)
        if (reply === "hang") return yield* Effect.never
        if ("fail" in reply) {
          return yield* new HttpClientError.RequestError({ request, reason: "Transport", cause: reply.fail })
        }
        return HttpClientResponse.fromWeb(
          request,
          new Response(reply.status === 204 ? null : (reply.body ?? ""), {
            status: reply.status,
            headers: { "content-type": "application/json", ...reply.headers }
          })
        )
      })
    )
    return Context.make(HttpClient.HttpClient, client).pipe(
      Context.add(Transport, { requests: Ref.get(recorded) })
    )
  }))

export const applicationKey = "669E367E-6BBA-48AB-AF15-266871C28135"
export const applicationSecret = "BeIukql3pTKJ8RGL5zo0DA=="

/** The four services on the mock transport. */
export const client = (
  respond: (request: Captured, attempt: number) => Reply,
  options: Partial<SinchVoice.Options> = {}
) =>
  SinchVoice.layer({
    applicationKey,
    applicationSecret: Redacted.make(applicationSecret),
    ...options
  }).pipe(Layer.provide(TestCrypto), Layer.provideMerge(layer(respond)))

export const json = (status: number, body: unknown, headers?: Readonly<Record<string, string>>): Reply => ({
  status,
  body: JSON.stringify(body),
  ...(headers === undefined ? {} : { headers })
})
