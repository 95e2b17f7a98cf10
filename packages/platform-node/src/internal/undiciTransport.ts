/**
 * `HttpTransport` straight on an undici `Dispatcher`: one `dispatch` per exchange with a handler
 * of our own, so an exchange costs no stream, no promise and no fiber beyond the caller's. The body
 * is gathered as it arrives, within `HttpTransport.maxResponseBytes`; the timeout is a timer.
 */
import * as HttpTransport from "@effect-sinch/voice/HttpTransport"
import * as VoiceError from "@effect-sinch/voice/VoiceError"
import type * as Undici from "@effect/platform-node/Undici"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"

type IncomingHeaders = Record<string, string | Array<string> | undefined>
type Outcome = Effect.Effect<HttpTransport.Response, HttpTransport.Failure>

const headerValue = (headers: IncomingHeaders, name: string): string | undefined => {
  const value = headers[name]
  return Array.isArray(value) ? value[0] : value
}

// the longest delay a JavaScript timer keeps (a longer one fires at once)
const maxTimerMillis = 2 ** 31 - 1

const empty = new Uint8Array(0)

/** Why an exchange was abandoned by this side (never surfaced: the exchange has already ended). */
class Abandoned extends Error {}

/**
 * One exchange: undici's handler, its timer and its outcome in one object (an exchange allocates
 * little, which counts with many requests in flight).
 */
class Exchange implements Undici.Dispatcher.DispatchHandler {
  private ended = false
  private controller: Undici.Dispatcher.DispatchController | undefined
  private timer: ReturnType<typeof setTimeout> | undefined
  private status = 0
  private retryAfter: string | undefined
  private declaredTooLarge = false
  private readonly chunks: Array<Buffer> = []
  private size = 0

  constructor(
    private readonly request: HttpTransport.Request,
    private readonly resume: (outcome: Outcome) => void
  ) {}

  start(dispatcher: Undici.Dispatcher): void {
    const request = this.request
    const timeout = request.timeout
    if (timeout !== undefined) {
      this.timer = setTimeout(() => this.timedOut(timeout), Math.min(Duration.toMillis(timeout), maxTimerMillis))
    }
    try {
      dispatcher.dispatch({
        origin: request.origin,
        path: request.path,
        method: request.method,
        headers: request.headers,
        body: request.body ?? null,
        // the client keeps the time
        headersTimeout: 0,
        bodyTimeout: 0
      }, this)
    } catch (cause) {
      // rejected before anything was sent (an invalid request)
      this.end(Effect.fail(
        new VoiceError.TransportError({
          operation: request.operation,
          mayHaveReachedSinch: false,
          description: cause instanceof Error ? cause.message : "the request was refused by the transport"
        })
      ))
    }
  }

  /** The caller gave up (interruption): drop the exchange, close its connection if it is open. */
  cancel(): void {
    this.ended = true
    if (this.timer !== undefined) clearTimeout(this.timer)
    this.abandon()
  }

  private end(outcome: Outcome): void {
    if (this.ended) return
    this.ended = true
    if (this.timer !== undefined) clearTimeout(this.timer)
    this.resume(outcome)
  }

  private abandon(): void {
    const controller = this.controller
    if (controller !== undefined && !controller.aborted) controller.abort(new Abandoned("abandoned"))
  }

  private timedOut(timeout: Duration.Duration): void {
    this.end(Effect.fail(new VoiceError.Timeout({ operation: this.request.operation, timeout })))
    this.abandon()
  }

  private tooLarge(): void {
    this.end(Effect.fail(HttpTransport.bodyTooLarge(this.request.operation, this.status, this.chunks[0] ?? empty)))
    this.abandon()
  }

  onRequestStart(controller: Undici.Dispatcher.DispatchController): void {
    this.controller = controller
    // interrupted or timed out while waiting for a connection
    if (this.ended) this.abandon()
  }

  onResponseStart(_: Undici.Dispatcher.DispatchController, statusCode: number, headers: IncomingHeaders): void {
    if (statusCode < 200) return
    this.status = statusCode
    this.retryAfter = headerValue(headers, "retry-after")
    const declared = headerValue(headers, "content-length")
    this.declaredTooLarge = declared !== undefined && Number(declared) > HttpTransport.maxResponseBytes
  }

  onResponseData(_: Undici.Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.ended) return
    this.chunks.push(chunk)
    this.size += chunk.length
    if (this.declaredTooLarge || this.size > HttpTransport.maxResponseBytes) this.tooLarge()
  }

  onResponseEnd(): void {
    const chunks = this.chunks
    const text = chunks.length === 1 ? chunks[0]!.toString("utf8") : Buffer.concat(chunks, this.size).toString("utf8")
    this.end(Effect.succeed({ status: this.status, retryAfter: this.retryAfter, text }))
  }

  onResponseError(_: Undici.Dispatcher.DispatchController, error: Error): void {
    this.end(Effect.fail(
      HttpTransport.transportError(this.request.operation, error, this.status === 0 ? "request" : "response")
    ))
  }
}

/** The transport on `dispatcher` (which the caller closes). */
export const make = (dispatcher: Undici.Dispatcher): HttpTransport.Service => ({
  send: (request) =>
    Effect.async<HttpTransport.Response, HttpTransport.Failure>((resume) => {
      const exchange = new Exchange(request, resume)
      exchange.start(dispatcher)
      return Effect.sync(() => exchange.cancel())
    })
})
