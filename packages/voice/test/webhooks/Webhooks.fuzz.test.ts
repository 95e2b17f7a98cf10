import * as Actions from "@effect-sinch/svaml/Actions"
import * as Events from "@effect-sinch/voice/Events"
import * as Webhooks from "@effect-sinch/voice/Webhooks"
import { describe, expect, it } from "@effect/vitest"
import * as Arbitrary from "effect/Arbitrary"
import * as Effect from "effect/Effect"
import * as FastCheck from "effect/FastCheck"
import * as Logger from "effect/Logger"
import * as LogLevel from "effect/LogLevel"
import * as Ref from "effect/Ref"
import * as Schema from "effect/Schema"
import * as TestClock from "effect/TestClock"
import { applicationKey, call, now, nowMillis, signedRequest, VerifierLive } from "./utils.js"

const utf8 = new TextEncoder()

// Header values must be visible ASCII for `Request`; anything else is replaced.
const headerValue = FastCheck.string({ maxLength: 80 }).map((value) => value.replace(/[^\x20-\x7e]/g, "?"))

// A pool of valid events (generating them per case is slow): only the signature keeps them out.
const encodedEvent = FastCheck.constantFrom(
  ...FastCheck.sample(Arbitrary.make(Events.CallbackEvent), { numRuns: 200, seed: 1 }).map((event) =>
    JSON.stringify(Schema.encodeSync(Events.CallbackEvent)(event))
  )
)

const body = FastCheck.oneof(
  encodedEvent,
  FastCheck.json({ maxDepth: 3 }),
  FastCheck.string({ maxLength: 200 }),
  FastCheck.uint8Array({ maxLength: 300 }),
  FastCheck.constant(""),
  FastCheck.constantFrom("{", "[]", "null", "{\"event\":\"ice\"}", "{\"event\":\"ICE\",\"callid\":1}")
)

const authorization = FastCheck.oneof(
  headerValue,
  FastCheck.base64String({ maxLength: 44 }).map((signature) => `Application ${applicationKey}:${signature}`),
  FastCheck.base64String({ maxLength: 44 }).map((signature) => `application ${applicationKey}:${signature}`),
  headerValue.map((rest) => `Application ${rest}`),
  FastCheck.base64String({ maxLength: 60 }).map((credentials) => `Basic ${credentials}`),
  FastCheck.constantFrom("Application", "Application :", "Application ::", "Bearer x", "")
)

const unsignedRequest = FastCheck.record({
  method: FastCheck.oneof(
    { arbitrary: FastCheck.constant("POST"), weight: 9 },
    { arbitrary: FastCheck.constantFrom("PUT", "GET", "DELETE", "PATCH"), weight: 1 }
  ),
  path: FastCheck.constantFrom("/sinch/callback", "/", "/other", "/sinch/callback?x=1"),
  body,
  authorization: FastCheck.option(authorization, { nil: undefined }),
  contentType: FastCheck.option(
    FastCheck.oneof(
      { arbitrary: FastCheck.constantFrom("application/json", "application/json; charset=utf-8"), weight: 4 },
      { arbitrary: FastCheck.constantFrom("text/plain", "APPLICATION/JSON", "application/problem+json"), weight: 1 },
      { arbitrary: headerValue, weight: 1 }
    ),
    { nil: undefined, freq: 10 }
  ),
  timestamp: FastCheck.option(FastCheck.oneof(FastCheck.constant(now), headerValue), { nil: undefined }),
  contentLength: FastCheck.oneof(
    { arbitrary: FastCheck.constant(undefined), weight: 8 },
    { arbitrary: FastCheck.nat().map(String), weight: 1 },
    { arbitrary: headerValue, weight: 1 }
  )
})

const toRequest = (input: typeof unsignedRequest extends FastCheck.Arbitrary<infer A> ? A : never): Request => {
  const headers: Record<string, string> = {}
  if (input.authorization !== undefined) headers["authorization"] = input.authorization
  if (input.contentType !== undefined) headers["content-type"] = input.contentType
  if (input.timestamp !== undefined) headers["x-timestamp"] = input.timestamp
  if (input.contentLength !== undefined) headers["content-length"] = input.contentLength
  const bytes = typeof input.body === "string" ? utf8.encode(input.body) : Uint8Array.from(input.body)
  return new Request(`http://localhost${input.path}`, {
    method: input.method,
    headers,
    body: input.method === "GET" ? null : bytes
  })
}

const allowedStatuses = [200, 400, 401, 405, 413, 415]

describe("Webhooks (fuzz)", () => {
  it.effect(
    "10,000 random requests: no crash, no 5xx, no handler call without a valid signature",
    () =>
      Effect.gen(function*() {
        yield* TestClock.setTime(nowMillis)
        const handled = yield* Ref.make(0)
        const count = Ref.update(handled, (n) => n + 1)
        const service = yield* Webhooks.make({
          ice: () => Effect.as(count, { action: Actions.hangup() }),
          ace: () => Effect.as(count, { action: Actions.continueCall() }),
          pie: () => Effect.as(count, { action: Actions.hangup() }),
          dice: () => count,
          notify: () => count
        }, { maxBodyBytes: 4096 })

        const statuses = new Map<number, number>()
        const record = (status: number) => statuses.set(status, (statuses.get(status) ?? 0) + 1)

        // Random methods, paths, bodies and headers, none correctly signed.
        for (const input of FastCheck.sample(unsignedRequest, { numRuns: 10_000, seed: 4242 })) {
          const response = yield* call(service.httpApp, toRequest(input))
          expect(allowedStatuses).toContain(response.status)
          record(response.status)
        }
        expect(yield* Ref.get(handled)).toBe(0)

        // Correctly signed requests, then the same with one byte of the body flipped.
        const signedInputs = FastCheck.sample(body, { numRuns: 500, seed: 7 })
        let tampered = 0
        for (const input of signedInputs) {
          const bytes = typeof input === "string" ? utf8.encode(input) : input
          const response = yield* signedRequest({ body: bytes }).pipe(
            Effect.flatMap((request) => call(service.httpApp, request))
          )
          expect([200, 400, 413]).toContain(response.status)
          if (bytes.length === 0) continue
          const flipped = Uint8Array.from(bytes)
          flipped[flipped.length - 1] = flipped[flipped.length - 1]! ^ 1
          const signedThenTampered = yield* signedRequest({ body: bytes }).pipe(
            Effect.map((request) =>
              new Request(request.url, { method: "POST", headers: request.headers, body: flipped })
            )
          )
          const before = yield* Ref.get(handled)
          const refused = yield* call(service.httpApp, signedThenTampered)
          expect([401, 413]).toContain(refused.status)
          expect(yield* Ref.get(handled)).toBe(before)
          tampered++
        }
        expect(tampered).toBeGreaterThan(400)
        // Sanity: the mix reached every refusal, and mostly the signature check.
        expect([...statuses.keys()].sort()).toEqual([401, 405, 413, 415])
        expect(statuses.get(401)).toBeGreaterThan(4000)
      }).pipe(Effect.provide(VerifierLive), Logger.withMinimumLogLevel(LogLevel.None)),
    {
      // ~3 s on an idle machine; generous for loaded CI runners
      timeout: 120_000
    }
  )
})
