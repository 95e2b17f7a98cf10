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

const headerValue = (headers: IncomingHeaders, name: string): string | undefined => {
  const value = headers[name]
  return Array.isArray(value) ? value[0] : value
}

// the longest delay a JavaScript timer keeps (a longer one fires at once)
const maxTimerMillis = 2 ** 31 - 1

/** Why an exchange was abandoned by this side (never surfaced: the exchange has already ended). */
class Abandoned extends Error {}

const excerptOf = (chunk: Uint8Array | undefined): string =>
  chunk === undefined ? "" : Buffer.from(chunk.buffer, chunk.byteOffset, Math.min(chunk.length, 1024)).toString("utf8")

/** The transport on `dispatcher` (which the caller closes). */
export const make = (dispatcher: Undici.Dispatcher): HttpTransport.Service => ({
  send: (request) =>
    Effect.async<HttpTransport.Response, HttpTransport.Failure>((resume) => {
      const operation = request.operation
      let ended = false
      let controller: Undici.Dispatcher.DispatchController | undefined
      let timer: ReturnType<typeof setTimeout> | undefined
      let status = 0
      let declaredTooLarge = false
      let retryAfter: string | undefined
      const chunks: Array<Buffer> = []
      let size = 0

      const end = (effect: Effect.Effect<HttpTransport.Response, HttpTransport.Failure>): void => {
        if (ended) return
        ended = true
        if (timer !== undefined) clearTimeout(timer)
        resume(effect)
      }
      const abandon = (): void => {
        if (controller !== undefined && !controller.aborted) controller.abort(new Abandoned("abandoned"))
      }
      const tooLarge = (): void => {
        end(Effect.fail(
          new VoiceError.UnexpectedResponse({
            operation,
            status,
            excerpt: excerptOf(chunks[0]).replace(/\s+/g, " ").trim().slice(0, 200),
            reason: `the body is larger than ${HttpTransport.maxResponseBytes} bytes`
          })
        ))
        abandon()
      }

      const handler: Undici.Dispatcher.DispatchHandler = {
        onRequestStart: (started) => {
          controller = started
          // interrupted or timed out while waiting for a connection
          if (ended) abandon()
        },
        onResponseStart: (_, statusCode, headers) => {
          if (statusCode < 200) return
          status = statusCode
          retryAfter = headerValue(headers, "retry-after")
          const declared = headerValue(headers, "content-length")
          declaredTooLarge = declared !== undefined && Number(declared) > HttpTransport.maxResponseBytes
        },
        onResponseData: (_, chunk) => {
          if (ended) return
          chunks.push(chunk)
          size += chunk.length
          if (declaredTooLarge || size > HttpTransport.maxResponseBytes) tooLarge()
        },
        onResponseEnd: () => {
          const text = chunks.length === 1
            ? chunks[0]!.toString("utf8")
            : Buffer.concat(chunks, size).toString("utf8")
          end(Effect.succeed({ status, retryAfter, text }))
        },
        onResponseError: (_, error) => {
          end(Effect.fail(HttpTransport.transportError(operation, error, status === 0 ? "request" : "response")))
        }
      }

      const timeout = request.timeout
      if (timeout !== undefined) {
        timer = setTimeout(() => {
          end(Effect.fail(new VoiceError.Timeout({ operation, timeout })))
          abandon()
        }, Math.min(Duration.toMillis(timeout), maxTimerMillis))
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
        }, handler)
      } catch (cause) {
        // rejected before anything was sent (an invalid request)
        end(Effect.fail(
          new VoiceError.TransportError({
            operation,
            mayHaveReachedSinch: false,
            description: cause instanceof Error ? cause.message : "the request was refused by the transport"
          })
        ))
      }
      return Effect.sync(() => {
        ended = true
        if (timer !== undefined) clearTimeout(timer)
        abandon()
      })
    })
})
