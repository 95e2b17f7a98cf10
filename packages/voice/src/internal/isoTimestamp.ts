import * as DateTime from "effect/DateTime"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as Model from "../Model.js"

// The form Sinch sends (UTC, `Z`) is read without the schema; any other form goes through
// `Model.Timestamp`, which reads this one as the same instant.
const utcTimestamp = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?Z$/

const decodeTimestamp = ParseResult.decodeUnknownEither(Model.Timestamp)

// A callback's header and body often carry the same timestamp, and callbacks of the same second too:
// the last one read is kept (a `DateTime` is immutable).
let lastRaw = ""
let lastParsed: DateTime.Utc | undefined

const fastParse = (raw: string): DateTime.Utc | undefined => {
  if (raw === lastRaw) return lastParsed
  if (!utcTimestamp.test(raw)) return undefined
  const millis = Date.parse(raw)
  if (Number.isNaN(millis)) return undefined
  lastRaw = raw
  lastParsed = DateTime.unsafeMake(millis)
  return lastParsed
}

/**
 * `Model.Timestamp`'s reading of a timestamp, quicker for the form Sinch sends.
 *
 * @internal
 */
export const parse = (raw: string): Option.Option<DateTime.Utc> => {
  const fast = fastParse(raw)
  return fast === undefined ? Option.getRight(decodeTimestamp(raw)) : Option.some(fast)
}

/**
 * `Model.Timestamp`'s reading of a timestamp, or `undefined` when it is not one.
 *
 * @internal
 */
export const parseOrUndefined = (raw: string): DateTime.Utc | undefined => {
  const fast = fastParse(raw)
  if (fast !== undefined) return fast
  const decoded = decodeTimestamp(raw)
  return Either.isRight(decoded) ? decoded.right : undefined
}

/**
 * `Model.Timestamp` (decoding only), quicker for the form Sinch sends.
 *
 * @internal
 */
export const Timestamp: Schema.Schema<DateTime.Utc, string> = Schema.transformOrFail(
  Schema.String,
  Schema.DateTimeUtcFromSelf,
  {
    strict: true,
    decode: (raw, options) => {
      const fast = fastParse(raw)
      return fast === undefined ? ParseResult.decodeUnknown(Model.Timestamp)(raw, options) : ParseResult.succeed(fast)
    },
    encode: (dateTime, options) => ParseResult.encodeUnknown(Model.Timestamp)(dateTime, options)
  }
)
