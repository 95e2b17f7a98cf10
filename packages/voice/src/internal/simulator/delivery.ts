/**
 * How events reach the application: in-process to its `Webhooks` (signature checked by its own
 * `WebhookVerifier`, no sockets, so `TestClock` stays in control), or over HTTP to a callback URL.
 */
import * as Headers from "@effect/platform/Headers"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Webhooks from "../../Webhooks.js"
import * as WebhookVerifier from "../../WebhookVerifier.js"
import { decodeEvent } from "../webhookHttp.js"
import type * as Model from "./model.js"

/** The path events are signed for when delivered in-process without a URL of their own. */
export const defaultPath = "/sinch/callback"

const pathOf = (url: string | undefined, fallback: string): string => {
  if (url === undefined) return fallback
  try {
    return new URL(url).pathname
  } catch {
    return fallback
  }
}

export const toWebhooks = (path: string) =>
(
  outgoing: Model.Outgoing
): Effect.Effect<Model.Reply, never, Webhooks.Webhooks | WebhookVerifier.WebhookVerifier> =>
  Effect.gen(function*() {
    const signedPath = pathOf(outgoing.url, path)
    const headers = Headers.fromInput({ ...outgoing.headers, ...outgoing.sign(signedPath) })
    const verifier = yield* WebhookVerifier.WebhookVerifier
    const verified = yield* Effect.either(
      verifier.verify({ method: "POST", path: signedPath, headers, body: outgoing.body })
    )
    if (Either.isLeft(verified)) return { status: 401, body: verified.left.message }
    const event = decodeEvent(outgoing.body)
    if (Either.isLeft(event)) return { status: 400, body: event.left.message }
    const reply = yield* Webhooks.dispatch(event.right, {
      headers,
      applicationKey: Option.some(verified.right.applicationKey)
    })
    return { status: 200, body: "json" in reply ? reply.json : "" }
  })

const post = (
  client: HttpClient.HttpClient,
  url: string,
  outgoing: Model.Outgoing
): Effect.Effect<Model.Reply> =>
  client.execute(
    HttpClientRequest.post(url).pipe(
      HttpClientRequest.setHeaders({ ...outgoing.headers, ...outgoing.sign(pathOf(url, "/")) }),
      HttpClientRequest.bodyUint8Array(outgoing.body, "application/json")
    )
  ).pipe(
    Effect.flatMap((response) => Effect.map(response.text, (body) => ({ status: response.status, body }))),
    Effect.scoped,
    Effect.catchAll((error) => Effect.succeed({ status: 0, body: error.message }))
  )

/** Posts to the event's own URL, else the application's primary callback URL, then its fallback. */
export const toCallbackUrls = (
  outgoing: Model.Outgoing
): Effect.Effect<Model.Reply, never, HttpClient.HttpClient> =>
  Effect.gen(function*() {
    const client = yield* HttpClient.HttpClient
    const targets = outgoing.url === undefined
      ? [outgoing.callbackUrls.primary, outgoing.callbackUrls.fallback].filter((url) => url !== undefined)
      : [outgoing.url]
    let reply: Model.Reply = { status: 0, body: "no callback URL configured" }
    for (const url of targets) {
      reply = yield* post(client, url, outgoing)
      if (reply.status >= 200 && reply.status < 300) return reply
    }
    return reply
  })
