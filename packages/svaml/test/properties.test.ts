import { Documents } from "@effect-sinch/svaml"
import { describe, expect, it } from "@effect/vitest"
import * as Arbitrary from "effect/Arbitrary"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as FastCheck from "effect/FastCheck"
import * as Schema from "effect/Schema"

const roundTrip = <A, I>(name: string, schema: Schema.Schema<A, I>) =>
  it(`${name}: encode, JSON, decode is the identity (1,000 runs)`, () => {
    const encode = Schema.encodeSync(schema)
    const decode = Schema.decodeUnknownSync(schema)
    FastCheck.assert(
      FastCheck.property(Arbitrary.make(schema), (document) => {
        const wire: unknown = JSON.parse(JSON.stringify(encode(document)))
        expect(decode(wire)).toEqual(document)
        // and the canonical wire form is stable
        expect(encode(decode(wire))).toEqual(wire)
      }),
      { numRuns: 1000 }
    )
  })

describe("SVAML documents (property)", () => {
  roundTrip("IceResponse", Documents.IceResponse)
  roundTrip("AceResponse", Documents.AceResponse)
  roundTrip("PieResponse", Documents.PieResponse)
  roundTrip("ManagedCallUpdate", Documents.ManagedCallUpdate)
  roundTrip("Document", Documents.Document)
})

describe("Documents.validate (property)", () => {
  it("never throws: any well-formed document is either valid or fails with InvalidSvaml naming path and rule", () => {
    FastCheck.assert(
      FastCheck.property(Arbitrary.make(Documents.Document), (document) => {
        const result = Effect.runSync(Effect.either(Documents.validate(document)))
        if (Either.isLeft(result)) {
          expect(result.left._tag).toBe("InvalidSvaml")
          expect(result.left.violations.length).toBeGreaterThan(0)
          for (const violation of result.left.violations) {
            expect(violation.message).toContain(`${violation.rule} rule`)
          }
        }
      }),
      { numRuns: 1000 }
    )
  })
})
