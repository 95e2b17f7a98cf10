/**
 * The retry schedule the client runs: the policy shapes the backoff; the client decides what may be
 * retried at all, and makes a 429 or a 5xx wait at least its `Retry-After`.
 */
import * as Duration from "effect/Duration"
import * as Schedule from "effect/Schedule"
import * as Retry from "../Retry.js"
import type * as VoiceError from "../VoiceError.js"

/** GET and DELETE are idempotent; POST and PATCH are not. */
export const requestKind = (method: "GET" | "POST" | "PATCH" | "DELETE"): Retry.RequestKind =>
  method === "GET" || method === "DELETE" ? "idempotent" : "non-idempotent"

/** What the answer's `Retry-After` asked for (a 429, or a 5xx such as 503), if anything. */
const retryAfterOf = (error: VoiceError.VoiceError): Duration.Duration | undefined =>
  error._tag === "RateLimited" || error._tag === "ServerError" ? error.retryAfter : undefined

/**
 * `policy` restricted to the failures `kind` may retry, each wait at least the answer's
 * `Retry-After`, and no retry at all when that is longer than `maxRetryAfter`.
 */
export const make = (
  policy: Retry.Policy,
  kind: Retry.RequestKind,
  maxRetryAfter: Duration.Duration
): Schedule.Schedule<unknown, VoiceError.VoiceError> =>
  Schedule.intersect(policy, Schedule.identity<VoiceError.VoiceError>()).pipe(
    Schedule.whileInput((error: VoiceError.VoiceError) => {
      if (!Retry.isRetryable(error, kind)) return false
      const retryAfter = retryAfterOf(error)
      return retryAfter === undefined || !Duration.greaterThan(retryAfter, maxRetryAfter)
    }),
    Schedule.modifyDelay(([_, error], delay) => {
      const retryAfter = retryAfterOf(error)
      return retryAfter === undefined ? delay : Duration.max(delay, retryAfter)
    })
  )
