/**
 * Schemas for the string enumerations of the Sinch wire format.
 *
 * Sinch has grown its enums over time (new DiCE reasons, new locales) and has sent the same value
 * in several casings (`Number` / `number`). Decoding is therefore case-insensitive, and open enums
 * keep values they do not know instead of failing.
 *
 * @since 0.1.0
 */
import type * as Arr from "effect/Array"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"

/**
 * A string enumeration that also accepts any other string: the known literals stay visible to the
 * type checker (and editor completion) while unknown values still type-check.
 *
 * @since 0.1.0
 * @category Models
 */
export type Open<A extends string> = A | (string & {})

const canonical = <A extends string>(literals: ReadonlyArray<A>) => {
  const byLowerCase = new Map(literals.map((literal) => [literal.toLowerCase(), literal] as const))
  return (value: string): A | undefined => byLowerCase.get(value.toLowerCase())
}

/**
 * A closed enumeration decoded case-insensitively into its canonical spelling, and encoded in that
 * spelling. Unknown values fail with a message that lists the accepted ones.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const caseInsensitive = <const A extends Arr.NonEmptyReadonlyArray<string>>(
  ...literals: A
): Schema.Schema<A[number], string> => {
  const find = canonical(literals)
  const expected = literals.map((literal) => JSON.stringify(literal)).join(" | ")
  return Schema.transformOrFail(Schema.String, Schema.Literal(...literals), {
    strict: true,
    decode: (value, _, ast) => {
      const match = find(value)
      return match === undefined
        ? ParseResult.fail(new ParseResult.Type(ast, value, `Expected ${expected}, got ${JSON.stringify(value)}`))
        : ParseResult.succeed(match)
    },
    encode: ParseResult.succeed
  })
}

/**
 * An open enumeration: known values are decoded case-insensitively into their canonical spelling,
 * any other string is kept as it is.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const open = <const A extends Arr.NonEmptyReadonlyArray<string>>(
  ...literals: A
): Schema.Schema<Open<A[number]>, string> => {
  const find = canonical(literals)
  const OpenString = Schema.declare((input: unknown): input is Open<A[number]> => typeof input === "string", {
    identifier: "Open",
    description: `one of ${literals.join(", ")} or another string`,
    // other strings never spell a known literal in another casing: decoding would canonicalise them
    arbitrary: () => (fc) =>
      fc.oneof(fc.constantFrom(...literals), fc.string().filter((value) => find(value) === undefined))
  })
  return Schema.transform(Schema.String, OpenString, {
    strict: true,
    decode: (value) => find(value) ?? value,
    encode: (value) => value
  })
}
