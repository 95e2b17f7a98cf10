import { Applications, Callouts, Calls, CircuitBreaker, Retry, VoiceError } from "@effect-sinch/voice"
import { assert, describe, it } from "@effect/vitest"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as TestClock from "effect/TestClock"
import * as Mock from "../utils/mockTransport.js"
import * as SinchFake from "../utils/sinchFake.js"

const callingHost = "calling.api.sinch.com"
const destination = { type: "number", endpoint: "+46700000001" } as const

const breakerOptions: CircuitBreaker.Options = {
  failureRatio: 0.5,
  window: "10 seconds",
  minimumRequests: 4,
  resetAfter: "5 seconds"
}

const getCall = Effect.flatMap(Calls.Calls, (calls) => calls.get("call-1"))
const sent = Effect.flatMap(Mock.Transport, (transport) => transport.requests).pipe(
  Effect.map((requests) => requests.length)
)
const state = (host = callingHost) => Effect.flatMap(CircuitBreaker.CircuitBreaker, (breaker) => breaker.state(host))

const callInformation = { ...SinchFake.callInformation, callId: "call-1" }

/**
 * A transport whose next answer the test sets (`respond.next = ...`), with the breaker in the
 * program's context and retries off, so each operation is exactly one attempt.
 */
const setup = (options: Partial<CircuitBreaker.Options> = {}) => {
  const respond: { next: Mock.Reply } = { next: Mock.json(200, callInformation) }
  const layer = Layer.merge(
    Mock.client(() => respond.next, { retry: Retry.none, timeout: "1 second" }),
    CircuitBreaker.layer({ ...breakerOptions, ...options })
  )
  return { respond, layer }
}

const unavailable: Mock.Reply = { status: 503, body: "" }

/** `times` calls, one after the other, whose failures the test does not look at. */
const failCalls = (times: number) =>
  Effect.gen(function*() {
    for (let i = 0; i < times; i++) yield* Effect.flip(getCall)
  })

/** Four 503s: the minimum volume, all failed, so the default breaker opens. */
const openBreaker = (respond: { next: Mock.Reply }) =>
  Effect.gen(function*() {
    respond.next = unavailable
    yield* failCalls(4)
  })

/** Opens the default breaker and waits out `resetAfter`, so the next call is the trial. */
const halfOpenBreaker = (respond: { next: Mock.Reply }) =>
  Effect.zipRight(openBreaker(respond), TestClock.adjust("5 seconds"))

describe("CircuitBreaker", () => {
  it.effect("closed → open after the failure ratio over the minimum volume; an open breaker sends nothing", () => {
    const { layer, respond } = setup()
    return Effect.gen(function*() {
      respond.next = unavailable
      for (let i = 0; i < 3; i++) assert.instanceOf(yield* Effect.flip(getCall), VoiceError.ServerError)
      assert.strictEqual(yield* state(), "closed", "3 failures are below the minimum volume of 4")
      assert.instanceOf(yield* Effect.flip(getCall), VoiceError.ServerError)
      assert.strictEqual(yield* state(), "open")

      const open = yield* Effect.flip(getCall)
      assert.instanceOf(open, VoiceError.CircuitOpen)
      assert.strictEqual(open.host, callingHost)
      assert.strictEqual(open.operation, "calls.get")
      assert.deepStrictEqual(open.retryAfter, Duration.seconds(5))
      assert.include(open.message, "the request was not sent")
      assert.strictEqual(yield* sent, 4, "the fifth request never reached the transport")
    }).pipe(Effect.provide(layer))
  })

  it.effect("open → half-open after resetAfter → closed when the trial succeeds", () => {
    const { layer, respond } = setup()
    return Effect.gen(function*() {
      yield* openBreaker(respond)
      yield* TestClock.adjust("4999 millis")
      assert.strictEqual(yield* state(), "open")
      const early = yield* Effect.flip(getCall)
      assert.instanceOf(early, VoiceError.CircuitOpen)
      assert.deepStrictEqual(early.retryAfter, Duration.millis(1))
      yield* TestClock.adjust("1 millis")
      assert.strictEqual(yield* state(), "half-open")

      respond.next = Mock.json(200, callInformation)
      assert.strictEqual((yield* getCall).callId, "call-1")
      assert.strictEqual(yield* state(), "closed")
      // a fresh window: three new failures do not reopen it
      respond.next = unavailable
      for (let i = 0; i < 3; i++) assert.instanceOf(yield* Effect.flip(getCall), VoiceError.ServerError)
      assert.strictEqual(yield* state(), "closed")
      assert.strictEqual(yield* sent, 8)
    }).pipe(Effect.provide(layer))
  })

  it.effect("half-open → open again when the trial fails, for another resetAfter", () => {
    const { layer, respond } = setup()
    return Effect.gen(function*() {
      yield* halfOpenBreaker(respond)
      assert.instanceOf(yield* Effect.flip(getCall), VoiceError.ServerError)
      assert.strictEqual(yield* state(), "open")
      const error = yield* Effect.flip(getCall)
      assert.instanceOf(error, VoiceError.CircuitOpen)
      assert.deepStrictEqual(error.retryAfter, Duration.seconds(5))
      assert.strictEqual(yield* sent, 5)
    }).pipe(Effect.provide(layer))
  })

  it.effect("half-open lets one trial through at a time; the others fail fast", () => {
    const { layer, respond } = setup()
    return Effect.gen(function*() {
      yield* halfOpenBreaker(respond)
      respond.next = "hang"
      const trial = yield* Effect.fork(Effect.flip(getCall))
      yield* TestClock.adjust(0)
      const other = yield* Effect.flip(getCall)
      assert.instanceOf(other, VoiceError.CircuitOpen)
      assert.deepStrictEqual(other.retryAfter, Duration.zero)
      assert.include(other.message, "a trial request is in flight")
      yield* TestClock.adjust("1 second")
      assert.instanceOf(yield* Fiber.join(trial), VoiceError.Timeout)
      assert.strictEqual(yield* state(), "open", "a timed-out trial counts as a failure")
    }).pipe(Effect.provide(layer))
  })

  it.effect("an interrupted trial frees the slot without deciding anything", () => {
    const { layer, respond } = setup()
    return Effect.gen(function*() {
      yield* halfOpenBreaker(respond)
      respond.next = "hang"
      const trial = yield* Effect.fork(getCall)
      yield* TestClock.adjust(0)
      yield* Fiber.interrupt(trial)
      assert.strictEqual(yield* state(), "half-open")
      respond.next = Mock.json(200, callInformation)
      yield* getCall
      assert.strictEqual(yield* state(), "closed")
    }).pipe(Effect.provide(layer))
  })

  it.effect("only outcomes inside the rolling window count", () => {
    const { layer, respond } = setup()
    return Effect.gen(function*() {
      respond.next = unavailable
      yield* failCalls(3)
      yield* TestClock.adjust("11 seconds")
      yield* Effect.flip(getCall)
      assert.strictEqual(yield* state(), "closed", "one failure in the window, below the minimum volume")
      yield* failCalls(3)
      assert.strictEqual(yield* state(), "open")
    }).pipe(Effect.provide(layer))
  })

  it.effect("the ratio decides: successes keep it closed", () => {
    const { layer, respond } = setup({ failureRatio: 0.75 })
    return Effect.gen(function*() {
      for (let i = 0; i < 6; i++) {
        respond.next = i % 2 === 0 ? unavailable : Mock.json(200, callInformation)
        yield* Effect.either(getCall)
      }
      assert.strictEqual(yield* state(), "closed", "3 of 6 failed: below 0.75")
      respond.next = unavailable
      for (let i = 0; i < 6; i++) yield* Effect.either(getCall)
      assert.strictEqual(yield* state(), "open", "9 of 12 failed")
    }).pipe(Effect.provide(layer))
  })

  it.effect("only the chosen statuses count: 4xx and unlisted statuses prove the host is up", () => {
    const { layer, respond } = setup({ countStatuses: [429, 503] })
    return Effect.gen(function*() {
      for (const status of [404, 400, 500, 502, 504, 401]) {
        respond.next = { status, body: "" }
        yield* Effect.flip(getCall)
      }
      assert.strictEqual(yield* state(), "closed")
      respond.next = { status: 429, body: "" }
      for (let i = 0; i < 6; i++) assert.instanceOf(yield* Effect.flip(getCall), VoiceError.RateLimited)
      assert.strictEqual(yield* state(), "open", "6 of 12 were 429s")
    }).pipe(Effect.provide(layer))
  })

  it.effect("transport failures and timeouts count, unless countTransport is false", () =>
    Effect.gen(function*() {
      const counted = setup()
      yield* Effect.gen(function*() {
        counted.respond.next = { fail: Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" }) }
        yield* failCalls(2)
        counted.respond.next = "hang"
        for (let i = 0; i < 2; i++) {
          const fiber = yield* Effect.fork(Effect.flip(getCall))
          yield* TestClock.adjust("1 second")
          assert.instanceOf(yield* Fiber.join(fiber), VoiceError.Timeout)
        }
        assert.strictEqual(yield* state(), "open")
      }).pipe(Effect.provide(counted.layer))

      const ignored = setup({ countTransport: false })
      yield* Effect.gen(function*() {
        ignored.respond.next = { fail: Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" }) }
        yield* failCalls(6)
        assert.strictEqual(yield* state(), "closed")
      }).pipe(Effect.provide(ignored.layer))
    }))

  it.effect("a retried GET stops at CircuitOpen once the breaker opens between attempts", () =>
    Effect.gen(function*() {
      const fiber = yield* Effect.fork(
        Effect.flip(getCall.pipe(Retry.withPolicy(Retry.exponential({ maxAttempts: 5 }))))
      )
      yield* TestClock.adjust("1 minute")
      const error = yield* Fiber.join(fiber)
      assert.instanceOf(error, VoiceError.CircuitOpen)
      assert.strictEqual(yield* sent, 2)
    }).pipe(Effect.provide(Layer.merge(
      Mock.client(() => unavailable),
      CircuitBreaker.layer({ ...breakerOptions, minimumRequests: 2, failureRatio: 1 })
    ))))

  it.effect("a callout refused by an open breaker is not sent and not retried", () => {
    const { layer, respond } = setup({ minimumRequests: 1, failureRatio: 1 })
    return Effect.gen(function*() {
      respond.next = unavailable
      yield* Effect.flip(getCall)
      const callouts = yield* Callouts.Callouts
      const error = yield* Effect.flip(
        callouts.tts({ destination, text: "Hi" }).pipe(Retry.withPolicy(Retry.exponential({ maxAttempts: 4 })))
      )
      assert.instanceOf(error, VoiceError.CircuitOpen)
      assert.strictEqual(yield* sent, 1)
      assert.isFalse(Retry.isRetryable(error, "idempotent"))
    }).pipe(Effect.provide(layer))
  })

  it.effect("hosts have separate breakers: the configuration host still answers", () => {
    const { layer, respond } = setup({ minimumRequests: 1, failureRatio: 1 })
    return Effect.gen(function*() {
      respond.next = unavailable
      yield* Effect.flip(getCall)
      assert.strictEqual(yield* state(), "open")
      assert.strictEqual(yield* state("callingapi.sinch.com"), "closed")
      respond.next = Mock.json(200, { numbers: [] })
      const applications = yield* Applications.Applications
      assert.deepStrictEqual((yield* applications.listNumbers()).numbers, [])
    }).pipe(Effect.provide(layer))
  })

  it.effect("given to the client layer instead of the program, it works the same", () =>
    Effect.gen(function*() {
      yield* failCalls(4)
      assert.instanceOf(yield* Effect.flip(getCall), VoiceError.CircuitOpen)
      assert.strictEqual(yield* sent, 4)
    }).pipe(Effect.provide(
      Mock.client(() => unavailable, { retry: Retry.none }).pipe(Layer.provide(CircuitBreaker.layer(breakerOptions)))
    )))

  it.effect("without the layer there is no breaker", () =>
    Effect.gen(function*() {
      for (let i = 0; i < 20; i++) assert.instanceOf(yield* Effect.flip(getCall), VoiceError.ServerError)
      assert.strictEqual(yield* sent, 20)
    }).pipe(Effect.provide(Mock.client(() => unavailable, { retry: Retry.none }))))

  it.effect("unusable options fail the layer with InvalidConfiguration", () =>
    Effect.gen(function*() {
      const invalid: ReadonlyArray<CircuitBreaker.Options> = [
        { ...breakerOptions, failureRatio: 0 },
        { ...breakerOptions, failureRatio: 1.5 },
        { ...breakerOptions, minimumRequests: 0 },
        { ...breakerOptions, minimumRequests: 2.5 },
        { ...breakerOptions, window: 0 },
        { ...breakerOptions, resetAfter: Duration.seconds(0) }
      ]
      const fields: Array<string> = []
      for (const options of invalid) {
        const error = yield* Effect.flip(CircuitBreaker.make(options))
        assert.instanceOf(error, VoiceError.InvalidConfiguration)
        fields.push(error.field)
      }
      assert.deepStrictEqual(fields, [
        "circuitBreaker.failureRatio",
        "circuitBreaker.failureRatio",
        "circuitBreaker.minimumRequests",
        "circuitBreaker.minimumRequests",
        "circuitBreaker.window",
        "circuitBreaker.resetAfter"
      ])
    }))
})
