/**
 * A callout that fails before anything reached Sinch is a retryable refusal (the call was provably
 * not placed); one that may have reached Sinch is never sent again for that attempt.
 */
import * as SinchVoice from "@effect-sinch/voice/SinchVoice"
import * as VoiceError from "@effect-sinch/voice/VoiceError"
import * as VoiceTest from "@effect-sinch/voice/VoiceTest"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as TestClock from "effect/TestClock"
import * as AwaitCall from "../src/AwaitCall.js"
import { InProcessBase } from "./utils.js"

const request = { destination: "+46700000001", message: "Your parcel arrives tomorrow." }

const placeAndAwait = Effect.gen(function*() {
  const fiber = yield* Effect.fork(AwaitCall.placeAndAwait(request))
  yield* TestClock.adjust("1 hour")
  return yield* Fiber.join(fiber)
})

const TestLive = () => Layer.merge(InProcessBase, SinchVoice.layerTest)

describe("placing an attempt after a transport failure", () => {
  it.effect("not sent (e.g. connection refused): failed with a retryable refusal", () =>
    Effect.gen(function*() {
      yield* VoiceTest.failNext(
        "Callouts.custom",
        new VoiceError.TransportError({
          operation: "callouts.custom",
          mayHaveReachedSinch: false,
          description: "connect ECONNREFUSED 127.0.0.1:443"
        })
      )
      const outcome = yield* placeAndAwait
      expect(outcome.disposition).toBe("failed")
      expect(outcome.refusal?.retryable).toBe(true)
      expect(yield* VoiceTest.callouts).toEqual([])
    }).pipe(Effect.provide(TestLive())))

  it.effect("may have reached Sinch (connection reset after sending): unknown, not a refusal", () =>
    Effect.gen(function*() {
      yield* VoiceTest.failNext(
        "Callouts.custom",
        new VoiceError.TransportError({
          operation: "callouts.custom",
          mayHaveReachedSinch: true,
          description: "socket hang up"
        })
      )
      const outcome = yield* placeAndAwait
      expect(outcome.disposition).toBe("unknown")
      expect(outcome.refusal).toBeUndefined()
    }).pipe(Effect.provide(TestLive())))
})
