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
  // a body is read once; reading it in another form fails as undici's body does ("Body is unusable")
  private textRead: Promise<string> | undefined
  private arrayBufferRead: Promise<ArrayBuffer> | undefined
  private formDataRead: Promise<FormData> | undefined

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

  /** The body, read once: reading it again gets the same result (or error). */
  private readOnce<A>(read: () => Promise<A>): Effect.Effect<A, HttpClientError.ResponseError> {
    return Effect.tryPromise({ try: read, catch: (cause) => this.decodeError(cause) })
  }

  get text(): Effect.Effect<string, HttpClientError.ResponseError> {
    return this.readOnce(() => this.textRead ??= this.source.body.text())
  }

  get arrayBuffer(): Effect.Effect<ArrayBuffer, HttpClientError.ResponseError> {
    return this.readOnce(() => this.arrayBufferRead ??= this.source.body.arrayBuffer())
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
    return this.readOnce(() => this.formDataRead ??= this.source.body.formData())
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
