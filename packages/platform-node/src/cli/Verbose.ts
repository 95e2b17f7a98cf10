/**
 * `--verbose`: each attempt of a request and each wait before a retry, on stderr, as it happens —
 * so that a request that stalls (4 attempts of 10 s and their backoff) is never silent:
 *
 * ```
 * attempt 1: GET https://calling.api.sinch.com/calling/v1/calls/id/abc (calls.get)
 * attempt 1: no response within 10 s (calls.get)
 * waiting 254 ms before attempt 2 (calls.get)
 * ```
 *
 * Built from what the client exposes: the transport it sends through (wrapped) and the retry
 * policy it is given (wrapped, to see each decided delay). The lines go to stderr through
 * `Console.warn`, so stdout keeps only the result.
 *
 * @since 0.2.0
 */
import * as HttpTransport from "@effect-sinch/voice/HttpTransport"
import * as Retry from "@effect-sinch/voice/Retry"
import type * as VoiceError from "@effect-sinch/voice/VoiceError"
import * as Clock from "effect/Clock"
import * as Console from "effect/Console"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Predicate from "effect/Predicate"
import * as Schedule from "effect/Schedule"
import * as Output from "./Output.js"

/** Lines stay bounded whatever an error says. */
const bounded = (text: string): string => text.length <= 300 ? text : `${text.slice(0, 299)}…`

/**
 * Writes one line of the verbose log (stderr).
 *
 * @since 0.2.0
 * @category Logging
 */
export const line = (text: string): Effect.Effect<void> => Console.warn(bounded(text))

/**
 * What the verbose log shares between the transport and the retry policy: the attempts of each
 * operation so far and the kind of the last request.
 *
 * @since 0.2.0
 * @category Models
 */
export interface Tracker {
  readonly attempts: Map<string, number>
  last: { readonly operation: string; readonly kind: Retry.RequestKind } | undefined
}

/**
 * @since 0.2.0
 * @category Constructors
 */
export const makeTracker = (): Tracker => ({ attempts: new Map(), last: undefined })

const outcome = (error: HttpTransport.Failure): string => {
  switch (error._tag) {
    case "Timeout":
      return `no response within ${Output.duration(error.timeout)}`
    case "TransportError":
      return `transport failure (${
        error.mayHaveReachedSinch ? "may have reached Sinch" : "not sent"
      }): ${error.description}`
    case "UnexpectedResponse":
      return `unexpected response (${error.status}): ${error.reason}`
  }
}

/**
 * A transport that logs each attempt and its outcome (status and time taken).
 *
 * @since 0.2.0
 * @category Transport
 */
export const transport = (inner: HttpTransport.Service, tracker: Tracker): HttpTransport.Service => ({
  send: (request) =>
    Effect.gen(function*() {
      const attempt = (tracker.attempts.get(request.operation) ?? 0) + 1
      tracker.attempts.set(request.operation, attempt)
      tracker.last = {
        operation: request.operation,
        kind: request.method === "GET" || request.method === "DELETE" ? "idempotent" : "non-idempotent"
      }
      const label = `attempt ${attempt}`
      yield* line(`${label}: ${request.method} ${request.origin}${request.path} (${request.operation})`)
      const start = yield* Clock.currentTimeMillis
      const elapsed = Effect.map(Clock.currentTimeMillis, (now) => Output.duration(Duration.millis(now - start)))
      return yield* inner.send(request).pipe(
        Effect.tap((response) =>
          Effect.flatMap(elapsed, (took) =>
            line(
              `${label}: ${response.status} after ${took}${
                response.retryAfter === undefined ? "" : ` (Retry-After: ${bounded(response.retryAfter)})`
              } (${request.operation})`
            ))
        ),
        Effect.tapError((error) => line(`${label}: ${outcome(error)} (${request.operation})`))
      )
    })
})

/**
 * `NodeSinchVoice.layerTransport` (or any transport layer) with each attempt logged.
 *
 * @since 0.2.0
 * @category Transport
 */
export const layerTransport = <E>(
  inner: Layer.Layer<HttpTransport.HttpTransport, E>,
  tracker: Tracker
): Layer.Layer<HttpTransport.HttpTransport, E> =>
  Layer.effect(
    HttpTransport.HttpTransport,
    Effect.map(HttpTransport.HttpTransport, (service) => transport(service, tracker))
  ).pipe(Layer.provide(inner))

const retryAfterOf = (error: unknown): Duration.Duration | undefined =>
  Predicate.hasProperty(error, "retryAfter") && Duration.isDuration(error.retryAfter) ? error.retryAfter : undefined

/**
 * The retry policy with each wait logged before it starts. The client retries only what
 * `Retry.isRetryable` allows and waits at least a `Retry-After` up to `maxRetryAfter`: the log
 * says so only for a retry that will happen.
 *
 * @since 0.2.0
 * @category Retries
 */
export const policy = (
  inner: Retry.Policy,
  tracker: Tracker,
  maxRetryAfter: Duration.Duration = Retry.defaultMaxRetryAfter
): Retry.Policy => {
  let lastError: VoiceError.VoiceError | undefined
  return inner.pipe(
    Schedule.tapInput((error: VoiceError.VoiceError) =>
      Effect.sync(() => {
        lastError = error
      })
    ),
    Schedule.modifyDelayEffect((_, delay) => {
      const error = lastError
      const last = tracker.last
      if (error === undefined || last === undefined || !Retry.isRetryable(error, last.kind)) {
        return Effect.succeed(delay)
      }
      const asked = retryAfterOf(error)
      if (asked !== undefined && Duration.greaterThan(asked, maxRetryAfter)) return Effect.succeed(delay)
      const wait = asked === undefined ? delay : Duration.max(delay, asked)
      const next = (tracker.attempts.get(last.operation) ?? 0) + 1
      return Effect.as(
        line(`waiting ${Output.duration(wait)} before attempt ${next} (${last.operation})`),
        delay
      )
    })
  )
}
