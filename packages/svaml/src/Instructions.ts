/**
 * The seven SVAML instructions: what happens on the call before its action runs. Each is a schema
 * of the wire format (names decoded in any casing, emitted in camelCase) and a constructor.
 *
 * The schemas accept what Sinch accepts; the documented limits (DTMF characters, TTS length, cookie
 * size, …) are checked by `Documents.validate`.
 *
 * @since 0.1.0
 */
import type * as Arr from "effect/Array"
import type * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as Fields from "./Fields.js"
import { name, optional } from "./internal/schema.js"
import * as Literals from "./Literals.js"

/**
 * Plays prompts: file URLs, `#tts[…]`, `#ssml[…]`, `#href[…]` or Sinch file ids (see `Prompts`).
 * `locale` is needed for TTS and SSML prompts.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const PlayFiles = Schema.Struct({
  name: name("playFiles"),
  ids: Schema.Array(Schema.String),
  locale: optional(Fields.Locale)
}).annotations({ identifier: "PlayFiles" })

/**
 * @since 0.1.0
 * @category Models
 */
export type PlayFiles = typeof PlayFiles.Type

/**
 * Speaks text with text-to-speech (at most 600 characters by default).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const Say = Schema.Struct({
  name: name("say"),
  text: optional(Schema.String),
  locale: optional(Fields.Locale)
}).annotations({ identifier: "Say" })

/**
 * @since 0.1.0
 * @category Models
 */
export type Say = typeof Say.Type

/**
 * Plays DTMF tones: `0-9`, `#` and `w` (a 500 ms pause), e.g. `ww1234#w#`.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const SendDtmf = Schema.Struct({
  name: name("sendDtmf"),
  value: optional(Schema.String)
}).annotations({ identifier: "SendDtmf" })

/**
 * @since 0.1.0
 * @category Models
 */
export type SendDtmf = typeof SendDtmf.Type

/**
 * Stores a key/value pair that Sinch sends back in the call's later events (ACE, PIE, DiCE).
 * All cookies of a call total at most 1024 bytes.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const SetCookie = Schema.Struct({
  name: name("setCookie"),
  key: optional(Schema.String),
  value: optional(Schema.String)
}).annotations({ identifier: "SetCookie" })

/**
 * @since 0.1.0
 * @category Models
 */
export type SetCookie = typeof SetCookie.Type

/**
 * Answers the incoming call (ICE only): billing starts, media can be played before connecting.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const Answer = Schema.Struct({
  name: name("answer")
}).annotations({ identifier: "Answer" })

/**
 * @since 0.1.0
 * @category Models
 */
export type Answer = typeof Answer.Type

/**
 * The languages the transcription of a recording supports (open: Sinch adds more).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const TranscriptionLocale = Literals.open(
  "af-ZA",
  "ar-AE",
  "ar-SA",
  "zh-CN",
  "zh-TW",
  "da-DK",
  "nl-NL",
  "en-AU",
  "en-GB",
  "en-IN",
  "en-IE",
  "en-NZ",
  "en-AB",
  "en-ZA",
  "en-US",
  "en-WL",
  "fr-FR",
  "fr-CA",
  "fa-IR",
  "gd_GB",
  "de-DE",
  "de-CH",
  "he-IL",
  "hi-IN",
  "id-ID",
  "ga-IE",
  "it-IT",
  "ja-JP",
  "ko-KR",
  "ms-MY",
  "pt-PT",
  "pt-BR",
  "ru-RU",
  "es-ES",
  "es-US",
  "sv-SE",
  "ta-IN",
  "te-IN",
  "th-TH",
  "tr-TR",
  "vi-VN"
)

/**
 * @since 0.1.0
 * @category Models
 */
export type TranscriptionLocale = typeof TranscriptionLocale.Type

/**
 * Transcribe the recording (Sinch then sends a `transcription_available` notification).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const TranscriptionOptions = Schema.Struct({
  enabled: optional(Schema.Boolean),
  locale: optional(TranscriptionLocale)
}).annotations({ identifier: "TranscriptionOptions" })

/**
 * @since 0.1.0
 * @category Models
 */
export type TranscriptionOptions = typeof TranscriptionOptions.Type

/**
 * Where and how to store a recording.
 *
 * - `destinationUrl`: `s3://bucket/[folder/][file]` or `azure://account/container[/file]`; without
 *   a file name Sinch names it `<yyyyMMddHHmmss>_<applicationKey>_<callId>.<format>`.
 * - `credentials`: `AwsAccessKey:AwsSecretKey:AwsRegion` for S3, the access key for Azure — kept
 *   `Redacted` so it never shows up in logs.
 * - `format`: `mp3` by default. `notificationEvents`: `true` by default (recording notifications).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const RecordingOptions = Schema.Struct({
  destinationUrl: optional(Schema.String),
  credentials: optional(Schema.Redacted(Schema.String)),
  format: optional(Schema.String),
  notificationEvents: optional(Schema.Boolean),
  transcriptionOptions: optional(TranscriptionOptions)
}).annotations({ identifier: "RecordingOptions" })

/**
 * @since 0.1.0
 * @category Models
 */
export type RecordingOptions = typeof RecordingOptions.Type

/**
 * Starts recording the call (not supported with `connectMxp`). Put it before the connecting action.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const StartRecording = Schema.Struct({
  name: name("startRecording"),
  options: optional(RecordingOptions)
}).annotations({ identifier: "StartRecording" })

/**
 * @since 0.1.0
 * @category Models
 */
export type StartRecording = typeof StartRecording.Type

/**
 * Stops a recording started with `startRecording`.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const StopRecording = Schema.Struct({
  name: name("stopRecording")
}).annotations({ identifier: "StopRecording" })

/**
 * @since 0.1.0
 * @category Models
 */
export type StopRecording = typeof StopRecording.Type

/**
 * Any instruction (which ones a document may hold depends on its context, see `Documents`).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const Instruction = Schema.Union(PlayFiles, Say, SendDtmf, SetCookie, Answer, StartRecording, StopRecording)

/**
 * @since 0.1.0
 * @category Models
 */
export type Instruction = typeof Instruction.Type

/**
 * @since 0.1.0
 * @category Models
 */
export type Name = Instruction["name"]

/**
 * Plays prompts (see `Prompts` for `#tts[…]`, `#ssml[…]`, `#href[…]`).
 *
 * @since 0.1.0
 * @category Constructors
 */
export const playFiles = (
  ids: Arr.NonEmptyReadonlyArray<string>,
  options: { readonly locale?: Fields.Locale } = {}
): PlayFiles => ({ name: "playFiles", ids, ...options })

/**
 * Speaks text.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const say = (text: string, options: { readonly locale?: Fields.Locale } = {}): Say => ({
  name: "say",
  text,
  ...options
})

/**
 * Plays DTMF tones (`0-9`, `#`, `w` = 500 ms pause).
 *
 * @since 0.1.0
 * @category Constructors
 */
export const sendDtmf = (value: string): SendDtmf => ({ name: "sendDtmf", value })

/**
 * Stores a cookie that comes back in the call's later events.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const setCookie = (key: string, value: string): SetCookie => ({ name: "setCookie", key, value })

/**
 * Answers the incoming call (ICE only).
 *
 * @since 0.1.0
 * @category Constructors
 */
export const answer = (): Answer => ({ name: "answer" })

/**
 * Starts recording the call.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const startRecording = (options?: {
  readonly destinationUrl?: string
  readonly credentials?: Redacted.Redacted<string>
  readonly format?: string
  readonly notificationEvents?: boolean
  readonly transcriptionOptions?: TranscriptionOptions
}): StartRecording => options === undefined ? { name: "startRecording" } : { name: "startRecording", options }

/**
 * Stops the recording.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const stopRecording = (): StopRecording => ({ name: "stopRecording" })
