import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import type * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as VoiceError from "../VoiceError.js"
import * as ParseIssue from "./parseIssue.js"

/** The first issue of a parse error as an `InvalidInput` naming the field and the rule. */
export const fromParseError = (operation: string, root: string, error: ParseResult.ParseError) => {
  const first = ParseIssue.first(error)
  return new VoiceError.InvalidInput({ operation, field: ParseIssue.joinPath(root, first.path), reason: first.message })
}

/** Checks a request against its schema and returns its wire (encoded) form. */
export const encode = <A, I>(
  schema: Schema.Schema<A, I>,
  value: A,
  options: { readonly operation: string; readonly field: string }
): Effect.Effect<I, VoiceError.InvalidInput> => {
  // synchronous (request schemas are), without running the parser as an Effect
  const encoded = Schema.encodeEither(schema)(value)
  return Either.isRight(encoded)
    ? Effect.succeed(encoded.right)
    : Effect.fail(fromParseError(options.operation, options.field, encoded.left))
}

/**
 * A check of requests whose schema encodes a valid value to itself — its only transformations are
 * case-insensitive literals, whose encoding is the identity: it returns the checked value (without
 * unknown properties), which is its wire form, for half of what `encode` costs (it checks the value,
 * then encodes it). A property test holds the two to the same result for each schema given here.
 * Made once per schema: the validator is built from the schema's type side.
 */
export const checker = <A extends I, I>(schema: Schema.Schema<A, I>) => {
  const validate = Schema.validateEither(schema)
  return (
    value: A,
    options: { readonly operation: string; readonly field: string }
  ): Effect.Effect<I, VoiceError.InvalidInput> => {
    const checked = validate(value)
    return Either.isRight(checked)
      ? Effect.succeed(checked.right)
      : Effect.fail(fromParseError(options.operation, options.field, checked.left))
  }
}

/**
 * Percent-encodes one path segment. `+`, `:` and `@` stay literal (they are valid in a path and
 * Sinch's SDKs send phone numbers with a literal `+`); the signature covers the segment as sent.
 */
export const encodeSegment = (value: string): string =>
  encodeURIComponent(value).replace(/%(2B|3A|40)/gi, (escaped) => decodeURIComponent(escaped))

/** A path parameter: not empty, not a dot segment, no control characters; returned percent-encoded. */
export const pathSegment = (
  value: string,
  options: { readonly operation: string; readonly field: string; readonly maxLength?: number }
): Effect.Effect<string, VoiceError.InvalidInput> => {
  const fail = (reason: string) =>
    Effect.fail(new VoiceError.InvalidInput({ operation: options.operation, field: options.field, reason }))
  if (typeof value !== "string" || value.length === 0) return fail("must be a non-empty string")
  if (value.trim() !== value) return fail("must not start or end with whitespace")
  if (value === "." || value === "..") return fail("must not be a dot segment")

  if (/[\u0000-\u001f\u007f]/.test(value)) return fail("must not contain control characters")
  const maxLength = options.maxLength ?? 256
  if (value.length > maxLength) return fail(`must be at most ${maxLength} characters, got ${value.length}`)
  return Effect.succeed(encodeSegment(value))
}

const maxCallbackHeaders = 5
const maxKeyLength = 32
const maxValueLength = 128
const token = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/

/**
 * Sinch's rules for the `X-CB-*` headers forwarded to callbacks: key starts with `X-CB-` (any
 * casing), at most 32 characters, a valid header name without line breaks; value printable ASCII
 * (0x20–0x7e), at most 128 characters; at most 5 headers.
 */
export const callbackHeaders = (
  headers: Readonly<Record<string, string>> | undefined,
  operation: string
): Effect.Effect<Record<string, string>, VoiceError.InvalidInput> => {
  if (headers === undefined) return Effect.succeed({})
  const fail = (field: string, reason: string) => Effect.fail(new VoiceError.InvalidInput({ operation, field, reason }))
  const entries = Object.entries(headers)
  if (entries.length > maxCallbackHeaders) {
    return fail("callbackHeaders", `at most ${maxCallbackHeaders} headers, got ${entries.length}`)
  }
  const seen = new Set<string>()
  const result: Record<string, string> = {}
  for (const [key, value] of entries) {
    const field = `callbackHeaders[${JSON.stringify(key.slice(0, 40))}]`
    if (/[\r\n]/.test(key)) return fail(field, "header names must not contain line breaks")
    if (!/^x-cb-/i.test(key)) return fail(field, "header names must start with X-CB-")
    if (key.length > maxKeyLength) {
      return fail(field, `header names are at most ${maxKeyLength} characters (prefix included), got ${key.length}`)
    }
    if (!token.test(key)) return fail(field, "header names may only contain HTTP token characters")
    if (typeof value !== "string") return fail(field, "header values must be strings")
    if (!/^[\x20-\x7e]*$/.test(value)) return fail(field, "header values may only contain printable ASCII (0x20–0x7e)")
    if (value.length > maxValueLength) {
      return fail(field, `header values are at most ${maxValueLength} characters, got ${value.length}`)
    }
    const lower = key.toLowerCase()
    if (seen.has(lower)) return fail(field, "duplicate header name (names are case-insensitive)")
    seen.add(lower)
    result[lower] = value
  }
  return Effect.succeed(result)
}
