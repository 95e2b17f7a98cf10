/**
 * An `HttpClient` made directly on an undici `Dispatcher`: what `NodeHttpClient.makeUndici` does,
 * with less work per request. The response reads its body once, into a memoized promise (instead
 * of an `Effect.cached` run in a fiber of its own), converts its headers once, and the client is
 * not wrapped to merge the layer's context into every request.
 *
 * It is still made with `HttpClient.make`, so the platform's interruption handling, client span
 * and trace propagation headers are unchanged.
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as NodeStream from "@effect/platform-node/NodeStream"
import type * as Undici from "@effect/platform-node/Undici"
import * as Cookies from "@effect/platform/Cookies"
import * as Headers from "@effect/platform/Headers"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientError from "@effect/platform/HttpClientError"
import type * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as HttpIncomingMessage from "@effect/platform/HttpIncomingMessage"
import * as UrlParams from "@effect/platform/UrlParams"
import * as Effect from "effect/Effect"
import * as Inspectable from "effect/Inspectable"
import * as Option from "effect/Option"
import type * as Stream from "effect/Stream"

type ResponseData = Undici.Dispatcher.ResponseData

const noop = (): void => {}

class UndiciResponse extends Inspectable.Class implements HttpClientResponse.HttpClientResponse {
  readonly [HttpIncomingMessage.TypeId]: HttpIncomingMessage.TypeId = HttpIncomingMessage.TypeId
  readonly [HttpClientResponse.TypeId]: HttpClientResponse.TypeId = HttpClientResponse.TypeId

  private cachedHeaders: Headers.Headers | undefined
  private cachedCookies: Cookies.Cookies | undefined
  private bodyRead: Promise<unknown> | undefined

  constructor(readonly request: HttpClientRequest.HttpClientRequest, readonly source: ResponseData) {
    super()
    // an error on a body nobody reads must not crash the process
    source.body.on("error", noop)
  }

  get status(): number {
    return this.source.statusCode
  }

  get headers(): Headers.Headers {
    return this.cachedHeaders ??= Headers.fromInput(this.source.headers)
  }

  get cookies(): Cookies.Cookies {
    if (this.cachedCookies !== undefined) return this.cachedCookies
    const header = this.source.headers["set-cookie"]
    return this.cachedCookies = header === undefined
      ? Cookies.empty
      : Cookies.fromSetCookie(Array.isArray(header) ? header : [header])
  }

  get remoteAddress(): Option.Option<string> {
    return Option.none()
  }

  private decodeError(cause: unknown): HttpClientError.ResponseError {
    return new HttpClientError.ResponseError({ request: this.request, response: this, reason: "Decode", cause })
  }

  /** The body, read once: a second read gets the same result (or error) as the first. */
  private readOnce<A>(read: () => Promise<A>, narrow: (value: unknown) => value is A) {
    return Effect.flatMap(
      Effect.tryPromise({
        try: () => this.bodyRead ??= read(),
        catch: (cause) => this.decodeError(cause)
      }),
      (value) =>
        narrow(value)
          ? Effect.succeed(value)
          : Effect.fail(this.decodeError(new Error("the body was already read in another form")))
    )
  }

  get text(): Effect.Effect<string, HttpClientError.ResponseError> {
    return this.readOnce(() => this.source.body.text(), isString)
  }

  get arrayBuffer(): Effect.Effect<ArrayBuffer, HttpClientError.ResponseError> {
    return this.readOnce(() => this.source.body.arrayBuffer(), isArrayBuffer)
  }

  get json(): Effect.Effect<unknown, HttpClientError.ResponseError> {
    return Effect.flatMap(this.text, (text) =>
      Effect.try({
        try: (): unknown => text === "" ? null : JSON.parse(text),
        catch: (cause) => this.decodeError(cause)
      }))
  }

  get urlParamsBody(): Effect.Effect<UrlParams.UrlParams, HttpClientError.ResponseError> {
    return Effect.flatMap(this.text, (text) =>
      Effect.try({
        try: () => UrlParams.fromInput(new URLSearchParams(text)),
        catch: (cause) => this.decodeError(cause)
      }))
  }

  get formData(): Effect.Effect<FormData, HttpClientError.ResponseError> {
    return this.readOnce(() => this.source.body.formData(), isFormData)
  }

  get stream(): Stream.Stream<Uint8Array, HttpClientError.ResponseError> {
    return NodeStream.fromReadable<HttpClientError.ResponseError, Uint8Array>(
      () => this.source.body,
      (cause) => this.decodeError(cause)
    )
  }

  toJSON(): unknown {
    return HttpIncomingMessage.inspect(this, {
      _id: "@effect/platform/HttpClientResponse",
      request: this.request.toJSON(),
      status: this.status
    })
  }
}

const isString = (value: unknown): value is string => typeof value === "string"
const isArrayBuffer = (value: unknown): value is ArrayBuffer => value instanceof ArrayBuffer
const isFormData = (value: unknown): value is FormData => value instanceof FormData

/** A body sent as is: none, bytes or a string (what the Voice API client sends). */
const simpleBody = (request: HttpClientRequest.HttpClientRequest): string | Uint8Array | null | undefined => {
  const body = request.body
  if (body._tag === "Empty") return null
  if (body._tag === "Uint8Array") return body.body
  if (body._tag === "Raw" && (typeof body.body === "string" || body.body instanceof Uint8Array)) return body.body
  return undefined
}

/**
 * The client on `dispatcher`; timeouts are left to Effect (as in `NodeHttpClient`). Requests with
 * another kind of body (a stream, form data) go through `NodeHttpClient.makeUndici`.
 */
export const make = (dispatcher: Undici.Dispatcher): HttpClient.HttpClient => {
  const other = NodeHttpClient.makeUndici(dispatcher)
  const simple = HttpClient.make((request, url, signal) => {
    const body = simpleBody(request) ?? null
    return Effect.map(
      Effect.tryPromise({
        try: () =>
          dispatcher.request({
            signal,
            method: request.method,
            headers: request.headers,
            origin: url.origin,
            path: url.pathname + url.search + url.hash,
            body,
            // leave timeouts to Effect
            headersTimeout: 60 * 60 * 1000,
            bodyTimeout: 0
          }),
        catch: (cause) => new HttpClientError.RequestError({ request, reason: "Transport", cause })
      }),
      (source): HttpClientResponse.HttpClientResponse => new UndiciResponse(request, source)
    )
  })
  return HttpClient.makeWith<never, never, HttpClientError.HttpClientError, never>(
    (request) =>
      Effect.flatMap(
        request,
        (request) => simpleBody(request) === undefined ? other.execute(request) : simple.execute(request)
      ),
    Effect.succeed
  )
}
