/**
 * A document that is not SVAML at all — nested thousands of levels deep, or huge — is described as
 * `InvalidSvaml` with a few short violations, not a stack overflow.
 */
import * as Documents from "@effect-sinch/svaml/Documents"
import { assert, describe, it } from "@effect/vitest"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import * as validation from "../src/internal/validation.js"

const deep = (depth: number) => `${"[".repeat(depth)}${"]".repeat(depth)}`
const decode = Schema.decodeUnknownEither(Schema.parseJson(Documents.IceResponse))

describe("SVAML schema failures on hostile input", () => {
  it("deeply nested or huge documents give a bounded InvalidSvaml", () => {
    const documents = [
      `{"action":{"name":"hangup"},"instructions":[{"name":"say","text":${deep(5000)}}]}`,
      `{"action":${deep(5000)}}`,
      `{"action":{"name":"hangup"},"instructions":${JSON.stringify(Array.from({ length: 50_000 }, () => 1))}}`
    ]
    for (const document of documents) {
      const error = validation.fromParseError(Either.flip(decode(document)).pipe(Either.getOrThrow))
      assert.isAtLeast(error.violations.length, 1)
      assert.isAtMost(error.violations.length, 10)
      assert.isBelow(error.message.length, 4000)
    }
  })
})
