import * as Schema from "effect/Schema"
import * as Literals from "../Literals.js"

/** An optional key that is absent rather than `undefined`, so documents survive a JSON round trip. */
export const optional = <S extends Schema.Schema.All>(schema: S) => Schema.optionalWith(schema, { exact: true })

/** An instruction or action `name`: decoded in any casing, encoded in the canonical camelCase. */
export const name = <const A extends string>(canonical: A): Schema.Schema<A, string> =>
  Literals.caseInsensitive(canonical)

/** A whole number as Sinch sends it (the documented ranges are checked by `Documents.validate`). */
export const Int = Schema.Int

/** A SVAML document of one context: any number of its instructions (no key when none), then its one action. */
export const document = <I extends Schema.Schema.Any, A extends Schema.Schema.Any>(
  identifier: string,
  instruction: I,
  action: A
) => Schema.Struct({ instructions: optional(Schema.Array(instruction)), action }).annotations({ identifier })
