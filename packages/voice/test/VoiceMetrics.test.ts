import * as Actions from "@effect-sinch/svaml/Actions"
import { Callouts, Calls, CircuitBreaker, Retry, VoiceError, Webhooks } from "@effect-sinch/voice"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Metric from "effect/Metric"
import * as MetricState from "effect/MetricState"
import * as TestClock from "effect/TestClock"
import * as Examples from "../../../docs/examples/observability.js"
import * as Mock from "./utils/mockTransport.js"
import * as SinchFake from "./utils/sinchFake.js"
import * as Fixtures from "./webhooks/fixtures.js"
import { call, nowMillis, signedRequest, VerifierLive } from "./webhooks/utils.js"

/**
 * The state of the metric `name` whose tags are exactly `tags`, read the way an exporter reads
 * them (`Metric.snapshot`). Each test tags its metrics with its own `test` label
 * (`Effect.tagMetrics`), so tests do not see each other's updates in the global registry.
 */
const stateOf = (name: string, tags: Readonly<Record<string, string>>) =>
  Effect.map(Metric.snapshot, (pairs) =>
    pairs.find(({ metricKey }) =>
      metricKey.name === name &&
      metricKey.tags.length === Object.keys(tags).length &&
      metricKey.tags.every((label) => tags[label.key] === label.value)
    )?.metricState)

const count = (name: string, tags: Readonly<Record<string, string>>) =>
  Effect.map(stateOf(name, tags), (state) => MetricState.isCounterState(state) ? Number(state.count) : 0)

const histogram = (name: string, tags: Readonly<Record<string, string>>) =>
  Effect.map(
    stateOf(name, tags),
    (state) => MetricState.isHistogramState(state) ? { count: state.count, sum: state.sum } : { count: 0, sum: 0 }
  )

const gauge = (name: string, tags: Readonly<Record<string, string>>) =>
  Effect.map(stateOf(name, tags), (state) => MetricState.isGaugeState(state) ? Number(state.value) : undefined)

const getCall = (callId: string) => Effect.flatMap(Calls.Calls, (calls) => calls.get(callId))

describe("VoiceMetrics", () => {
  it.effect("counts calls by operation and outcome, retries, responses by status, and times calls", () =>
    Effect.gen(function*() {
      const test = { test: "client" }
      const fiber = yield* Effect.fork(getCall("c1"))
      // a 503 asking for 2 seconds, then the answer
      yield* TestClock.adjust("2 seconds")
      yield* Fiber.join(fiber)
      yield* getCall("c1")
      assert.instanceOf(yield* Effect.flip(getCall("c2")), VoiceError.NotFound)
      assert.instanceOf(yield* Effect.flip(getCall("")), VoiceError.InvalidInput)

      const operation = "calls.get"
      assert.strictEqual(yield* count("sinch_voice_requests_total", { operation, outcome: "success", ...test }), 2)
      assert.strictEqual(yield* count("sinch_voice_requests_total", { operation, outcome: "NotFound", ...test }), 1)
      assert.strictEqual(
        yield* count("sinch_voice_requests_total", { operation, outcome: "InvalidInput", ...test }),
        1
      )
      assert.strictEqual(yield* count("sinch_voice_retries_total", { operation, ...test }), 1)
      assert.strictEqual(yield* count("sinch_voice_http_responses_total", { operation, status: "503", ...test }), 1)
      assert.strictEqual(yield* count("sinch_voice_http_responses_total", { operation, status: "200", ...test }), 2)
      assert.strictEqual(yield* count("sinch_voice_http_responses_total", { operation, status: "404", ...test }), 1)
      // on the TestClock: the call that waited for the Retry-After took 2 s, the other one no time
      assert.deepStrictEqual(
        yield* histogram("sinch_voice_request_duration_ms", { operation, outcome: "success", ...test }),
        { count: 2, sum: 2000 }
      )
    }).pipe(
      Effect.tagMetrics("test", "client"),
      Effect.provide(Mock.client(
        (request, attempt) =>
          request.url.endsWith("/c2")
            ? Mock.json(404, {})
            : attempt === 1
            ? { status: 503, body: "", headers: { "retry-after": "2" } }
            : Mock.json(200, SinchFake.callInformation),
        { retry: Retry.exponential({ base: "10 millis" }) }
      ))
    ))

  it.effect("records every transition of the circuit breaker and its state per host", () =>
    Effect.gen(function*() {
      const host = "breaker.example"
      const test = { test: "breaker" }
      const breaker = yield* CircuitBreaker.make({
        failureRatio: 0.5,
        window: "1 minute",
        minimumRequests: 2,
        resetAfter: "10 seconds"
      })
      const failing = Effect.fail(new VoiceError.ServerError({ operation: "calls.get", status: 503 }))
      const request = { operation: "calls.get", host }
      const state = gauge("sinch_voice_circuit_breaker_state", { host, ...test })
      const entered = (to: CircuitBreaker.State) =>
        count("sinch_voice_circuit_breaker_transitions_total", { host, state: to, ...test })

      yield* Effect.exit(breaker.protect(request, failing))
      assert.isUndefined(yield* state, "no transition yet")
      yield* Effect.exit(breaker.protect(request, failing))
      assert.strictEqual(yield* state, 2)
      assert.strictEqual(yield* entered("open"), 1)

      yield* TestClock.adjust("10 seconds")
      yield* breaker.protect(request, Effect.void)
      assert.strictEqual(yield* entered("half-open"), 1)
      assert.strictEqual(yield* entered("closed"), 1)
      assert.strictEqual(yield* state, 0)
    }).pipe(Effect.tagMetrics("test", "breaker")))

  it.effect("counts callbacks by event and outcome, refusals by reason, and times the handling", () =>
    Effect.gen(function*() {
      const test = { test: "webhooks" }
      yield* TestClock.setTime(nowMillis)
      const service = yield* Webhooks.make({
        // a handler that takes 250 ms (on the TestClock)
        ice: () => Effect.as(Effect.sleep("250 millis"), { action: Actions.hangup() }),
        dice: () => Effect.fail("the database is down")
      })
      const send = (body: string, secret?: string) =>
        Effect.flatMap(
          signedRequest(secret === undefined ? { body } : { body, secret }),
          (request) => call(service.httpApp, request)
        )
      const ice = yield* Effect.fork(send(Fixtures.iceJava))
      yield* TestClock.adjust("250 millis")
      assert.strictEqual((yield* Fiber.join(ice)).status, 200)
      yield* send(Fixtures.ace)
      yield* send(Fixtures.dice)
      assert.strictEqual((yield* send(Fixtures.ace, "AAAAAAAAAAAAAAAAAAAAAA==")).status, 401)

      assert.strictEqual(yield* count("sinch_voice_callbacks_total", { event: "ice", outcome: "handled", ...test }), 1)
      assert.strictEqual(yield* count("sinch_voice_callbacks_total", { event: "ace", outcome: "default", ...test }), 1)
      assert.strictEqual(yield* count("sinch_voice_callbacks_total", { event: "dice", outcome: "failed", ...test }), 1)
      assert.strictEqual(
        yield* count("sinch_voice_callbacks_refused_total", { reason: "InvalidSignature", ...test }),
        1
      )
      // the TestClock's nanoseconds at today's date are exact to about a microsecond
      const iceTime = yield* histogram("sinch_voice_callback_duration_ms", { event: "ice", ...test })
      assert.strictEqual(iceTime.count, 1)
      assert.closeTo(iceTime.sum, 250, 0.01)
      const aceTime = yield* histogram("sinch_voice_callback_duration_ms", { event: "ace", ...test })
      assert.strictEqual(aceTime.count, 1)
      assert.closeTo(aceTime.sum, 0, 0.01)
    }).pipe(Effect.tagMetrics("test", "webhooks"), Effect.provide(VerifierLive)))

  it.effect("docs/examples/observability.ts reads the metrics back", () =>
    Effect.gen(function*() {
      const before = yield* Examples.failedCallouts
      const callouts = yield* Callouts.Callouts
      yield* Effect.flip(callouts.tts({ destination: { type: "number", endpoint: "+46700000001" }, text: "Hi" }))
      assert.strictEqual(yield* Examples.failedCallouts, before + 1)
      yield* getCall("c1").pipe(Examples.forTenant("acme"))
      const lines = yield* Examples.sinchMetrics
      assert.include(lines, "sinch_voice_requests_total{operation=\"calls.get\",outcome=\"success\",tenant=\"acme\"} 1")
      assert.isTrue(
        lines.some((line) =>
          line.startsWith(
            "sinch_voice_request_duration_ms{operation=\"calls.get\",outcome=\"success\",tenant=\"acme\"}"
          )
        )
      )
    }).pipe(
      Effect.provide(Mock.client((request) =>
        request.method === "POST" ? Mock.json(500, {}) : Mock.json(200, SinchFake.callInformation)
      ))
    ))
})
