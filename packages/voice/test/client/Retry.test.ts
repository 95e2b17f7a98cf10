import { Applications, Callouts, Calls, Conferences, Retry, VoiceError } from "@effect-sinch/voice"
import { assert, describe, it } from "@effect/vitest"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as TestClock from "effect/TestClock"
import * as Mock from "../utils/mockTransport.js"
import * as SinchFake from "../utils/sinchFake.js"

const destination = { type: "number", endpoint: "+46700000001" } as const
const tts = Effect.flatMap(Callouts.Callouts, (callouts) => callouts.tts({ destination, text: "Hi" }))
const attempts = Effect.flatMap(Mock.Transport, (transport) => transport.requests).pipe(
  Effect.map((requests) => requests.length)
)
const refused = { fail: Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }) }
const reset = { fail: Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" }) }
const oneSecondBackoff = Retry.exponential({ base: "1 second", factor: 2, maxAttempts: 4 })

/** Runs `effect` to its end while the clock moves a minute: longer than any timeout or backoff here. */
const afterAMinute = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.gen(function*() {
    const fiber = yield* Effect.fork(effect)
    yield* TestClock.adjust("1 minute")
    return yield* Fiber.join(fiber)
  })

describe("retries never place a call twice", () => {
  it.effect("a callout that times out is attempted exactly once", () =>
    Effect.gen(function*() {
      const error = yield* afterAMinute(Effect.flip(tts))
      assert.instanceOf(error, VoiceError.Timeout)
      assert.strictEqual(yield* attempts, 1)
    }).pipe(Effect.provide(Mock.client(() => "hang", { timeout: "5 seconds" }))))

  it.effect("a callout whose connection is reset is attempted exactly once", () =>
    Effect.gen(function*() {
      const error = yield* afterAMinute(Effect.flip(tts))
      assert.isTrue(error._tag === "TransportError" && error.mayHaveReachedSinch)
      assert.strictEqual(yield* attempts, 1)
    }).pipe(Effect.provide(Mock.client(() => reset))))

  it.effect("a callout answered 500 or 503 is attempted exactly once", () =>
    Effect.gen(function*() {
      assert.instanceOf(yield* afterAMinute(Effect.flip(tts)), VoiceError.ServerError)
      assert.strictEqual(yield* attempts, 1)
    }).pipe(Effect.provide(Mock.client(() => ({ status: 503, body: "" })))))

  it.effect("a callout whose connection was refused is retried, then succeeds", () =>
    Effect.gen(function*() {
      const response = yield* afterAMinute(tts)
      assert.strictEqual(response.callId, "c1")
      assert.strictEqual(yield* attempts, 3)
    }).pipe(Effect.provide(Mock.client((_, attempt) => attempt < 3 ? refused : Mock.json(200, { callId: "c1" })))))

  it.effect("a 429 with Retry-After: 2 waits 2 seconds before the next attempt", () =>
    Effect.gen(function*() {
      const fiber = yield* Effect.fork(tts)
      yield* TestClock.adjust("1999 millis")
      assert.strictEqual(yield* attempts, 1)
      yield* TestClock.adjust("1 millis")
      assert.strictEqual(yield* attempts, 2)
      assert.strictEqual((yield* Fiber.join(fiber)).callId, "c1")
    }).pipe(Effect.provide(Mock.client(
      (_, attempt) => attempt === 1 ? Mock.json(429, {}, { "retry-after": "2" }) : Mock.json(200, { callId: "c1" }),
      { retry: Retry.exponential({ base: "10 millis" }) }
    ))))

  it.effect("a Retry-After longer than maxRetryAfter is not waited for", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(tts)
      assert.instanceOf(error, VoiceError.RateLimited)
      assert.deepStrictEqual(error.retryAfter, Duration.seconds(3600))
      assert.strictEqual(yield* attempts, 1)
    }).pipe(Effect.provide(Mock.client(() => Mock.json(429, {}, { "retry-after": "3600" })))))

  it.effect("a SVAML PATCH on 502 is attempted exactly once", () =>
    Effect.gen(function*() {
      const calls = yield* Calls.Calls
      assert.instanceOf(
        yield* afterAMinute(Effect.flip(calls.update("c1", { action: { name: "hangup" } }))),
        VoiceError.ServerError
      )
      assert.strictEqual(yield* attempts, 1)
    }).pipe(Effect.provide(Mock.client(() => ({ status: 502, body: "" })))))

  it.effect("a GET on 503 is retried with exponential backoff, then fails typed", () =>
    Effect.gen(function*() {
      const calls = yield* Calls.Calls
      const fiber = yield* Effect.fork(Effect.flip(calls.get("c1")))
      // waits are 1 s, 2 s, 4 s, each jittered by 0.8–1.2×
      yield* TestClock.adjust("700 millis")
      assert.strictEqual(yield* attempts, 1)
      yield* TestClock.adjust("600 millis")
      assert.strictEqual(yield* attempts, 2)
      yield* TestClock.adjust("1 minute")
      const error = yield* Fiber.join(fiber)
      assert.instanceOf(error, VoiceError.ServerError)
      assert.strictEqual(error.status, 503)
      assert.strictEqual(yield* attempts, 4)
    }).pipe(Effect.provide(Mock.client(() => ({ status: 503, body: "" }), { retry: oneSecondBackoff }))))

  it.effect("a GET answered 503 with Retry-After: 2 waits 2 seconds, not the policy's delay", () =>
    Effect.gen(function*() {
      const calls = yield* Calls.Calls
      const fiber = yield* Effect.fork(calls.get("c1"))
      yield* TestClock.adjust("1999 millis")
      assert.strictEqual(yield* attempts, 1)
      yield* TestClock.adjust("1 millis")
      assert.strictEqual(yield* attempts, 2)
      assert.strictEqual((yield* Fiber.join(fiber)).callId, SinchFake.callInformation.callId)
    }).pipe(Effect.provide(Mock.client(
      (_, attempt) =>
        attempt === 1
          ? { status: 503, body: "", headers: { "retry-after": "2" } }
          : Mock.json(200, SinchFake.callInformation),
      { retry: Retry.exponential({ base: "10 millis" }) }
    ))))

  it.effect("a 503 asking for more than maxRetryAfter is not waited for", () =>
    Effect.gen(function*() {
      const calls = yield* Calls.Calls
      const error = yield* Effect.flip(calls.get("c1"))
      assert.instanceOf(error, VoiceError.ServerError)
      assert.deepStrictEqual(error.retryAfter, Duration.seconds(120))
      assert.strictEqual(yield* attempts, 1)
    }).pipe(Effect.provide(Mock.client(() => ({ status: 503, body: "", headers: { "retry-after": "120" } })))))

  it.effect("a callout answered 503 with Retry-After is still attempted exactly once", () =>
    Effect.gen(function*() {
      const error = yield* afterAMinute(Effect.flip(tts))
      assert.isTrue(error._tag === "ServerError" && error.retryAfter !== undefined)
      assert.strictEqual(yield* attempts, 1)
    }).pipe(Effect.provide(Mock.client(() => ({ status: 503, body: "", headers: { "retry-after": "1" } })))))

  it.effect("GET and DELETE are retried on timeouts, resets, 408 and 429", () =>
    Effect.gen(function*() {
      const conferences = yield* Conferences.Conferences
      yield* afterAMinute(conferences.kickAll("standup"))
      assert.strictEqual(yield* attempts, 5)
    }).pipe(Effect.provide(Mock.client(
      (_, attempt) =>
        attempt === 1 ? "hang" : attempt === 2 ? reset : attempt === 3 ?
          { status: 408, body: "" } :
          attempt === 4
          ? { status: 429, body: "" }
          : { status: 204 },
      { timeout: "1 second", retry: Retry.exponential({ maxAttempts: 5 }) }
    ))))

  it.effect("POST configuration changes are not retried after a 5xx", () =>
    Effect.gen(function*() {
      const applications = yield* Applications.Applications
      assert.instanceOf(
        yield* afterAMinute(Effect.flip(applications.assignNumbers({ numbers: ["+12073091712"] }))),
        VoiceError.ServerError
      )
      assert.strictEqual(yield* attempts, 1)
    }).pipe(Effect.provide(Mock.client(() => ({ status: 500, body: "" })))))

  it.effect("the policy bounds the attempts, and can be overridden per call", () =>
    Effect.gen(function*() {
      const calls = yield* Calls.Calls
      assert.instanceOf(
        yield* afterAMinute(Effect.flip(calls.get("c1").pipe(Retry.withPolicy(Retry.none)))),
        VoiceError.ServerError
      )
      assert.strictEqual(yield* attempts, 1)
    }).pipe(Effect.provide(Mock.client(() => ({ status: 500, body: "" })))))

  it("decides retryability by request kind", () => {
    const operation = "x"
    const cases: ReadonlyArray<[VoiceError.VoiceError, boolean, boolean]> = [
      [new VoiceError.Timeout({ operation, timeout: Duration.seconds(1) }), true, false],
      [new VoiceError.ServerError({ operation, status: 503 }), true, false],
      [new VoiceError.RateLimited({ operation }), true, true],
      [new VoiceError.TransportError({ operation, mayHaveReachedSinch: true, description: "" }), true, false],
      [new VoiceError.TransportError({ operation, mayHaveReachedSinch: false, description: "" }), true, true],
      [new VoiceError.UnexpectedResponse({ operation, status: 408, excerpt: "", reason: "" }), true, false],
      [new VoiceError.BadRequest({ operation }), false, false],
      [new VoiceError.NotFound({ operation, resource: "call" }), false, false],
      [new VoiceError.InvalidInput({ operation, field: "f", reason: "r" }), false, false]
    ]
    for (const [error, idempotent, nonIdempotent] of cases) {
      assert.strictEqual(Retry.isRetryable(error, "idempotent"), idempotent, `${error._tag} idempotent`)
      assert.strictEqual(Retry.isRetryable(error, "non-idempotent"), nonIdempotent, `${error._tag} non-idempotent`)
    }
  })
})
