/**
 * `HttpTransport` on an `@effect/platform` `HttpClient`: the body read within a size cap, the
 * exchange bounded by a timer, the platform's errors mapped to the client's.
 */
import type * as Headers from "@effect/platform/Headers"
import * as HttpBody from "@effect/platform/HttpBody"
import * as HttpClient from "@effect/platform/HttpClient"
import type * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import type * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Chunk from "effect/Chunk"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import type * as HttpTransport from "../HttpTransport.js"
import * as VoiceError from "../VoiceError.js"
import { concat } from "./bytes.js"
import * as errors from "./errors.js"

export const maxResponseBytes = 4 * 1024 * 1024

const utf8Decoder = new TextDecoder()

/** A body over the cap; `start` is what arrived first (for the error's excerpt). */
class BodyTooLarge {
  readonly _tag = "BodyTooLarge"
  constructor(readonly status: number, readonly start: Uint8Array) {}
}

interface BodyRead {
  readonly chunks: Chunk.Chunk<Uint8Array>
  readonly size: number
}

const nothingRead: BodyRead = { chunks: Chunk.empty(), size: 0 }

/**
 * Reads a body up to `maxResponseBytes` as a stream, checking the bytes as they arrive (for a body
 * of undeclared length). A declared `content-length` over the cap fails at the first chunk;
 * failing while streaming cancels the body, so the connection is not left half-read.
 */
const readCappedStream = (
  response: HttpClientResponse.HttpClientResponse,
  declaredTooLarge: boolean
): Effect.Effect<string, HttpClientError.ResponseError | BodyTooLarge> =>
  response.stream.pipe(
    Stream.runFoldEffect(
      nothingRead,
      (read, chunk): Effect.Effect<BodyRead, BodyTooLarge> =>
        declaredTooLarge || read.size + chunk.length > maxResponseBytes
          ? Effect.fail(new BodyTooLarge(response.status, Option.getOrElse(Chunk.head(read.chunks), () => chunk)))
          : Effect.succeed({ chunks: Chunk.append(read.chunks, chunk), size: read.size + chunk.length })
    ),
    Effect.map(({ chunks, size }) => utf8Decoder.decode(concat(Chunk.toReadonlyArray(chunks), size)))
  )

const emptyBody = Effect.succeed("")
const declaredLength = /^\d+$/

/**
 * Reads a body of at most `maxResponseBytes`. An uncompressed body whose declared `content-length`
 * is within the cap is read in one go (the transport rejects a body longer than it declared); any
 * other body is read as a stream and checked as it arrives.
 */
const readCapped = (
  response: HttpClientResponse.HttpClientResponse,
  headers: Headers.Headers
): Effect.Effect<string, HttpClientError.ResponseError | BodyTooLarge> => {
  // no body to read (a web Response has none for these)
  if (response.status === 204 || response.status === 205 || response.status === 304) return emptyBody
  const contentLength = headers["content-length"]
  if (contentLength === undefined || !declaredLength.test(contentLength)) return readCappedStream(response, false)
  if (Number(contentLength) > maxResponseBytes) return readCappedStream(response, true)
  // a compressed body's length says nothing of what a decompressing transport (fetch) yields
  const encoding = headers["content-encoding"]
  if (encoding !== undefined && encoding !== "identity") return readCappedStream(response, false)
  return Effect.flatMap(response.arrayBuffer, (buffer) => {
    const bytes = new Uint8Array(buffer)
    // a transport that does not hold the body to its declared length is still capped
    return bytes.length > maxResponseBytes
      ? Effect.fail(new BodyTooLarge(response.status, bytes.subarray(0, 1024)))
      : Effect.succeed(utf8Decoder.decode(bytes))
  })
}

// the longest delay a JavaScript timer keeps (a longer one fires at once)
const maxTimerMillis = 2 ** 31 - 1

/**
 * `Effect.timeoutFail` on the real clock, with one fiber instead of two: `self` runs in a child
 * fiber interrupted by a timer.
 */
const timeoutFail = <A, E>(
  self: Effect.Effect<A, E>,
  timeout: Duration.Duration,
  onTimeout: () => E
): Effect.Effect<A, E> => {
  const millis = Math.min(Duration.toMillis(timeout), maxTimerMillis)
  return Effect.uninterruptibleMask((restore) =>
    Effect.flatMap(Effect.fork(restore(self)), (child) => {
      let timer: ReturnType<typeof setTimeout> | undefined
      return Effect.onInterrupt(
        restore(Effect.async<A, E>((resume) => {
          let timedOut = false
          timer = setTimeout(() => {
            timedOut = true
            child.unsafeInterruptAsFork(child.id())
          }, millis)
          child.addObserver((exit) => {
            clearTimeout(timer)
            resume(timedOut && Exit.isInterrupted(exit) ? Effect.fail(onTimeout()) : exit)
          })
        })),
        // also when interrupted before the wait began: the child never outlives the exchange
        () =>
          Effect.suspend(() => {
            clearTimeout(timer)
            return Fiber.interrupt(child)
          })
      )
    })
  )
}

const toPlatformRequest = (request: HttpTransport.Request): HttpClientRequest.HttpClientRequest => {
  const { "content-type": contentType, ...headers } = request.headers
  return HttpClientRequest.make(request.method)(
    `${request.origin}${request.path}`,
    request.body === undefined
      ? { headers }
      : { headers, body: HttpBody.uint8Array(request.body, contentType ?? "application/octet-stream") }
  )
}

export const fromHttpClient = (client: HttpClient.HttpClient): HttpTransport.Service => ({
  send: (request) => {
    const operation = request.operation
    const exchange = Effect.suspend(() => client.execute(toPlatformRequest(request))).pipe(
      // the platform's client span goes under the operation's
      Effect.withParentSpan(request.span),
      Effect.flatMap((response) => {
        const headers = response.headers
        return Effect.map(readCapped(response, headers), (text): HttpTransport.Response => ({
          status: response.status,
          text,
          retryAfter: headers["retry-after"]
        }))
      }),
      Effect.mapError((error): HttpTransport.Failure =>
        error._tag === "BodyTooLarge"
          ? errors.bodyTooLarge(operation, error.status, error.start, maxResponseBytes)
          : errors.fromHttpClientError(operation, error)
      )
    )
    const timeout = request.timeout
    return timeout === undefined
      ? exchange
      : timeoutFail(exchange, timeout, () => new VoiceError.Timeout({ operation, timeout }))
  }
})

export const make: Effect.Effect<HttpTransport.Service, never, HttpClient.HttpClient> = Effect.map(
  HttpClient.HttpClient,
  fromHttpClient
)
