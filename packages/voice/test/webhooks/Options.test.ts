/**
 * Webhook options that would quietly switch a limit off or refuse every callback (`NaN`, negative,
 * fractional, unreadable) fail the layer with `InvalidConfiguration` naming the option.
 */
import * as VoiceError from "@effect-sinch/voice/VoiceError"
import * as Webhooks from "@effect-sinch/voice/Webhooks"
import * as WebhookVerifier from "@effect-sinch/voice/WebhookVerifier"
import { assert, describe, it } from "@effect/vitest"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import { TestCrypto } from "../utils/crypto.js"

const credentials = [{
  applicationKey: "669E367E-6BBA-48AB-AF15-266871C28135",
  applicationSecret: Redacted.make("BeIukql3pTKJ8RGL5zo0DA==")
}]

const verifier = (options: Omit<WebhookVerifier.Options, "credentials">) =>
  WebhookVerifier.layer({ credentials, ...options }).pipe(Layer.provide(TestCrypto))

const webhooks = (options: Webhooks.Options) => Webhooks.layer({}, options).pipe(Layer.provide(verifier({})))

const refusal = <A, E>(layer: Layer.Layer<A, E>) =>
  Effect.flip(Effect.scoped(Layer.build(layer))).pipe(
    Effect.map((error) => {
      assert.instanceOf(error, VoiceError.InvalidConfiguration)
      return error
    })
  )

const builds = <A, E>(layer: Layer.Layer<A, E>) => Effect.scoped(Layer.build(layer))

describe("webhook options", () => {
  it.effect("Webhooks: maxBodyBytes must be a whole number of bytes from 1", () =>
    Effect.gen(function*() {
      for (const maxBodyBytes of [Number.NaN, -1, 0, 1.5, Number.POSITIVE_INFINITY]) {
        const error = yield* refusal(webhooks({ maxBodyBytes }))
        assert.strictEqual(error.field, "maxBodyBytes")
        assert.include(error.message, "maxBodyBytes")
      }
      yield* builds(webhooks({ maxBodyBytes: 1 }))
      yield* builds(webhooks({ maxBodyBytes: 8 * 1024 * 1024 }))
    }))

  it.effect("Webhooks: the handler timeout must be a positive duration", () =>
    Effect.gen(function*() {
      const bad: ReadonlyArray<Duration.DurationInput> = [Number.NaN, -1, 0, "-5 seconds"]
      for (const timeout of bad) {
        const error = yield* refusal(webhooks({ timeout }))
        assert.strictEqual(error.field, "timeout")
      }
      yield* builds(webhooks({ timeout: "2 seconds" }))
      yield* builds(webhooks({ timeout: 1500 }))
    }))

  it.effect("WebhookVerifier: maxAge must be a positive, finite duration", () =>
    Effect.gen(function*() {
      const bad: ReadonlyArray<Duration.DurationInput> = [
        Number.NaN,
        -1,
        0,
        Number.POSITIVE_INFINITY,
        "-1 minutes"
      ]
      for (const maxAge of bad) {
        const error = yield* refusal(verifier({ maxAge }))
        assert.strictEqual(error.field, "maxAge")
      }
      yield* builds(verifier({ maxAge: "1 minute" }))
    }))

  it.effect("WebhookVerifier: a replay guard size must be a whole number from 1", () =>
    Effect.gen(function*() {
      for (const replayGuard of [Number.NaN, 0, -5, 2.5]) {
        const error = yield* refusal(verifier({ replayGuard }))
        assert.strictEqual(error.field, "replayGuard")
      }
      yield* builds(verifier({ replayGuard: 10 }))
      yield* builds(verifier({ replayGuard: true }))
    }))
})
