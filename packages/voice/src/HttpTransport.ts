/**
 * The one HTTP exchange the Voice API client needs: send a signed request and read the whole
 * answer, capped in size and bounded in time. `SinchVoice.layer` runs it on any `@effect/platform`
 * `HttpClient` (`layerHttpClient`); a platform package may provide a transport of its own that does
 * less work per request (`NodeSinchVoice.layer` runs directly on undici).
 *
 * A transport is told nothing about Sinch: the client has already validated, encoded and signed the
 * request, and it maps the status and decodes the body itself.
 *
 * @since 0.1.0
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import * as Context from "effect/Context"
import type * as Duration from "effect/Duration"
import type * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as Tracer from "effect/Tracer"
import * as errors from "./internal/errors.js"
import * as internal from "./internal/httpClientTransport.js"
import type * as VoiceError from "./VoiceError.js"

/**
 * A request ready to go: nothing may be changed but adding headers that the signature does not
 * cover (tracing).
 *
 * @since 0.1.0
 * @category Models
 */
export interface Request {
  /** The operation's label for errors, e.g. `callouts.tts`. */
  readonly operation: string
  readonly method: "GET" | "POST" | "PATCH" | "DELETE"
  /** Scheme, host and port, e.g. `https://calling.api.sinch.com`. */
  readonly origin: string
  /** The path as sent and signed (percent-encoded), e.g. `/calling/v1/callouts`. */
  readonly path: string
  /** Lower-case names; `content-type` is set when there is a body. */
  readonly headers: Readonly<Record<string, string>>
  readonly body: Uint8Array | undefined
  /**
   * When set, the exchange (until the last byte of the body) must end within this time on the real
   * clock, or fail with `Timeout`. When unset the client bounds the exchange itself (it does so
   * under a `TestClock`).
   */
  readonly timeout: Duration.Duration | undefined
  /** The operation's span: the parent of any span the transport opens. */
  readonly span: Tracer.Span
}

/**
 * A whole answer, of any status.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Response {
  readonly status: number
  /** The `Retry-After` header, if any. */
  readonly retryAfter: string | undefined
  /** The body as UTF-8 text (empty when there is none). */
  readonly text: string
}

/**
 * What an exchange can fail with. `TransportError.mayHaveReachedSinch` is `false` only when the
 * connection provably never opened; a body over `maxResponseBytes` is an `UnexpectedResponse`.
 *
 * @since 0.1.0
 * @category Models
 */
export type Failure = VoiceError.TransportError | VoiceError.Timeout | VoiceError.UnexpectedResponse

/**
 * @since 0.1.0
 * @category Models
 */
export interface Service {
  readonly send: (request: Request) => Effect.Effect<Response, Failure>
}

/**
 * @since 0.1.0
 * @category Context
 */
export class HttpTransport extends Context.Tag("@effect-sinch/voice/HttpTransport")<HttpTransport, Service>() {}

/**
 * The most bytes of a response body a transport reads (4 MiB, far above any documented answer). A
 * larger body is abandoned (the connection is dropped) and the exchange fails with
 * `UnexpectedResponse`, so a misbehaving server or proxy cannot exhaust memory.
 *
 * @since 0.1.0
 * @category Constants
 */
export const maxResponseBytes: number = internal.maxResponseBytes

/**
 * The transport on an `@effect/platform` `HttpClient`.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const fromHttpClient: (client: HttpClient.HttpClient) => Service = internal.fromHttpClient

/**
 * The transport on the `HttpClient` of the context.
 *
 * @since 0.1.0
 * @category Layers
 */
export const layerHttpClient: Layer.Layer<HttpTransport, never, HttpClient.HttpClient> = Layer.effect(
  HttpTransport,
  internal.make
)

/**
 * The `TransportError` of a failed exchange, for transports: before a response arrived (`request`)
 * the request counts as not sent only when every error code of `cause` (and of its `cause` and
 * `errors`) proves the connection never opened (`ECONNREFUSED`, `ENOTFOUND`, a connect timeout, a
 * TLS certificate failure…); once a response arrived (`response`) it was sent.
 *
 * @since 0.1.0
 * @category Errors
 */
export const transportError: (
  operation: string,
  cause: unknown,
  stage: "request" | "response"
) => VoiceError.TransportError = errors.fromTransportCause

/**
 * The `UnexpectedResponse` of an answer whose body is over `maxResponseBytes`, for transports;
 * `start` is what arrived first (its start becomes the error's excerpt).
 *
 * @since 0.1.0
 * @category Errors
 */
export const bodyTooLarge = (operation: string, status: number, start: Uint8Array): VoiceError.UnexpectedResponse =>
  errors.bodyTooLarge(operation, status, start, maxResponseBytes)
