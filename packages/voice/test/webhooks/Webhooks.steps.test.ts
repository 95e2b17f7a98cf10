import * as Actions from "@effect-sinch/svaml/Actions"
import * as Crypto from "@effect-sinch/voice/Crypto"
import * as Signature from "@effect-sinch/voice/Signature"
import * as WebhookError from "@effect-sinch/voice/WebhookError"
import * as Webhooks from "@effect-sinch/voice/Webhooks"
import * as WebhookVerifier from "@effect-sinch/voice/WebhookVerifier"
import * as Headers from "@effect/platform/Headers"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Exit from "effect/Exit"
import * as Logger from "effect/Logger"
import * as LogLevel from "effect/LogLevel"
import * as Redacted from "effect/Redacted"
import * as TestClock from "effect/TestClock"
import * as Fixtures from "./fixtures.js"
import { applicationKey, applicationSecret, now, nowMillis, VerifierLive } from "./utils.js"

const utf8 = new TextEncoder()

// A request as a server adapter hands it to `steps.answer`: signed, its body read.
const buffered = (body: string, overrides: Partial<Webhooks.BufferedRequest> = {}) =>
  Effect.map(Crypto.Crypto, (crypto): Webhooks.BufferedRequest => {
    const bytes = utf8.encode(body)
    const secret = Either.getOrThrow(Signature.decodeSecret(Redacted.make(applicationSecret)))
    const signature = Signature.sign(crypto, secret, {
      method: "POST",
      contentType: "application/json",
      timestamp: now,
      path: "/sinch/callback",
      body: bytes
    })
    return {
      method: "POST",
      url: "/sinch/callback?attempt=1",
      headers: Headers.fromInput({
        "authorization": Signature.authorization(applicationKey, signature),
        "content-type": "application/json",
        "x-timestamp": now
      }),
      body: bytes,
      ...overrides
    }
  })

const ice = JSON.stringify({ event: "ice", callid: "call-1", cli: "+46700000000" })
const hangup = { action: Actions.hangup() }

const steps = <E>(handlers: Webhooks.Handlers<E>) =>
  Effect.gen(function*() {
    yield* TestClock.setTime(nowMillis)
    const webhooks = yield* Webhooks.make(handlers, { maxBodyBytes: 1024 })
    return { steps: webhooks.steps, runtime: yield* Effect.runtime<never>() }
  })

const quiet = Logger.withMinimumLogLevel(LogLevel.None)

describe("Webhooks.steps (for server adapters)", () => {
  it.effect("answers a callback whose handler returns at once with an Exit: no fiber is needed", () =>
    Effect.gen(function*() {
      const { runtime, steps: { answer } } = yield* steps({ ice: () => Effect.succeed(hangup) })
      const answered = answer(runtime, yield* buffered(ice))
      expect(Exit.isExit(answered)).toBe(true)
      expect(yield* answered).toEqual({
        status: 200,
        contentType: "application/json",
        body: JSON.stringify({ action: { name: "hangup" } })
      })
      // DiCE without a handler: an empty 200, at once too
      const dice = answer(runtime, yield* buffered(Fixtures.dice))
      expect(Exit.isExit(dice)).toBe(true)
      expect(yield* dice).toEqual({ status: 200 })
    }).pipe(Effect.provide(VerifierLive)))

  it.effect("answers a callback whose handler waits through an effect, with the same answer", () =>
    Effect.gen(function*() {
      const { runtime, steps: { answer } } = yield* steps({
        ice: () => Effect.as(Effect.sleep("1 second"), hangup)
      })
      const answered = answer(runtime, yield* buffered(ice))
      expect(Exit.isExit(answered)).toBe(false)
      const fiber = yield* Effect.fork(answered)
      yield* TestClock.adjust("1 second")
      expect(yield* fiber).toMatchObject({ status: 200, body: JSON.stringify({ action: { name: "hangup" } }) })
    }).pipe(Effect.provide(VerifierLive)))

  it.effect("answers with the fallback once the deadline passes, while the handler is still running", () =>
    Effect.gen(function*() {
      const { runtime, steps: { answer } } = yield* steps({ ice: () => Effect.never })
      const fiber = yield* Effect.fork(answer(runtime, yield* buffered(ice)))
      yield* TestClock.adjust(Webhooks.defaultTimeout)
      expect(yield* fiber).toMatchObject({ status: 200, body: JSON.stringify({ action: { name: "hangup" } }) })
    }).pipe(quiet, Effect.provide(VerifierLive)))

  it.effect("checks method and headers before the body: 405, 413 by declared length, 415, 401", () =>
    Effect.gen(function*() {
      const { steps: { check } } = yield* steps({})
      const status = (method: string, headers: Record<string, string>) => {
        const refused = check(method, Headers.fromInput(headers))
        return refused === undefined ? "read the body" : Effect.runSync(refused).status
      }
      const json = { "content-type": "application/json", "authorization": "Application k:s" }
      expect(status("GET", json)).toBe(405)
      expect(status("POST", { ...json, "content-length": "1025" })).toBe(413)
      expect(status("POST", { ...json, "content-type": "text/plain" })).toBe(415)
      expect(status("POST", { "content-type": "application/json" })).toBe(401)
      expect(status("POST", { ...json, "content-length": "1024" })).toBe("read the body")
    }).pipe(quiet, Effect.provide(VerifierLive)))

  it.effect("refuses what fails verification or decoding, never calling a handler", () =>
    Effect.gen(function*() {
      let calls = 0
      const { runtime, steps: { answer, refuse } } = yield* steps({
        ice: () => Effect.sync(() => calls++).pipe(Effect.as(hangup))
      })
      const request = yield* buffered(ice)
      expect((yield* answer(runtime, { ...request, body: utf8.encode(ice.replace("call-1", "call-2")) })).status)
        .toBe(401)
      expect((yield* answer(runtime, { ...request, url: "/elsewhere" })).status).toBe(401)
      expect((yield* answer(runtime, yield* buffered(`{"event":"nope","callid":"c"}`))).status).toBe(400)
      yield* TestClock.adjust("6 minutes")
      expect((yield* answer(runtime, request)).status).toBe(401)
      expect(calls).toBe(0)
      expect((yield* refuse(new WebhookError.PayloadTooLarge({ maxBytes: 1 }))).status).toBe(413)
    }).pipe(quiet, Effect.provide(VerifierLive)))

  it.effect("uses a verifier without unsafeVerify through its verify", () =>
    Effect.gen(function*() {
      const verifier = yield* WebhookVerifier.WebhookVerifier
      const webhooks = yield* Webhooks.make({ ice: () => Effect.succeed(hangup) }).pipe(
        Effect.provideService(WebhookVerifier.WebhookVerifier, { verify: verifier.verify })
      )
      yield* TestClock.setTime(nowMillis)
      const answered = yield* webhooks.steps.answer(yield* Effect.runtime<never>(), yield* buffered(ice))
      expect(answered.status).toBe(200)
    }).pipe(Effect.provide(VerifierLive)))
})
