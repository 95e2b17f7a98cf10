import * as Crypto from "@effect-sinch/voice/Crypto"
import * as Signature from "@effect-sinch/voice/Signature"
import * as WebhookVerifier from "@effect-sinch/voice/WebhookVerifier"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import type * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import { TestCrypto } from "../utils/crypto.js"

export const applicationKey = "669E367E-6BBA-48AB-AF15-266871C28135"
export const applicationSecret = "BeIukql3pTKJ8RGL5zo0DA=="
export const now = "2024-01-16T16:46:36Z"
export const nowMillis = Date.parse(now)

const utf8 = new TextEncoder()
const utf8Decoder = new TextDecoder()

/** `WebhookVerifier` for the test key and secret, on node:crypto. */
export const VerifierLive = WebhookVerifier.layer({
  credentials: [{ applicationKey, applicationSecret: Redacted.make(applicationSecret) }]
}).pipe(Layer.provideMerge(TestCrypto))

export interface SignOptions {
  readonly body: string | Uint8Array
  readonly path?: string
  readonly url?: string
  readonly method?: string
  readonly contentType?: string
  readonly timestamp?: string
  readonly key?: string
  readonly secret?: string
  readonly headers?: Record<string, string>
}

/** A web `Request` signed the way Sinch signs callbacks. */
export const signedRequest = (options: SignOptions): Effect.Effect<Request, never, Crypto.Crypto> =>
  Effect.map(Crypto.Crypto, (crypto) => {
    const path = options.path ?? "/sinch/callback"
    const body = typeof options.body === "string" ? utf8.encode(options.body) : options.body
    const contentType = options.contentType ?? "application/json"
    const timestamp = options.timestamp ?? now
    const method = options.method ?? "POST"
    const secret = Either.getOrThrow(Signature.decodeSecret(Redacted.make(options.secret ?? applicationSecret)))
    const signature = Signature.sign(crypto, secret, { method, contentType, timestamp, path, body })
    return new Request(options.url ?? `http://localhost${path}`, {
      method,
      body: method === "GET" || method === "HEAD" ? null : Uint8Array.from(body),
      headers: {
        "authorization": Signature.authorization(options.key ?? applicationKey, signature),
        "content-type": contentType,
        "x-timestamp": timestamp,
        ...options.headers
      }
    })
  })

/** Calls an HttpApp in-process with a web `Request`. */
export const call = <E, R>(
  app: Effect.Effect<HttpServerResponse.HttpServerResponse, E, R>,
  request: Request
) => Effect.provideService(app, HttpServerRequest.HttpServerRequest, HttpServerRequest.fromWeb(request))

export const bodyText = (response: HttpServerResponse.HttpServerResponse): string =>
  response.body._tag === "Uint8Array" ? utf8Decoder.decode(response.body.body) : ""

export const bodyJson = (response: HttpServerResponse.HttpServerResponse): unknown => JSON.parse(bodyText(response))
