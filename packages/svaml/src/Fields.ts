/**
 * Field schemas shared by SVAML documents and the Voice REST API, each with the rule Sinch documents.
 * A value that breaks a rule fails to decode with a message that names the rule.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import * as Literals from "./Literals.js"

/**
 * An E.164 phone number: `+`, a non-zero digit, at most 15 digits in all.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const E164 = Schema.String.pipe(
  Schema.pattern(/^\+[1-9]\d{1,14}$/, {
    identifier: "E164",
    message: (issue) => `E.164 rule: expected "+" and 2 to 15 digits, got ${JSON.stringify(issue.actual)}`,
    arbitrary: () => (fc) =>
      fc.tuple(fc.integer({ min: 1, max: 9 }), fc.stringMatching(/^\d{1,14}$/)).map(([head, tail]) => `+${head}${tail}`)
  })
)

/**
 * A caller id: an E.164 number, or `private` to hide it.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const Cli = Schema.Union(E164, Schema.Literal("private")).annotations({ identifier: "Cli" })

/**
 * DTMF tones to send: `0-9`, `#` and `w` (a 500 ms pause).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const Dtmf = Schema.String.pipe(
  Schema.pattern(/^[0-9#w]+$/, {
    identifier: "Dtmf",
    message: (issue) => `DTMF rule: only 0-9, # and w are allowed, got ${JSON.stringify(issue.actual)}`,
    arbitrary: () => (fc) => fc.stringMatching(/^[0-9#w]{1,20}$/)
  })
)

/**
 * Sinch's default limit on text-to-speech text per application.
 *
 * @since 0.1.0
 * @category Constants
 */
export const maxTtsLength = 600

/**
 * Text to speak, at most 600 characters (Sinch's default per application).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const TtsText = Schema.String.pipe(
  Schema.maxLength(maxTtsLength, {
    identifier: "TtsText",
    message: (issue) => `TTS length rule: at most ${maxTtsLength} characters, got ${String(issue.actual).length}`
  })
)

/**
 * A conference id: 1 to 64 characters.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const ConferenceId = Schema.String.pipe(
  Schema.minLength(1, { message: () => "conferenceId rule: must not be empty" }),
  Schema.maxLength(64, {
    identifier: "ConferenceId",
    message: (issue) => `conferenceId rule: at most 64 characters, got ${String(issue.actual).length}`
  })
)

/**
 * The longest call Sinch allows, in seconds (4 hours).
 *
 * @since 0.1.0
 * @category Constants
 */
export const maxCallDurationSeconds = 14_400

/**
 * A call's maximum duration in seconds: a whole number from 0 to 14400.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const MaxDuration = Schema.Int.pipe(
  Schema.between(0, maxCallDurationSeconds, {
    identifier: "MaxDuration",
    message: (issue) => `duration rule: 0 to ${maxCallDurationSeconds} seconds, got ${String(issue.actual)}`
  })
)

/**
 * The longest a parked call may wait, in seconds (10 minutes).
 *
 * @since 0.1.0
 * @category Constants
 */
export const maxParkDurationSeconds = 600

/**
 * How long a parked call may wait, in seconds: a whole number from 0 to 600.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const ParkMaxDuration = Schema.Int.pipe(
  Schema.between(0, maxParkDurationSeconds, {
    identifier: "ParkMaxDuration",
    message: (issue) => `park duration rule: 0 to ${maxParkDurationSeconds} seconds, got ${String(issue.actual)}`
  })
)

/**
 * A whole number of seconds or milliseconds that cannot be negative.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const NonNegativeInt = Schema.Int.pipe(Schema.nonNegative({ identifier: "NonNegativeInt" }))

/**
 * Music played to a waiting caller: `ring` (progress tone) or `music1` to `music3`.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const MusicOnHold = Literals.caseInsensitive("ring", "music1", "music2", "music3")

/**
 * @since 0.1.0
 * @category Models
 */
export type MusicOnHold = typeof MusicOnHold.Type

/**
 * A TTS or transcription locale, or a voice name (open: Sinch adds voices).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const Locale = Literals.open(
  "en-US",
  "en-GB",
  "en-AU",
  "en-IN",
  "de-DE",
  "fr-FR",
  "es-ES",
  "it-IT",
  "nl-NL",
  "sv-SE",
  "da-DK",
  "nb-NO",
  "fi-FI",
  "pt-BR",
  "pt-PT",
  "ja-JP",
  "ko-KR",
  "cmn-CN"
)

/**
 * @since 0.1.0
 * @category Models
 */
export type Locale = typeof Locale.Type

/**
 * The most cookie data (keys and values) a call may carry, in bytes.
 *
 * @since 0.1.0
 * @category Constants
 */
export const maxCookieBytes = 1024

/**
 * A key/value header passed along with a call.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const CallHeader = Schema.Struct({
  key: Schema.String,
  value: Schema.String
}).annotations({ identifier: "CallHeader" })

/**
 * @since 0.1.0
 * @category Models
 */
export type CallHeader = typeof CallHeader.Type
