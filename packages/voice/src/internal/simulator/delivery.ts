/**
 * How events reach the application: in-process to its `Webhooks` (signature checked by its own
 * `WebhookVerifier`, no sockets, so `TestClock` stays in control), or over HTTP to a callback URL.
 * Like Sinch, each attempt gives up after the callback timeout, and an answer larger than the limit
 * is a failure: it is read no further than the limit.
 */
import * as Headers from "@effect/platform/Headers"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import type * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import * as Webhooks from "../../Webhooks.js"
import * as WebhookVerifier from "../../WebhookVerifier.js"
import { concat } from "../bytes.js"
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

/** `5 s`, `1.5 s`, `200 ms`: a timeout as transcripts show it. */
export const formatMillis = (millis: number): string =>
  millis >= 1000 && millis % 100 === 0 ? `${millis / 1000} s` : `${millis} ms`

/** The reply when a callback did not answer in time. */
export const timedOut = (millis: number): Model.Reply => ({
  status: 0,
  body: `did not answer within ${formatMillis(millis)}`
})

/** The reply when a callback's answer passed the limit. */
export const tooLarge = (maxBytes: number): Model.Reply => ({
  status: 0,
  body: `answer too large (more than ${maxBytes} bytes)`
})

const withDeadline = <R>(outgoing: Model.Outgoing, attempt: Effect.Effect<Model.Reply, never, R>) =>
  Effect.timeoutTo(attempt, {
    duration: outgoing.timeoutMillis,
    onTimeout: () => timedOut(outgoing.timeoutMillis),
    onSuccess: (reply) => reply
  })

export const toWebhooks = (path: string) =>
(
  outgoing: Model.Outgoing
): Effect.Effect<Model.Reply, never, Webhooks.Webhooks | WebhookVerifier.WebhookVerifier> =>
  withDeadline(outgoing, dispatch(path, outgoing))

const dispatch = (
  path: string,
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
    Effect.flatMap((response) => readCapped(response, outgoing.maxReplyBytes)),
    // closing the scope abandons a body left unread (too large, or past the deadline)
    Effect.scoped,
    Effect.catchAll((error) => Effect.succeed({ status: 0, body: error.message })),
    (attempt) => withDeadline(outgoing, attempt)
  )

const utf8 = new TextDecoder()
const digits = /^\s*\d+\s*$/

/** The answer's text, read chunk by chunk and given up as soon as it passes `maxBytes`. */
const readCapped = (
  response: HttpClientResponse.HttpClientResponse,
  maxBytes: number
) => {
  const declared = response.headers["content-length"]
  if (declared !== undefined && digits.test(declared) && Number(declared) > maxBytes) {
    return Effect.succeed(tooLarge(maxBytes))
  }
  const chunks: Array<Uint8Array> = []
  let size = 0
  return response.stream.pipe(
    Stream.takeWhile((chunk) => {
      size += chunk.length
      if (size <= maxBytes) chunks.push(chunk)
      return size <= maxBytes
    }),
    Stream.runDrain,
    Effect.map((): Model.Reply =>
      size > maxBytes ? tooLarge(maxBytes) : { status: response.status, body: utf8.decode(concat(chunks, size)) }
    )
  )
}

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
