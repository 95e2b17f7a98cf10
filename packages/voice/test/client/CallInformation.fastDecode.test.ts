import { Calls, Retry, VoiceError } from "@effect-sinch/voice"
import { assert, describe, expect, it } from "@effect/vitest"
import * as Arbitrary from "effect/Arbitrary"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as FastCheck from "effect/FastCheck"
import * as Schema from "effect/Schema"
import * as CallInformation from "../../src/internal/callInformation.js"
import * as errors from "../../src/internal/errors.js"
import * as ParseIssue from "../../src/internal/parseIssue.js"
import * as Mock from "../utils/mockTransport.js"
import * as SinchFake from "../utils/sinchFake.js"
import * as Timestamps from "../utils/timestamps.js"

// The client reads `Calls.get`'s answer with its own quicker reader; it must give exactly what the
// schema gives (as the client decodes: excess properties ignored), or give up.
const read = CallInformation.make()
const decode = Schema.decodeUnknownEither(Calls.CallInformation, { onExcessProperty: "ignore" })
const encode = Schema.encodeSync(Calls.CallInformation)

/** Checks the reader against the schema; whether the reader gave a value. */
const agrees = (input: unknown): boolean => {
  const fast = read(input)
  if (fast === undefined) return false
  const expected = decode(input)
  expect(Either.isRight(expected)).toBe(true)
  const value = Either.getOrThrow(expected)
  expect(fast).toBeInstanceOf(Calls.CallInformation)
  expect(fast).toStrictEqual(value)
  expect(Object.keys(fast)).toStrictEqual(Object.keys(value))
  expect(JSON.stringify(fast)).toBe(JSON.stringify(value))
  return true
}

const hasUndefinedField = (wire: object) => Object.values(wire).includes(undefined)

// values of the wrong kind, nulls, other casings of the enumerations, timestamps of other forms,
// records in place of strings and the other way round
const junk = FastCheck.constantFrom<unknown>(
  null,
  undefined,
  7,
  Number.NaN,
  "x",
  "",
  [],
  ["a"],
  {},
  { k: 1 },
  true,
  "Number",
  "SIP",
  "ongoing",
  "Final",
  "PSTN",
  "answered",
  "calleeHangup",
  ...Timestamps.forms,
  { currencyId: "EUR", amount: 0.5 },
  { currencyId: "EUR", amount: "0.5" },
  { currencyId: "EUR", amount: 1, extra: true },
  { type: "NUMBER", endpoint: "+46700000001" },
  { type: "number", endpoint: "+46700000001", extra: null },
  { type: "number" },
  { type: null, endpoint: "x" }
)

const fieldNames = [...Object.keys(Calls.CallInformation.fields), "extra", "__proto__", "event"]

/** Some fields (or extra keys) given junk; the rest as generated. */
const spoiled = (wire: object) =>
  FastCheck.dictionary(FastCheck.constantFrom(...fieldNames), junk, { minKeys: 1, maxKeys: 4 }).map((changes) => {
    const input: Record<string, unknown> = JSON.parse(JSON.stringify(wire))
    for (const [key, value] of Object.entries(changes)) Object.defineProperty(input, key, { value, enumerable: true })
    return input
  })

describe("the client's reader of Calls.get's answer", () => {
  it("gives the CallInformation the schema gives for every generated answer", () => {
    FastCheck.assert(
      FastCheck.property(Arbitrary.make(Calls.CallInformation), (call) => {
        const wire = encode(call)
        // a key present as `undefined` (never in JSON) is left to the schema, which keeps it
        expect(agrees(wire)).toBe(!hasUndefinedField(wire))
        // JSON turns non-finite numbers into nulls, which the schema rejects
        const json: unknown = JSON.parse(JSON.stringify(wire))
        expect(agrees(json)).toBe(Either.isRight(decode(json)))
      }),
      { numRuns: 1000 }
    )
  })

  it("gives what the schema gives, or gives up, on corrupted answers", () => {
    FastCheck.assert(
      FastCheck.property(Arbitrary.make(Calls.CallInformation).chain((call) => spoiled(encode(call))), (wire) => {
        agrees(wire)
      }),
      { numRuns: 2000 }
    )
    // what the encoded side allows, with junk in the enumerations, timestamps and records
    FastCheck.assert(
      FastCheck.property(Arbitrary.make(Schema.encodedSchema(Calls.CallInformation)), (wire) => {
        agrees(wire)
      }),
      { numRuns: 1000 }
    )
  })

  it("reads what Sinch sends, and gives up on a null (which the schema rejects)", () => {
    const answer = { ...SinchFake.callInformation, timestamp: "2024-01-08T09:48:12Z", unknownField: 1 }
    assert.isTrue(agrees(answer))
    assert.isTrue(agrees({ ...answer, custom: { a: [1] }, timestamp: "2024-01-08T09:48:12" }))
    assert.isFalse(agrees({ ...answer, duration: null }))
    assert.isTrue(Either.isLeft(decode({ ...answer, duration: null })))
    assert.isFalse(agrees({ ...answer, callId: 7 }))
  })
})

const get = (body: unknown) =>
  Effect.flatMap(Calls.Calls, (calls) => Effect.either(calls.get("c1"))).pipe(
    Effect.provide(Mock.client(() => Mock.json(200, body), { retry: Retry.none }))
  )

describe("Calls.get's decoding", () => {
  it.effect("gives the schema's CallInformation for a well-formed answer", () =>
    Effect.gen(function*() {
      const body = {
        callId: "c1",
        from: { type: "NUMBER", endpoint: "+46700000001" },
        status: "ongoing",
        timestamp: "2024-01-08T09:48:12.5+01:00",
        custom: { order: 7 },
        extra: "ignored"
      }
      const call = Either.getOrThrow(yield* get(body))
      assert.deepStrictEqual(call, Either.getOrThrow(decode(body)))
      assert.strictEqual(call.from?.type, "number")
    }))

  it.effect("fails with the schema's explanation for a malformed answer", () =>
    Effect.gen(function*() {
      for (const body of [{ callId: "c1", duration: null }, { callId: "c1", from: { type: "number" } }, { id: 1 }]) {
        const result = yield* get(body)
        const error = Either.flip(result).pipe(Either.getOrThrow)
        assert.instanceOf(error, VoiceError.UnexpectedResponse)
        const explanation = ParseIssue.describe(Either.flip(decode(body)).pipe(Either.getOrThrow))
        assert.strictEqual(
          error.reason,
          errors.excerpt(`the body does not match the schema: ${explanation}`)
        )
      }
    }))
})
