/**
 * Shapes shared by the REST API and the callback events: destinations, prices, call results and
 * reasons, and Sinch's timestamps.
 *
 * @since 0.1.0
 */
import * as Literals from "@effect-sinch/svaml/Literals"
import * as DateTime from "effect/DateTime"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"

/**
 * Where a call goes or comes from. Sinch capitalises the type in some responses (`Number`), so it
 * decodes case-insensitively, and stays open (`did`, `conference` and others appear in events).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const DestinationType = Literals.open("number", "username", "sip", "did", "conference")

/**
 * @since 0.1.0
 * @category Schemas
 */
export class Destination extends Schema.Class<Destination>("Destination")({
  type: DestinationType,
  endpoint: Schema.String
}) {}

/**
 * An amount of money, e.g. a rate per minute or a debit.
 *
 * @since 0.1.0
 * @category Schemas
 */
export class Price extends Schema.Class<Price>("Price")({
  currencyId: Schema.String,
  amount: Schema.Number
}) {}

/**
 * Where a call terminates or originates.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const Domain = Literals.open("pstn", "mxp", "conference")

/**
 * How a call ended.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const CallResult = Literals.open("N/A", "ANSWERED", "BUSY", "NOANSWER", "FAILED")

/**
 * @since 0.1.0
 * @category Models
 */
export type CallResult = typeof CallResult.Type

/**
 * Why a call ended (open: Sinch has added reasons over time).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const CallReason = Literals.open(
  "N/A",
  "TIMEOUT",
  "CALLERHANGUP",
  "CALLEEHANGUP",
  "BLOCKED",
  "MANAGERHANGUP",
  "NOCREDITPARTNER",
  "GENERALERROR",
  "CANCEL",
  "USERNOTFOUND",
  "CALLBACKERROR",
  "INVALIDSVAMLACTION",
  "ESTABLISHED",
  "OTHERPEERANSWERED",
  "CLIENTNETWORK",
  "CONGESTION"
)

/**
 * @since 0.1.0
 * @category Models
 */
export type CallReason = typeof CallReason.Type

const isoWithZone = /(Z|[+-]\d{2}:?\d{2})$/i
const isoDateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/i

/**
 * A Sinch timestamp: an ISO-8601 date-time, read as UTC when it carries no zone
 * (`"2024-01-08T09:48:12"`). Only fields that are documented as timestamps use it; other strings are
 * never turned into dates. Encodes as ISO-8601 UTC.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const Timestamp: Schema.Schema<DateTime.Utc, string> = Schema.transformOrFail(
  Schema.String,
  Schema.DateTimeUtcFromSelf,
  {
    strict: true,
    decode: (value, _, ast) => {
      const trimmed = value.trim()
      const parsed = isoDateTime.test(trimmed)
        ? DateTime.make(isoWithZone.test(trimmed) ? trimmed : `${trimmed}Z`)
        : Option.none()
      return Option.match(parsed, {
        onNone: () =>
          ParseResult.fail(
            new ParseResult.Type(ast, value, `Expected an ISO-8601 date-time, got ${JSON.stringify(value)}`)
          ),
        onSome: (dateTime) => ParseResult.succeed(DateTime.toUtc(dateTime))
      })
    },
    encode: (dateTime) => ParseResult.succeed(DateTime.formatIso(dateTime))
  }
).annotations({
  identifier: "Timestamp",
  // four-digit years only: the range Sinch sends and ISO-8601 round-trips
  arbitrary: () => (fc) =>
    fc.date({ min: new Date("2000-01-01T00:00:00Z"), max: new Date("2099-12-31T23:59:59Z"), noInvalidDate: true })
      .map((date) => DateTime.unsafeFromDate(date))
})

/**
 * Sinch's `errorCode`: documented as a string, sent as a number. Decodes either, keeps a number.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const ErrorCode = Schema.Union(Schema.Number, Schema.NumberFromString)
