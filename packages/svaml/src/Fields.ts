/**
 * Field schemas shared by SVAML documents and the Voice REST API, each with the rule Sinch documents.
 * A value that breaks a rule fails to decode with a message that names the rule.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import * as Literals from "./Literals.js"
import * as Prompts from "./Prompts.js"

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
 * The number of characters in `text` as Sinch counts them: Unicode code points, so that an emoji
 * counts once (JavaScript's `length` counts it twice).
 *
 * @since 0.2.0
 * @category Rules
 */
export const characterCount = (text: string): number => {
  let count = text.length
  for (let index = 0; index < text.length - 1; index++) {
    const unit = text.charCodeAt(index)
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(index + 1)
      if (next >= 0xdc00 && next <= 0xdfff) {
        count -= 1
        index += 1
      }
    }
  }
  return count
}

/**
 * Text to speak, at most 600 characters (Sinch's default per application), counted in code points.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const TtsText = Schema.String.pipe(
  Schema.filter((text) => {
    // a code point is one or two UTF-16 units: count only when the length leaves a doubt
    if (text.length <= maxTtsLength) return true
    const count = characterCount(text)
    return count <= maxTtsLength || `TTS length rule: at most ${maxTtsLength} characters, got ${count}`
  }, { identifier: "TtsText" })
)

/**
 * The longest prompt string accepted, in characters: room for several TTS parts and media URLs.
 * Sinch documents no limit of its own besides the TTS one; this bounds what is sent.
 *
 * @since 0.2.0
 * @category Constants
 */
export const maxPromptsLength = 4096

/**
 * A prompt string (`#tts[…]`, `#ssml[…]`, `#href[…]` or file ids, separated by `;`): not empty, at
 * most `maxPromptsLength` characters, each TTS or SSML part at most 600 characters.
 *
 * @since 0.2.0
 * @category Schemas
 */
export const PromptList = Schema.String.pipe(
  Schema.filter((prompts) => {
    if (prompts.trim().length === 0) return "prompts rule: must not be empty"
    const count = prompts.length <= maxPromptsLength ? prompts.length : characterCount(prompts)
    if (count > maxPromptsLength) return `prompts rule: at most ${maxPromptsLength} characters, got ${count}`
    for (const part of Prompts.parse(prompts)) {
      const text = part._tag === "Tts" ? part.text : part._tag === "Ssml" ? part.markup : ""
      const length = characterCount(text)
      if (length > maxTtsLength) {
        return `TTS length rule: at most ${maxTtsLength} characters per #tts or #ssml part, got ${length}`
      }
    }
    return true
  }, { identifier: "PromptList" })
)

/**
 * The longest conference id, in characters.
 *
 * @since 0.2.0
 * @category Constants
 */
export const maxConferenceIdLength = 64

/**
 * What is wrong with a conference id, if anything: it must have 1 to 64 characters, no control
 * characters (it travels in URL paths and logs), no leading or trailing whitespace, and not be `.`
 * or `..` (a path segment). Used for callouts, `connectConf` and the `Conferences` paths alike.
 *
 * @since 0.2.0
 * @category Rules
 */
export const conferenceIdProblem = (id: string): string | undefined => {
  if (id.length === 0) return "must not be empty"
  const count = characterCount(id)
  if (count > maxConferenceIdLength) return `at most ${maxConferenceIdLength} characters, got ${count}`
  if (controlCharacters.test(id)) return "must not contain control characters (such as CR or LF)"
  if (id.trim() !== id) return "must not start or end with whitespace"
  if (id === "." || id === "..") return "must not be a dot segment"
  return undefined
}

const controlCharacters = /[\u0000-\u001f\u007f]/

/**
 * A conference id (see `conferenceIdProblem` for the rule).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const ConferenceId = Schema.String.pipe(
  Schema.filter((id) => {
    const problem = conferenceIdProblem(id)
    return problem === undefined || `conferenceId rule: ${problem}`
  }, { identifier: "ConferenceId" })
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
 * The longest locale or voice name, in characters.
 *
 * @since 0.2.0
 * @category Constants
 */
export const maxLocaleLength = 64

// language tags (`en-US`, `gd_GB`, `cmn-CN`), voices (`Zeina`, `arb/female`): letters, digits, `-_./`
const localeSyntax = /^[A-Za-z0-9][A-Za-z0-9_./-]*$/

/**
 * A TTS or transcription locale, or a voice name (open: Sinch adds voices). Any name is accepted
 * that has at most 64 characters, starts with a letter or digit and holds only letters, digits and
 * `-`, `_`, `.`, `/` — no spaces or control characters.
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
).pipe(
  Schema.filter((locale) =>
    locale.length > maxLocaleLength
      ? `locale rule: at most ${maxLocaleLength} characters, got ${locale.length}`
      : localeSyntax.test(locale) ||
        `locale rule: letters, digits and - _ . / only, got ${JSON.stringify(locale.slice(0, maxLocaleLength))}`, {
    identifier: "Locale"
  })
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
