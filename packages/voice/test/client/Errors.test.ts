import { Callouts, Calls, Conferences, Retry, VoiceError } from "@effect-sinch/voice"
import { assert, describe, it } from "@effect/vitest"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as TestClock from "effect/TestClock"
import * as Mock from "../utils/mockTransport.js"

const reference = "a2028355-5164-41b6-aae9-2b8a546e0784"
const destination = { type: "number", endpoint: "+46700000001" } as const

const calloutFailure = (reply: Mock.Reply) =>
  Effect.flatMap(Callouts.Callouts, (callouts) => Effect.flip(callouts.tts({ destination, text: "Hi" }))).pipe(
    Effect.provide(Mock.client(() => reply, { retry: Retry.none }))
  )

const getCallFailure = (reply: Mock.Reply) =>
  Effect.flatMap(Calls.Calls, (calls) => Effect.flip(calls.get("call-1"))).pipe(
    Effect.provide(Mock.client(() => reply, { retry: Retry.none }))
  )

describe("error mapping", () => {
  it.effect("400 → BadRequest with Sinch's errorCode, message and reference", () =>
    Effect.gen(function*() {
      const error = yield* calloutFailure(Mock.json(400, {
        status: "400 ParameterValidation",
        errorCode: 40001,
        message: "Method needs to be `ttsCallout`, `conferenceCallout`, or `customCallout`",
        reference
      }))
      assert.instanceOf(error, VoiceError.BadRequest)
      const badRequest = error as VoiceError.BadRequest
      assert.strictEqual(badRequest.operation, "callouts.tts")
      assert.strictEqual(badRequest.errorCode, 40001)
      assert.strictEqual(badRequest.detail, "Method needs to be `ttsCallout`, `conferenceCallout`, or `customCallout`")
      assert.strictEqual(badRequest.reference, reference)
      assert.include(badRequest.message, "callouts.tts")
      assert.isTrue(VoiceError.isVoiceError(error))
    }))

  it.effect("errorCode sent as a string is read as a number", () =>
    Effect.gen(function*() {
      const error = yield* calloutFailure(Mock.json(400, { errorCode: "40002", message: "Missing parameter" }))
      assert.strictEqual((error as VoiceError.BadRequest).errorCode, 40002)
    }))

  it.effect("401 and 403 → Unauthorized with the status", () =>
    Effect.gen(function*() {
      const unauthorized = yield* calloutFailure(Mock.json(401, { errorCode: 40102, message: "Invalid Signature" }))
      assert.instanceOf(unauthorized, VoiceError.Unauthorized)
      assert.strictEqual(unauthorized.status, 401)
      const forbidden = yield* calloutFailure(
        Mock.json(403, { errorCode: 40300, message: "Destination is forbidden", reference })
      )
      assert.instanceOf(forbidden, VoiceError.Unauthorized)
      assert.strictEqual(forbidden.status, 403)
      assert.strictEqual(forbidden.reference, reference)
    }))

  it.effect("402 → PaymentRequired for a callout", () =>
    Effect.gen(function*() {
      const error = yield* calloutFailure(Mock.json(402, { errorCode: 40200, message: "Not enough credit" }))
      assert.instanceOf(error, VoiceError.PaymentRequired)
      assert.strictEqual(error.errorCode, 40200)
    }))

  it.effect("404 → NotFound naming the call or the conference", () =>
    Effect.gen(function*() {
      const error = yield* getCallFailure(Mock.json(404, { errorCode: 40400, message: "Call not found", reference }))
      assert.instanceOf(error, VoiceError.NotFound)
      const notFound = error as VoiceError.NotFound
      assert.strictEqual(notFound.resource, "call")
      assert.strictEqual(notFound.operation, "calls.get")
      assert.strictEqual(notFound.reference, reference)
      const conference = yield* Effect.flatMap(Conferences.Conferences, (conferences) =>
        Effect.flip(conferences.get("standup"))).pipe(
          Effect.provide(Mock.client(() =>
            Mock.json(404, { errorCode: 40400, message: "Conference not found" }), {
            retry: Retry.none
          }))
        )
      assert.strictEqual((conference as VoiceError.NotFound).resource, "conference")
    }))

  it.effect("429 → RateLimited with the server's Retry-After (seconds or HTTP date)", () =>
    Effect.gen(function*() {
      const seconds = yield* calloutFailure(Mock.json(429, { errorCode: 42900 }, { "retry-after": "7" }))
      assert.instanceOf(seconds, VoiceError.RateLimited)
      assert.deepStrictEqual(seconds.retryAfter, Duration.seconds(7))
      // TestClock starts at the epoch: the date is 90 s later
      const date = yield* calloutFailure(Mock.json(429, {}, { "retry-after": "Thu, 01 Jan 1970 00:01:30 GMT" }))
      assert.deepStrictEqual((date as VoiceError.RateLimited).retryAfter, Duration.millis(90_000))
      const none = yield* calloutFailure({ status: 429, body: "" })
      assert.isUndefined((none as VoiceError.RateLimited).retryAfter)
    }))

  it.effect("5xx → ServerError with the status", () =>
    Effect.gen(function*() {
      const error = yield* calloutFailure(Mock.json(500, { errorCode: 50000, message: "Application error", reference }))
      assert.instanceOf(error, VoiceError.ServerError)
      assert.strictEqual(error.status, 500)
      assert.strictEqual(error.reference, reference)
      const unavailable = yield* getCallFailure({ status: 503, body: "<html>down</html>" })
      assert.strictEqual((unavailable as VoiceError.ServerError).status, 503)
    }))

  it.effect("an error body that is empty or not JSON still maps by status", () =>
    Effect.gen(function*() {
      const error = yield* calloutFailure({ status: 400, body: "" })
      assert.instanceOf(error, VoiceError.BadRequest)
      assert.isUndefined(error.errorCode)
    }))

  it.effect("an undocumented status → UnexpectedResponse with the status and an excerpt", () =>
    Effect.gen(function*() {
      const error = yield* calloutFailure({ status: 418, body: "I'm a teapot" })
      assert.instanceOf(error, VoiceError.UnexpectedResponse)
      assert.strictEqual(error.status, 418)
      assert.strictEqual(error.excerpt, "I'm a teapot")
    }))

  it.effect("a 2xx body that does not match the schema → UnexpectedResponse", () =>
    Effect.gen(function*() {
      const wrongShape = yield* calloutFailure(Mock.json(200, { id: "no callId here" }))
      assert.instanceOf(wrongShape, VoiceError.UnexpectedResponse)
      assert.strictEqual(wrongShape.status, 200)
      assert.include(wrongShape.excerpt, "no callId here")
      const notJson = yield* calloutFailure({ status: 200, body: "<html>" })
      assert.strictEqual((notJson as VoiceError.UnexpectedResponse).reason, "the body is not JSON")
      const empty = yield* calloutFailure({ status: 200, body: "" })
      assert.strictEqual((empty as VoiceError.UnexpectedResponse).reason, "empty body")
    }))

  it.effect("a refused connection → TransportError that did not reach Sinch", () =>
    Effect.gen(function*() {
      const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" })
      const error = yield* calloutFailure({ fail: new TypeError("fetch failed", { cause: refused }) })
      assert.instanceOf(error, VoiceError.TransportError)
      assert.isFalse(error.mayHaveReachedSinch)
      assert.include(error.description, "ECONNREFUSED")
    }))

  it.effect("a reset or an unknown failure → TransportError that may have reached Sinch", () =>
    Effect.gen(function*() {
      const reset = Object.assign(new Error("socket hang up"), { code: "ECONNRESET" })
      const error = yield* calloutFailure({ fail: reset })
      assert.isTrue((error as VoiceError.TransportError).mayHaveReachedSinch)
      const unknown = yield* calloutFailure({ fail: new Error("something odd") })
      assert.isTrue((unknown as VoiceError.TransportError).mayHaveReachedSinch)
    }))

  it.effect("no answer within the timeout → Timeout", () =>
    Effect.gen(function*() {
      const fiber = yield* Effect.fork(
        Effect.flatMap(Callouts.Callouts, (callouts) => Effect.flip(callouts.tts({ destination, text: "Hi" }))).pipe(
          Effect.provide(Mock.client(() => "hang", { retry: Retry.none, timeout: "3 seconds" }))
        )
      )
      yield* TestClock.adjust("3 seconds")
      const error = yield* Fiber.join(fiber)
      assert.instanceOf(error, VoiceError.Timeout)
      assert.deepStrictEqual(error.timeout, Duration.seconds(3))
      assert.include(error.message, "callouts.tts")
    }))

  it.effect("the default timeout is 10 seconds", () =>
    Effect.gen(function*() {
      const fiber = yield* Effect.fork(
        Effect.flatMap(Calls.Calls, (calls) => Effect.flip(calls.get("c1"))).pipe(
          Effect.provide(Mock.client(() => "hang", { retry: Retry.none }))
        )
      )
      yield* TestClock.adjust("9999 millis")
      assert.isNull(yield* Fiber.poll(fiber).pipe(Effect.map((option) => option._tag === "Some" ? "done" : null)))
      yield* TestClock.adjust("1 millis")
      assert.instanceOf(yield* Fiber.join(fiber), VoiceError.Timeout)
    }))
})
