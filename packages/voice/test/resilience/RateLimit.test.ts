import { Applications, Calls, Conferences, RateLimit, Retry, VoiceError } from "@effect-sinch/voice"
import { assert, describe, it } from "@effect/vitest"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as TestClock from "effect/TestClock"
import * as Mock from "../utils/mockTransport.js"

const kickAll = (id: string) => Effect.flatMap(Conferences.Conferences, (conferences) => conferences.kickAll(id))
const listNumbers = Effect.flatMap(Applications.Applications, (applications) => applications.listNumbers())
const sent = Effect.flatMap(Mock.Transport, (transport) => transport.requests).pipe(
  Effect.map((requests) => requests.length)
)

const limited = (options: RateLimit.Options, respond: (request: Mock.Captured, attempt: number) => Mock.Reply) =>
  Layer.merge(Mock.client(respond, { retry: Retry.none }), RateLimit.layer(options))

const noContent: Mock.Reply = { status: 204 }
/** Lets forked requests run until they wait (for a slot or a response), without moving the clock. */
const settle = TestClock.adjust(0)
/** Moves the clock by `duration`, then counts the requests sent so far. */
const sentAfter = (duration: Duration.DurationInput) => Effect.zipRight(TestClock.adjust(duration), sent)

describe("RateLimit", () => {
  it.effect("requests over the rate wait for a slot, driven by the clock", () =>
    Effect.gen(function*() {
      const fibers = yield* Effect.forEach(
        ["a", "b", "c", "d", "e"],
        (id) => Effect.fork(kickAll(id)),
        { concurrency: "unbounded" }
      )
      yield* settle
      assert.strictEqual(yield* sent, 2, "a burst of requestsPerSecond goes at once")
      assert.strictEqual(yield* sentAfter("499 millis"), 2)
      assert.strictEqual(yield* sentAfter("1 millis"), 3, "then one slot every 1/requestsPerSecond")
      assert.strictEqual(yield* sentAfter("500 millis"), 4)
      assert.strictEqual(yield* sentAfter("500 millis"), 5)
      yield* Fiber.joinAll(fibers)
    }).pipe(Effect.provide(limited({ requestsPerSecond: 2 }, () => noContent))))

  it.effect("below one request per second: one every 1/n seconds", () =>
    Effect.gen(function*() {
      const fibers = yield* Effect.forEach(["a", "b", "c"], (id) => Effect.fork(kickAll(id)))
      yield* settle
      assert.strictEqual(yield* sent, 1)
      assert.strictEqual(yield* sentAfter("1999 millis"), 1)
      assert.strictEqual(yield* sentAfter("1 millis"), 2)
      assert.strictEqual(yield* sentAfter("2 seconds"), 3)
      yield* Fiber.joinAll(fibers)
    }).pipe(Effect.provide(limited({ requestsPerSecond: 0.5 }, () => noContent))))

  it.effect("per host by default: the configuration host has its own budget", () =>
    Effect.gen(function*() {
      yield* kickAll("a")
      const numbers = yield* listNumbers
      assert.deepStrictEqual(numbers.numbers, [])
      assert.strictEqual(yield* sent, 2, "neither waited")
      const third = yield* Effect.fork(kickAll("b"))
      yield* settle
      assert.strictEqual(yield* sent, 2)
      yield* TestClock.adjust("1 second")
      yield* Fiber.join(third)
      assert.strictEqual(yield* sent, 3)
    }).pipe(Effect.provide(limited(
      { requestsPerSecond: 1 },
      (request) => request.method === "GET" ? Mock.json(200, { numbers: [] }) : noContent
    ))))

  it.effect("perHost: false shares one budget between hosts", () =>
    Effect.gen(function*() {
      yield* kickAll("a")
      const numbers = yield* Effect.fork(listNumbers)
      yield* settle
      assert.strictEqual(yield* sent, 1)
      yield* TestClock.adjust("1 second")
      yield* Fiber.join(numbers)
      assert.strictEqual(yield* sent, 2)
    }).pipe(Effect.provide(limited(
      { requestsPerSecond: 1, perHost: false },
      (request) => request.method === "GET" ? Mock.json(200, { numbers: [] }) : noContent
    ))))

  it.effect("every attempt takes a slot, retries included", () =>
    Effect.gen(function*() {
      const calls = yield* Calls.Calls
      const fiber = yield* Effect.fork(Effect.flip(
        calls.get("c1").pipe(Retry.withPolicy(Retry.exponential({ base: "1 millis", maxAttempts: 3 })))
      ))
      yield* settle
      assert.strictEqual(yield* sent, 1)
      assert.strictEqual(yield* sentAfter("999 millis"), 1, "the backoff is over but the next slot is not free yet")
      assert.strictEqual(yield* sentAfter("1 millis"), 2)
      yield* TestClock.adjust("1 second")
      assert.instanceOf(yield* Fiber.join(fiber), VoiceError.ServerError)
      assert.strictEqual(yield* sent, 3)
    }).pipe(Effect.provide(limited({ requestsPerSecond: 1 }, () => ({ status: 503, body: "" })))))

  it.effect("the wait for a slot is not part of the request timeout", () =>
    Effect.gen(function*() {
      yield* kickAll("a")
      const fiber = yield* Effect.fork(kickAll("b").pipe(Effect.timeout("5 seconds")))
      yield* TestClock.adjust("1 second")
      yield* Fiber.join(fiber)
      assert.strictEqual(yield* sent, 2)
    }).pipe(Effect.provide(Layer.merge(
      Mock.client(() => noContent, { retry: Retry.none, timeout: "100 millis" }),
      RateLimit.layer({ requestsPerSecond: 1 })
    ))))

  it.effect("without the layer nothing waits", () =>
    Effect.gen(function*() {
      yield* Effect.forEach(["a", "b", "c", "d", "e", "f"], kickAll, { concurrency: "unbounded" })
      assert.strictEqual(yield* sent, 6)
    }).pipe(Effect.provide(Mock.client(() => noContent))))

  it.effect("an unusable rate fails the layer with InvalidConfiguration", () =>
    Effect.gen(function*() {
      for (const requestsPerSecond of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
        const error = yield* Effect.flip(Effect.scoped(RateLimit.make({ requestsPerSecond })))
        assert.instanceOf(error, VoiceError.InvalidConfiguration)
        assert.strictEqual(error.field, "rateLimit.requestsPerSecond")
      }
    }))
})
