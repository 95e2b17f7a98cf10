/**
 * The callouts are checked with `validation.checker` (validate and keep the value) instead of
 * `validation.encode` (validate, then encode): the same wire body and the same error, for any input,
 * as long as their schemas encode a valid value to itself. This holds them to it.
 */
import { Callouts } from "@effect-sinch/voice"
import { describe, expect, it } from "@effect/vitest"
import * as Arbitrary from "effect/Arbitrary"
import * as Effect from "effect/Effect"
import * as FastCheck from "effect/FastCheck"
import type * as Schema from "effect/Schema"
import * as validation from "../../src/internal/validation.js"

const options = { operation: "callouts.test", field: "request" }

/** Both ways of checking `value`: same success or same `InvalidInput`. */
const sameOutcome = <A extends I, I>(schema: Schema.Schema<A, I>, value: A) => {
  const checked = Effect.runSync(Effect.either(validation.checker(schema)(value, options)))
  const encoded = Effect.runSync(Effect.either(validation.encode(schema, value, options)))
  expect(checked).toStrictEqual(encoded)
}

// what a JavaScript caller may hand over in place of a field: other casings, wrong kinds, junk
const junk = FastCheck.constantFrom<unknown>(null, 7, "", "PSTN", "Number", { type: "NUMBER" }, [], "x".repeat(2000))

/** A valid value with one field replaced by junk, or an unknown field added. */
const spoiled = <A extends object>(valid: A): FastCheck.Arbitrary<A> =>
  FastCheck.tuple(FastCheck.constantFrom(...Object.keys(valid), "unknownField"), junk).map(([key, value]) =>
    Object.assign({}, valid, { [key]: value })
  )

/** Both properties for one schema (a function, so that each schema keeps its own types). */
const agreeOn = <A extends I & object, I>(name: string, schema: Schema.Schema<A, I>) => {
  it(`${name}: valid values`, () => {
    FastCheck.assert(FastCheck.property(Arbitrary.make(schema), (value) => sameOutcome(schema, value)), {
      numRuns: 300
    })
  })

  it(`${name}: values with a field spoiled or an unknown field`, () => {
    FastCheck.assert(
      FastCheck.property(Arbitrary.make(schema).chain(spoiled), (value) => sameOutcome(schema, value)),
      { numRuns: 300 }
    )
  })
}

describe("validation.checker gives what validation.encode gives", () => {
  agreeOn("TtsCallout", Callouts.TtsCallout)
  agreeOn("ConferenceCallout", Callouts.ConferenceCallout)
  agreeOn("CustomCalloutWire", Callouts.CustomCalloutWire)
})
