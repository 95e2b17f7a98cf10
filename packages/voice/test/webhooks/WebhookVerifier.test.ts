import * as Crypto from "@effect-sinch/voice/Crypto"
import * as Signature from "@effect-sinch/voice/Signature"
import * as WebhookError from "@effect-sinch/voice/WebhookError"
import * as WebhookVerifier from "@effect-sinch/voice/WebhookVerifier"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Encoding from "effect/Encoding"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as TestClock from "effect/TestClock"
import { TestCrypto } from "../utils/crypto.js"
import * as Fixtures from "./fixtures.js"
import { credentials, key, secret, signedAt, v1 } from "./vectorV1.js"

const utf8 = new TextEncoder()

const withHeader = (request: WebhookVerifier.Request, name: string, value: string | undefined) => ({
  ...request,
  headers: { ...(request.headers as Record<string, string>), [name]: value }
})

const verifyWith = (options: WebhookVerifier.Options, request: WebhookVerifier.Request) =>
  Effect.gen(function*() {
    const verifier = yield* WebhookVerifier.make(options)
    return yield* verifier.verify(request)
  }).pipe(Effect.provide(TestCrypto))

const verify = (request: WebhookVerifier.Request, options: Partial<WebhookVerifier.Options> = {}) =>
  verifyWith({ credentials, ...options }, request)

const atSigningTime = TestClock.setTime(Date.parse(signedAt))

const failureTag = <A, E extends { readonly _tag: string }, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.map(Effect.either(effect), Either.match({ onLeft: (error) => error._tag, onRight: () => "Verified" }))

// Signs a request the way Sinch does, with any key and secret.
const signed = (
  applicationKey: string,
  applicationSecret: string,
  request: Omit<WebhookVerifier.Request, "headers"> & { readonly contentType: string; readonly timestamp: string }
) =>
  Effect.gen(function*() {
    const crypto = yield* Crypto.Crypto
    const secretBytes = Either.getOrThrow(Signature.decodeSecret(Redacted.make(applicationSecret)))
    const signature = Signature.sign(crypto, secretBytes, { ...request, contentType: request.contentType })
    return {
      method: request.method,
      path: request.path,
      body: request.body,
      headers: {
        "authorization": Signature.authorization(applicationKey, signature),
        "content-type": request.contentType,
        "x-timestamp": request.timestamp
      }
    } satisfies WebhookVerifier.Request
  }).pipe(Effect.provide(TestCrypto))

describe("WebhookVerifier", () => {
  it.effect("verifies the reference's signed callback (V1)", () =>
    Effect.gen(function*() {
      yield* atSigningTime
      const verified = yield* verify(v1)
      expect(verified.scheme).toBe("Application")
      expect(verified.applicationKey).toBe(key)
      expect(Option.isSome(verified.timestamp)).toBe(true)
    }))

  it.effect("accepts the scheme keyword in any case", () =>
    Effect.gen(function*() {
      yield* atSigningTime
      for (const scheme of ["Application", "application", "APPLICATION"]) {
        const authorization = `${scheme} ${key}:Tg6fMyo8mj9pYfWQ9ssbx3Tc1BNC87IEygAfLbJqZb4=`
        expect(yield* failureTag(verify(withHeader(v1, "authorization", authorization)))).toBe("Verified")
      }
    }))

  it.effect("rejects a tampered body, path, content type or timestamp with InvalidSignature", () =>
    Effect.gen(function*() {
      yield* atSigningTime
      const tamperedBody = { ...v1, body: utf8.encode(Fixtures.aceSigned.replace("_257", "_258")) }
      expect(yield* failureTag(verify(tamperedBody))).toBe("InvalidSignature")
      expect(yield* failureTag(verify({ ...v1, path: "/sinch/callback/ice" }))).toBe("InvalidSignature")
      expect(yield* failureTag(verify(withHeader(v1, "content-type", "application/json; charset=utf-8")))).toBe(
        "InvalidSignature"
      )
      expect(yield* failureTag(verify(withHeader(v1, "x-timestamp", "2014-09-24T10:59:42Z")))).toBe(
        "InvalidSignature"
      )
    }))

  it.effect("rejects a tampered signature with InvalidSignature", () =>
    Effect.gen(function*() {
      yield* atSigningTime
      const error = yield* Effect.flip(
        verify(withHeader(v1, "authorization", `Application ${key}:Tg6fMyo8mj9pYfWQ9ssbx3Tc1BNC87IEygAfLbJqZb5=`))
      )
      expect(error).toBeInstanceOf(WebhookError.InvalidSignature)
      expect(error.message).toContain("/sinch/callback/ace")
      expect(yield* failureTag(verify(withHeader(v1, "authorization", `Application ${key}:short`)))).toBe(
        "InvalidSignature"
      )
    }))

  it.effect("rejects a tampered application key with UnknownApplicationKey", () =>
    Effect.gen(function*() {
      yield* atSigningTime
      const authorization =
        `Application 669E367E-6BBA-48AB-AF15-266871C28136:Tg6fMyo8mj9pYfWQ9ssbx3Tc1BNC87IEygAfLbJqZb4=`
      const error = yield* Effect.flip(verify(withHeader(v1, "authorization", authorization)))
      expect(error).toBeInstanceOf(WebhookError.UnknownApplicationKey)
    }))

  it.effect("rejects a missing or malformed authorization and unsupported schemes", () =>
    Effect.gen(function*() {
      yield* atSigningTime
      expect(yield* failureTag(verify(withHeader(v1, "authorization", undefined)))).toBe("MissingAuthorization")
      expect(yield* failureTag(verify(withHeader(v1, "authorization", "  ")))).toBe("MissingAuthorization")
      expect(yield* failureTag(verify(withHeader(v1, "authorization", "Bearer abc")))).toBe("UnsupportedScheme")
      expect(yield* failureTag(verify(withHeader(v1, "authorization", "Application")))).toBe(
        "MalformedAuthorization"
      )
      expect(yield* failureTag(verify(withHeader(v1, "authorization", `Application ${key}`)))).toBe(
        "MalformedAuthorization"
      )
      expect(yield* failureTag(verify(withHeader(v1, "authorization", `Application ${key}:`)))).toBe(
        "MalformedAuthorization"
      )
    }))

  it.effect("rejects a missing or malformed x-timestamp with MalformedTimestamp", () =>
    Effect.gen(function*() {
      yield* atSigningTime
      expect(yield* failureTag(verify(withHeader(v1, "x-timestamp", undefined)))).toBe("MalformedTimestamp")
      expect(yield* failureTag(verify(withHeader(v1, "x-timestamp", "yesterday")))).toBe("MalformedTimestamp")
    }))

  it.effect("rejects a request older (or newer) than the window with StaleTimestamp", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(Date.parse(signedAt) + 5 * 60_000)
      expect(yield* failureTag(verify(v1))).toBe("Verified")
      yield* TestClock.setTime(Date.parse(signedAt) + 5 * 60_000 + 1)
      const stale = yield* Effect.flip(verify(v1))
      expect(stale).toBeInstanceOf(WebhookError.StaleTimestamp)
      expect(stale.message).toContain("old")
      yield* TestClock.setTime(Date.parse(signedAt) - 6 * 60_000)
      expect(yield* failureTag(verify(v1))).toBe("StaleTimestamp")
      // A wider window accepts it.
      expect(yield* failureTag(verify(v1, { maxAge: "10 minutes" }))).toBe("Verified")
    }))

  it.effect("accepts any of several secrets during a key rotation", () =>
    Effect.gen(function*() {
      yield* atSigningTime
      const options: WebhookVerifier.Options = {
        credentials: [
          { applicationKey: key, applicationSecret: Redacted.make("bmV3LXNlY3JldA==") },
          { applicationKey: key, applicationSecret: Redacted.make(secret) },
          { applicationKey: "other-key", applicationSecret: Redacted.make("b3RoZXI=") }
        ]
      }
      expect(yield* failureTag(verifyWith(options, v1))).toBe("Verified")
      const withNewSecret = yield* signed(key, "bmV3LXNlY3JldA==", {
        method: "POST",
        path: "/sinch/callback/ace",
        body: v1.body,
        contentType: "application/json",
        timestamp: signedAt
      })
      expect(yield* failureTag(verifyWith(options, withNewSecret))).toBe("Verified")
      const withOtherKey = yield* signed("other-key", "b3RoZXI=", {
        method: "POST",
        path: "/sinch/callback/ace",
        body: v1.body,
        contentType: "application/json",
        timestamp: signedAt
      })
      expect((yield* verifyWith(options, withOtherKey)).applicationKey).toBe("other-key")
      // A retired secret no longer verifies.
      expect(yield* failureTag(verify(withNewSecret))).toBe("InvalidSignature")
    }))

  it.effect("verifies the public path behind a proxy that strips or rewrites it", () =>
    Effect.gen(function*() {
      yield* atSigningTime
      const stripped = { ...v1, path: "/ace" }
      expect(yield* failureTag(verify(stripped))).toBe("InvalidSignature")
      expect(yield* failureTag(verify(stripped, { pathPrefix: "/sinch/callback" }))).toBe("Verified")
      expect(yield* failureTag(verify(stripped, { pathPrefix: "/sinch/callback/" }))).toBe("Verified")
      const rewritten = { ...v1, path: "/internal/voice-ace" }
      expect(
        yield* failureTag(
          verify(rewritten, { publicPath: (path) => path.replace("/internal/voice-", "/sinch/callback/") })
        )
      ).toBe("Verified")
    }))

  it.effect("accepts Basic only when enabled, comparing key and secret", () =>
    Effect.gen(function*() {
      yield* atSigningTime
      const basic = (credentials: string) =>
        withHeader(v1, "authorization", `Basic ${Encoding.encodeBase64(credentials)}`)
      expect(yield* failureTag(verify(basic(`${key}:${secret}`)))).toBe("UnsupportedScheme")
      const verified = yield* verify(basic(`${key}:${secret}`), { allowBasic: true })
      expect(verified.scheme).toBe("Basic")
      expect(yield* failureTag(verify(basic(`${key}:wrong`), { allowBasic: true }))).toBe("InvalidSignature")
      expect(yield* failureTag(verify(basic(`nobody:${secret}`), { allowBasic: true }))).toBe(
        "UnknownApplicationKey"
      )
      expect(yield* failureTag(verify(basic("no-colon"), { allowBasic: true }))).toBe("MalformedAuthorization")
      expect(
        yield* failureTag(verify(withHeader(v1, "authorization", "basic !!!"), { allowBasic: true }))
      ).toBe("MalformedAuthorization")
    }))

  it.effect("with replayGuard, refuses a signature already accepted within the window, and only then", () =>
    Effect.gen(function*() {
      yield* atSigningTime
      const credentials = [{ applicationKey: key, applicationSecret: Redacted.make(secret) }]
      const verifier = yield* WebhookVerifier.make({ credentials, replayGuard: true })
      const tag = (request: WebhookVerifier.Request) => failureTag(verifier.verify(request))

      expect(yield* tag(v1)).toBe("Verified")
      yield* TestClock.adjust("4 minutes")
      const replay = yield* Effect.flip(verifier.verify(v1))
      expect(replay).toBeInstanceOf(WebhookError.ReplayedRequest)
      expect(replay.message).toContain(signedAt)
      // a refused forgery is not remembered: it cannot lock out the genuine request
      const other = yield* signed(key, secret, {
        method: "POST",
        path: "/sinch/callback/ace",
        body: utf8.encode(Fixtures.aceSigned),
        contentType: "application/json",
        timestamp: "2014-09-24T11:03:00Z"
      })
      expect(yield* tag(withHeader(other, "x-timestamp", "2014-09-24T11:03:01Z"))).toBe("InvalidSignature")
      expect(yield* tag(other)).toBe("Verified")
      expect(yield* tag(other)).toBe("ReplayedRequest")
      // once outside the window, it is stale (and forgotten)
      yield* TestClock.adjust("2 minutes")
      expect(yield* tag(v1)).toBe("StaleTimestamp")

      // off by default: the same replay is accepted by its signature alone
      yield* atSigningTime
      expect(yield* failureTag(verify(v1))).toBe("Verified")
      const unguarded = yield* WebhookVerifier.make({ credentials })
      expect(yield* failureTag(unguarded.verify(v1))).toBe("Verified")
      expect(yield* failureTag(unguarded.verify(v1))).toBe("Verified")
    }).pipe(Effect.provide(TestCrypto)))

  it.effect("the replay guard is bounded: the oldest signatures are forgotten first", () =>
    Effect.gen(function*() {
      yield* atSigningTime
      const credentials = [{ applicationKey: key, applicationSecret: Redacted.make(secret) }]
      const verifier = yield* WebhookVerifier.make({ credentials, replayGuard: 2 })
      const at = (timestamp: string) =>
        signed(key, secret, {
          method: "POST",
          path: "/sinch/callback/ace",
          body: utf8.encode(Fixtures.aceSigned),
          contentType: "application/json",
          timestamp
        })
      const requests = yield* Effect.forEach(
        ["2014-09-24T10:59:41Z", "2014-09-24T10:59:42Z", "2014-09-24T10:59:43Z"],
        at
      )
      for (const request of requests) expect(yield* failureTag(verifier.verify(request))).toBe("Verified")
      // the first was dropped to keep two entries; the two latest are still refused
      expect(yield* failureTag(verifier.verify(requests[2]!))).toBe("ReplayedRequest")
      expect(yield* failureTag(verifier.verify(requests[1]!))).toBe("ReplayedRequest")
      expect(yield* failureTag(verifier.verify(requests[0]!))).toBe("Verified")
    }).pipe(Effect.provide(TestCrypto)))

  it.effect("refuses to start with a secret that is not base64", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(
        WebhookVerifier.make({
          credentials: [{ applicationKey: "k", applicationSecret: Redacted.make("not base64!") }]
        })
      )
      expect(error).toBeInstanceOf(WebhookError.InvalidCredentials)
      expect(error.message).not.toContain("not base64!")
    }).pipe(Effect.provide(TestCrypto)))
})
