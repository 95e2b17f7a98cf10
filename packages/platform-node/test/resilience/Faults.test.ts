/**
 * Fault injection on loopback: the real `NodeSinchVoice` client (undici, node:crypto) against a
 * server that misbehaves on purpose. For each fault the outcome is a success after the documented
 * retries or the documented typed error, the server shows no callout placed twice, and nothing
 * the application could log, trace or print holds the secret or an Authorization header.
 */
import { NodeSinchVoice } from "@effect-sinch/platform-node"
import type { SinchVoice } from "@effect-sinch/voice"
import { Callouts, Calls, CircuitBreaker, RateLimit, Retry, VoiceConfig, VoiceError } from "@effect-sinch/voice"
import { assert, describe, it } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as FaultServer from "./faultServer.js"
import { Recorder } from "./recorder.js"

const applicationKey = "669E367E-6BBA-48AB-AF15-266871C28135"
const applicationSecret = "BeIukql3pTKJ8RGL5zo0DA=="
const basicCredentials = Buffer.from(`${applicationKey}:${applicationSecret}`).toString("base64")
const maxResponseBytes = 4 * 1024 * 1024

const destination = { type: "number", endpoint: "+46700000001" } as const
const callout = Effect.flatMap(Callouts.Callouts, (callouts) => callouts.tts({ destination, text: "Hello" }))
const getCall = Effect.flatMap(Calls.Calls, (calls) => calls.get("call-1"))

/** Fast, bounded retries: 4 attempts from 10 ms. */
const retry = Retry.exponential({ base: "10 millis", maxAttempts: 4 })
/** For faults that stall: the per-call override keeps the suite fast. */
const shortTimeout = VoiceConfig.withTimeout("300 millis")

interface Run<A> {
  readonly exit: Exit.Exit<A, unknown>
  readonly received: ReadonlyArray<FaultServer.Received>
  readonly placed: number
  readonly server: FaultServer.FaultServer
  readonly recorder: Recorder
  /** The `sinch.voice.retry_count` of the operation's span. */
  readonly retries: unknown
}

/** Every secret and credential that must never show up in logs, spans or errors. */
const assertNoSecrets = (recorder: Recorder, authorizations: ReadonlyArray<string>) => {
  const text = recorder.text
  assert.isAbove(recorder.spans.length, 0, "the run was traced")
  assert.isAbove(recorder.logLines.length, 0, "the run was logged")
  assert.notInclude(text, applicationSecret)
  assert.notInclude(text, basicCredentials)
  for (const authorization of authorizations) {
    if (authorization === "") continue
    assert.notInclude(text, authorization)
    assert.notInclude(text, authorization.slice(authorization.search(/\s/) + 1))
  }
}

const run = <A, E>(
  effect: Effect.Effect<A, E, SinchVoice.Services>,
  options: {
    readonly faults?: ReadonlyArray<FaultServer.Fault>
    readonly auth?: "signed" | "basic"
    readonly baseUrl?: string
    readonly layers?: Layer.Layer<CircuitBreaker.CircuitBreaker | RateLimit.RateLimit, VoiceError.InvalidConfiguration>
  } = {}
) =>
  Effect.gen(function*() {
    const server = yield* FaultServer.make
    yield* server.inject(...(options.faults ?? []))
    const recorder = new Recorder()
    const baseUrl = options.baseUrl ?? server.baseUrl
    const client = NodeSinchVoice.layer({
      applicationKey,
      applicationSecret: Redacted.make(applicationSecret),
      auth: options.auth ?? "signed",
      callingBaseUrl: baseUrl,
      configurationBaseUrl: baseUrl,
      timeout: "5 seconds",
      retry
    })
    const exit = yield* effect.pipe(
      // what an application typically does with a failure
      Effect.tapErrorCause((cause) => Effect.logError("Sinch Voice request failed", cause)),
      Effect.tap((value) => Effect.logInfo("Sinch Voice request succeeded", value)),
      Effect.withSpan("app.request"),
      Effect.provide(options.layers === undefined ? client : Layer.provide(client, options.layers)),
      Effect.provide(recorder.layer),
      Effect.exit
    )
    if (Exit.isFailure(exit)) {
      recorder.error(Cause.squash(exit.cause))
      recorder.errors.push(Cause.pretty(exit.cause))
    }
    const received = yield* server.received
    assertNoSecrets(recorder, received.map((request) => request.authorization))
    const operationSpan = recorder.spans.find((span) => span.name.startsWith("sinch.voice."))
    return {
      exit,
      received,
      placed: yield* server.calloutsPlaced,
      server,
      recorder,
      retries: operationSpan?.attributes.get("sinch.voice.retry_count")
    } satisfies Run<A>
  })

/** The typed error a run failed with. */
const errorOf = <A>(exit: Exit.Exit<A, unknown>): unknown =>
  Exit.match(exit, {
    onSuccess: () => assert.fail("expected a failure"),
    onFailure: (cause) => Option.getOrElse(Cause.failureOption(cause), () => assert.fail(Cause.pretty(cause)))
  })

const valueOf = <A>(exit: Exit.Exit<A, unknown>): A =>
  Exit.match(exit, { onSuccess: (value) => value, onFailure: (cause) => assert.fail(Cause.pretty(cause)) })

const faults = (...faults: ReadonlyArray<FaultServer.Fault>) => faults
const respond = (status: number, body = "", headers?: Record<string, string>): FaultServer.Fault =>
  headers === undefined ? { _tag: "Respond", status, body } : { _tag: "Respond", status, body, headers }

describe("fault injection on loopback (real HTTP, NodeSinchVoice)", () => {
  describe("429", () => {
    it.scopedLive("Retry-After in seconds: the callout waits that long, then succeeds; placed once", () =>
      Effect.gen(function*() {
        const result = yield* run(callout, { faults: faults(respond(429, "{}", { "retry-after": "1" })) })
        assert.strictEqual(valueOf(result.exit).callId, "call-1")
        assert.strictEqual(result.received.length, 2)
        assert.isAtLeast(result.received[1]!.atMillis - result.received[0]!.atMillis, 950)
        assert.strictEqual(result.placed, 1)
        assert.strictEqual(result.retries, 1)
      }))

    it.scopedLive("Retry-After as an HTTP date: waits until then, then succeeds; placed once", () =>
      Effect.gen(function*() {
        // the next whole second, at most 1 s away (HTTP dates have no milliseconds)
        const until = Math.ceil((Date.now() + 1) / 1000) * 1000
        const result = yield* run(callout, {
          faults: faults(respond(429, "{}", { "retry-after": new Date(until).toUTCString() }))
        })
        assert.strictEqual(valueOf(result.exit).callId, "call-1")
        assert.strictEqual(result.received.length, 2)
        assert.isAtLeast(result.received[1]!.atMillis, until - 20)
        assert.strictEqual(result.placed, 1)
      }))

    it.scopedLive("a Retry-After date beyond maxRetryAfter: RateLimited with retryAfter, not retried, not placed", () =>
      Effect.gen(function*() {
        const result = yield* run(callout, {
          faults: faults(respond(429, "{\"errorCode\":42900}", {
            "retry-after": new Date(Date.now() + 3_600_000).toUTCString()
          }))
        })
        const error = errorOf(result.exit)
        assert.instanceOf(error, VoiceError.RateLimited)
        const retryAfter = error.retryAfter!
        assert.isTrue(Duration.greaterThan(retryAfter, Duration.minutes(59)))
        assert.strictEqual(result.received.length, 1)
        assert.strictEqual(result.placed, 0)
      }))
  })

  describe("5xx", () => {
    for (const status of [500, 502, 503, 504]) {
      it.scopedLive(`${status}: a callout fails with ServerError after one attempt; a GET is retried and succeeds`, () =>
        Effect.gen(function*() {
          const posted = yield* run(callout, { faults: faults(respond(status, "{\"errorCode\":50000}")) })
          const error = errorOf(posted.exit)
          assert.instanceOf(error, VoiceError.ServerError)
          assert.strictEqual(error.status, status)
          assert.strictEqual(posted.received.length, 1)
          assert.strictEqual(posted.placed, 1)

          const got = yield* run(getCall, { faults: faults(respond(status), respond(status)), auth: "basic" })
          assert.strictEqual(valueOf(got.exit).callId, "call-1")
          assert.strictEqual(got.received.length, 3)
          assert.strictEqual(got.retries, 2)
        }))
    }
  })

  describe("connection failures", () => {
    it.scopedLive("connection refused: the callout is retried (never sent), then fails typed; nothing placed", () =>
      Effect.gen(function*() {
        const baseUrl = yield* FaultServer.refusedBaseUrl
        const result = yield* run(callout, { baseUrl })
        const error = errorOf(result.exit)
        assert.instanceOf(error, VoiceError.TransportError)
        assert.isFalse(error.mayHaveReachedSinch)
        assert.include(error.description, "ECONNREFUSED")
        assert.strictEqual(result.retries, 3, "all 4 attempts were made")
        assert.strictEqual(result.placed, 0)
      }))

    it.scopedLive("reset before the request was read: the callout is not retried (the client cannot tell)", () =>
      Effect.gen(function*() {
        const result = yield* run(callout, { faults: faults({ _tag: "ResetOnConnect" }) })
        const error = errorOf(result.exit)
        assert.instanceOf(error, VoiceError.TransportError)
        assert.isTrue(error.mayHaveReachedSinch)
        assert.strictEqual(yield* result.server.connectionsReset, 1)
        assert.strictEqual(result.received.length, 0)
        assert.strictEqual(result.retries, 0)
        assert.strictEqual(result.placed, 0)

        const got = yield* run(getCall, { faults: faults({ _tag: "ResetOnConnect" }), auth: "basic" })
        assert.strictEqual(valueOf(got.exit).callId, "call-1")
        assert.strictEqual(yield* got.server.connectionsReset, 1)
        assert.strictEqual(got.received.length, 1)
      }))

    it.scopedLive("reset after the request was read: the callout fails typed after one attempt; placed once", () =>
      Effect.gen(function*() {
        const result = yield* run(callout, { faults: faults({ _tag: "ResetAfterRequest" }) })
        const error = errorOf(result.exit)
        assert.instanceOf(error, VoiceError.TransportError)
        assert.isTrue(error.mayHaveReachedSinch)
        assert.strictEqual(result.received.length, 1)
        assert.strictEqual(result.placed, 1)

        const got = yield* run(getCall, { faults: faults({ _tag: "ResetAfterRequest" }) })
        assert.strictEqual(valueOf(got.exit).callId, "call-1")
        assert.strictEqual(got.received.length, 2)
      }))
  })

  describe("slow responses", () => {
    it.scopedLive("no response within the timeout: Timeout after one attempt; placed once; a GET is retried", () =>
      Effect.gen(function*() {
        const result = yield* run(shortTimeout(callout), { faults: faults({ _tag: "Stall" }) })
        const error = errorOf(result.exit)
        assert.instanceOf(error, VoiceError.Timeout)
        assert.deepStrictEqual(error.timeout, Duration.millis(300))
        assert.strictEqual(result.received.length, 1)
        assert.strictEqual(result.placed, 1)

        const got = yield* run(shortTimeout(getCall), { faults: faults({ _tag: "Stall" }), auth: "basic" })
        assert.strictEqual(valueOf(got.exit).callId, "call-1")
        // at least: under heavy load a retry may itself run past the 300 ms
        assert.isAtLeast(got.received.length, 2)
      }))

    it.scopedLive("requests in flight together each time out at their own deadline", () =>
      Effect.gen(function*() {
        const timed = (timeout: Duration.DurationInput) =>
          Effect.timed(Effect.flip(VoiceConfig.withTimeout(timeout)(callout)))
        const result = yield* run(
          Effect.all([timed("900 millis"), timed("300 millis"), getCall], { concurrency: "unbounded" }),
          { faults: faults({ _tag: "Stall" }, { _tag: "Stall" }) }
        )
        const [[longElapsed, long], [shortElapsed, short], call] = valueOf(result.exit)
        assert.instanceOf(short, VoiceError.Timeout)
        assert.deepStrictEqual(short.timeout, Duration.millis(300))
        assert.isTrue(Duration.between(shortElapsed, { minimum: "300 millis", maximum: "850 millis" }))
        assert.instanceOf(long, VoiceError.Timeout)
        assert.deepStrictEqual(long.timeout, Duration.millis(900))
        assert.isTrue(Duration.greaterThanOrEqualTo(longElapsed, "900 millis"))
        assert.strictEqual(call.callId, "call-1")
      }))

    it.scopedLive("headers on time but the body stalls: the timeout covers the body too", () =>
      Effect.gen(function*() {
        const result = yield* run(shortTimeout(callout), { faults: faults({ _tag: "StallBody" }) })
        assert.instanceOf(errorOf(result.exit), VoiceError.Timeout)
        assert.strictEqual(result.received.length, 1)
        assert.strictEqual(result.placed, 1)
      }))
  })

  describe("bodies the client cannot use", () => {
    it.scopedLive("malformed JSON: UnexpectedResponse, not retried", () =>
      Effect.gen(function*() {
        const result = yield* run(callout, { faults: faults(respond(200, "{\"callId\":")) })
        const error = errorOf(result.exit)
        assert.instanceOf(error, VoiceError.UnexpectedResponse)
        assert.strictEqual(error.reason, "the body is not JSON")
        assert.strictEqual(error.excerpt, "{\"callId\":")
        assert.strictEqual(result.received.length, 1)
        assert.strictEqual(result.placed, 1)
      }))

    it.scopedLive("a wrong content type: the body decides (HTML fails typed, JSON labelled text/plain is read)", () =>
      Effect.gen(function*() {
        const html = yield* run(callout, {
          faults: faults(respond(200, "<html><body>Gateway</body></html>", { "content-type": "text/html" }))
        })
        const error = errorOf(html.exit)
        assert.instanceOf(error, VoiceError.UnexpectedResponse)
        assert.strictEqual(error.reason, "the body is not JSON")
        assert.strictEqual(html.placed, 1)

        const plain = yield* run(callout, {
          faults: faults(respond(200, "{\"callId\":\"c-plain\"}", { "content-type": "text/plain" }))
        })
        assert.strictEqual(valueOf(plain.exit).callId, "c-plain")
        assert.strictEqual(plain.received.length, 1)
      }))

    for (const declareLength of [false, true]) {
      it.scopedLive(
        `an oversized body (${declareLength ? "declared" : "streamed"}): UnexpectedResponse, the client stops reading`,
        () =>
          Effect.gen(function*() {
            const result = yield* run(callout, {
              // far more than socket buffers hold, so the server notices when the client stops reading
              faults: faults({ _tag: "Oversized", bytes: 16 * maxResponseBytes, declareLength })
            })
            const error = errorOf(result.exit)
            assert.instanceOf(error, VoiceError.UnexpectedResponse)
            assert.strictEqual(
              error.reason,
              `the body is larger than ${maxResponseBytes} bytes`
            )
            assert.strictEqual(result.received.length, 1)
            assert.strictEqual(result.placed, 1)
            const readToEnd = yield* result.server.oversizedReadToEnd.pipe(Effect.timeout("5 seconds"))
            assert.deepStrictEqual(readToEnd, [false], "the connection was dropped before the end of the body")
          })
      )
    }
  })

  describe("with the optional layers", () => {
    it.scopedLive("a breaker opens on 503s over real HTTP; the next request is not sent", () =>
      Effect.gen(function*() {
        const result = yield* run(
          Effect.gen(function*() {
            for (let i = 0; i < 3; i++) yield* Effect.flip(getCall.pipe(Retry.withPolicy(Retry.none)))
            return yield* Effect.flip(callout)
          }),
          {
            faults: faults(respond(503), respond(503), respond(503)),
            layers: Layer.merge(
              CircuitBreaker.layer({ failureRatio: 1, window: "1 minute", minimumRequests: 3, resetAfter: "1 minute" }),
              RateLimit.layer({ requestsPerSecond: 100 })
            )
          }
        )
        assert.instanceOf(valueOf(result.exit), VoiceError.CircuitOpen)
        assert.strictEqual(result.received.length, 3)
        assert.strictEqual(result.placed, 0)
        assert.isTrue(result.recorder.logLines.some((line) => line.includes("circuit breaker opened for 127.0.0.1")))
      }))
  })

  it.scopedLive("the operation's span records the exchange, never the Authorization header", () =>
    Effect.gen(function*() {
      const result = yield* run(getCall)
      const span = result.recorder.spans.find((span) => span.name === "sinch.voice.calls.get")
      assert.isDefined(span)
      assert.strictEqual(span!.attributes.get("http.response.status_code"), 200)
      for (const key of span!.attributes.keys()) assert.notMatch(key, /authorization/i)
    }))
})
