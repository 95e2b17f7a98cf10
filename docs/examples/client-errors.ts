/**
 * Examples for docs/errors-and-retries.md, type-checked by `pnpm check`.
 */
import { Callouts, Retry, VoiceError } from "@effect-sinch/voice"
import * as Effect from "effect/Effect"
import * as Schedule from "effect/Schedule"

const destination = { type: "number", endpoint: "+46700000001" } as const

// Every failure is a typed error: handle the ones you care about, by tag
export const callOrExplain = Effect.flatMap(Callouts.Callouts, (callouts) => callouts.tts({ destination, text: "Hi" }))
  .pipe(
    Effect.map(({ callId }) => `calling: ${callId}`),
    Effect.catchTags({
      InvalidInput: (error) => Effect.succeed(`fix ${error.field}: ${error.reason}`),
      PaymentRequired: () => Effect.succeed("top up the account"),
      RateLimited: (error) => Effect.succeed(`slow down (retry after ${String(error.retryAfter)})`),
      // The callout may have been placed: check before trying again
      Timeout: () => Effect.succeed("unknown outcome: look for the call before retrying"),
      TransportError: (error) =>
        Effect.succeed(error.mayHaveReachedSinch ? "unknown outcome" : "not sent: safe to try again")
    })
  )

// Or all at once, with the guard
export const describeFailure = (error: unknown): string =>
  VoiceError.isVoiceError(error) ? error.message : "not a Voice API error"

// A policy for one call: more patient backoff (still never retrying what may have placed a call)
export const patient = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Retry.withPolicy(
    effect,
    Schedule.exponential("1 second").pipe(Schedule.jittered, Schedule.intersect(Schedule.recurs(5)))
  )
