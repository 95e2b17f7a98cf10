import * as WebhookVerifier from "@effect-sinch/voice/WebhookVerifier"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Encoding from "effect/Encoding"
import * as TestClock from "effect/TestClock"
import { TestCrypto } from "../utils/crypto.js"
import { credentials, key, secret, signedAt, v1 } from "./vectorV1.js"

const withHeaders = (headers: Record<string, string>): WebhookVerifier.Request => ({
  ...v1,
  headers: { ...(v1.headers as Record<string, string>), ...headers }
})

const requests: ReadonlyArray<WebhookVerifier.Request> = [
  v1,
  withHeaders({ "x-timestamp": "2014-09-24T10:59:41.000Z" }),
  withHeaders({ "x-timestamp": "2014-09-24T10:59:41" }),
  withHeaders({ "x-timestamp": "2014-09-24T12:59:41+02:00" }),
  withHeaders({ "x-timestamp": "2014-09-24T11:09:42Z" }),
  withHeaders({ "x-timestamp": "not a date" }),
  withHeaders({ "authorization": `Application ${key}:AAAA` }),
  withHeaders({ "authorization": "Application unknown:AAAA" }),
  withHeaders({ "authorization": "Application nocolon" }),
  withHeaders({ "authorization": `Basic ${Encoding.encodeBase64(`${key}:${secret}`)}` }),
  withHeaders({ "authorization": "Bearer x" }),
  withHeaders({ "authorization": "  " }),
  { ...v1, path: "/elsewhere" }
]

describe("WebhookVerifier.unsafeVerify", () => {
  for (const allowBasic of [false, true]) {
    it.effect(`decides as verify does, at the clock's time (allowBasic: ${allowBasic})`, () =>
      Effect.gen(function*() {
        const verifier = yield* WebhookVerifier.make({
          credentials,
          allowBasic
        })
        const unsafeVerify = verifier.unsafeVerify
        if (unsafeVerify === undefined) throw new Error("the built-in verifier has unsafeVerify")
        const outcomes = []
        // a second after signing, and ten minutes after (stale)
        for (const at of [Date.parse(signedAt) + 1000, Date.parse(signedAt) + 600_000]) {
          yield* TestClock.setTime(at)
          for (const request of requests) {
            const expected = yield* Effect.either(verifier.verify(request))
            const actual = unsafeVerify(request, at)
            expect(actual).toStrictEqual(expected)
            outcomes.push(Either.isRight(actual) ? "Verified" : actual.left._tag)
          }
        }
        expect(outcomes).toContain("Verified")
        expect(outcomes).toContain("StaleTimestamp")
        expect(outcomes).toContain("InvalidSignature")
        expect(outcomes).toContain("MalformedTimestamp")
      }).pipe(Effect.provide(TestCrypto)))
  }

  it.effect("with replayGuard, remembers what either entry accepted", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(Date.parse(signedAt))
      const verifier = yield* WebhookVerifier.make({
        credentials,
        replayGuard: true
      })
      const first = verifier.unsafeVerify?.(v1, Date.parse(signedAt))
      expect(first !== undefined && Either.isRight(first)).toBe(true)
      const replayed = yield* Effect.flip(verifier.verify(v1))
      expect(replayed._tag).toBe("ReplayedRequest")
    }).pipe(Effect.provide(TestCrypto)))
})
