/**
 * Retry policies for Voice API requests.
 *
 * A policy is a `Schedule` that shapes the backoff (how often, how long). *Whether* a failure may be
 * retried at all is decided by the client, whatever the policy says, so that a retry never places a
 * phone call twice:
 *
 * - GET and DELETE requests are retried on transport failures, timeouts, 408, 429 and 5xx;
 * - POST and PATCH requests (callouts, SVAML updates, configuration changes) are retried only when
 *   Sinch provably did not act: the connection was never made, or it answered 429.
 *
 * A 429, or a retried 5xx (a 503), waits at least what its `Retry-After` header asks for; when that is
 * longer than `maxRetryAfter`, the request is not retried and the `RateLimited` (or `ServerError`)
 * error is returned.
 *
 * @since 0.1.0
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as FiberRef from "effect/FiberRef"
import { dual } from "effect/Function"
import * as GlobalValue from "effect/GlobalValue"
import * as Option from "effect/Option"
import * as Schedule from "effect/Schedule"
import type * as VoiceError from "./VoiceError.js"

/**
 * A retry policy: a schedule fed with the error of each failed attempt.
 *
 * @since 0.1.0
 * @category Models
 */
export type Policy = Schedule.Schedule<unknown, VoiceError.VoiceError>

/**
 * How a request may be retried: `idempotent` (GET, DELETE) or `non-idempotent` (POST, PATCH).
 *
 * @since 0.1.0
 * @category Models
 */
export type RequestKind = "idempotent" | "non-idempotent"

/**
 * Exponential backoff with jitter, bounded by a number of attempts (the first one included) and
 * by the total time spent waiting.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const exponential = (options?: {
  readonly base?: Duration.DurationInput | undefined
  readonly factor?: number | undefined
  readonly maxAttempts?: number | undefined
  readonly maxElapsed?: Duration.DurationInput | undefined
}): Schedule.Schedule<unknown> =>
  Schedule.exponential(options?.base ?? "250 millis", options?.factor ?? 2).pipe(
    Schedule.jittered,
    Schedule.intersect(Schedule.recurs(Math.max(0, (options?.maxAttempts ?? 4) - 1))),
    Schedule.upTo(options?.maxElapsed ?? "30 seconds")
  )

/**
 * The default policy: up to 4 attempts, 250 ms doubling with jitter, at most 30 s in all.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const defaultPolicy: Schedule.Schedule<unknown> = exponential()

/**
 * Never retry.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const none: Schedule.Schedule<unknown> = Schedule.stop

/**
 * The longest `Retry-After` the client is willing to wait for by default.
 *
 * @since 0.1.0
 * @category Constants
 */
export const defaultMaxRetryAfter: Duration.Duration = Duration.seconds(60)

/**
 * Whether a failed attempt may be retried, given the kind of request.
 *
 * @since 0.1.0
 * @category Predicates
 */
export const isRetryable = (error: VoiceError.VoiceError, kind: RequestKind): boolean => {
  switch (error._tag) {
    case "RateLimited":
      return true
    case "TransportError":
      return kind === "idempotent" || !error.mayHaveReachedSinch
    case "Timeout":
    case "ServerError":
      return kind === "idempotent"
    case "UnexpectedResponse":
      return kind === "idempotent" && error.status === 408
    default:
      return false
  }
}

/**
 * The per-call policy override, if any (see `withPolicy`).
 *
 * @since 0.1.0
 * @category FiberRefs
 */
export const currentPolicy: FiberRef.FiberRef<Option.Option<Policy>> = GlobalValue.globalValue(
  Symbol.for("@effect-sinch/voice/Retry/currentPolicy"),
  () => FiberRef.unsafeMake<Option.Option<Policy>>(Option.none())
)

/**
 * Runs the Voice API calls of `effect` with another retry policy than the layer's.
 *
 * @example
 * ```ts
 * import { Callouts, Retry } from "@effect-sinch/voice"
 * import * as Effect from "effect/Effect"
 *
 * const program = Effect.flatMap(Callouts.Callouts, (callouts) =>
 *   callouts.tts({ destination: { type: "number", endpoint: "+46700000001" }, text: "Hello" }).pipe(
 *     Retry.withPolicy(Retry.none)
 *   )
 * )
 * ```
 *
 * @since 0.1.0
 * @category Combinators
 */
export const withPolicy: {
  (policy: Policy): <A, E, R>(self: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>
  <A, E, R>(self: Effect.Effect<A, E, R>, policy: Policy): Effect.Effect<A, E, R>
} = dual(
  2,
  <A, E, R>(self: Effect.Effect<A, E, R>, policy: Policy): Effect.Effect<A, E, R> =>
    Effect.locally(self, currentPolicy, Option.some(policy))
)
