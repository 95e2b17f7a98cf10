/**
 * Callouts: calls placed by your application (`POST /calling/v1/callouts`), as a text-to-speech
 * message, into a conference, or driven by your own SVAML (custom).
 *
 * Each method takes the `ttsCallout` / `conferenceCallout` / `customCallout` object of the API and
 * adds the `method` envelope. A callout is never retried unless Sinch provably did not act on it.
 *
 * @since 0.1.0
 */
import * as Documents from "@effect-sinch/svaml/Documents"
import * as Fields from "@effect-sinch/svaml/Fields"
import * as Literals from "@effect-sinch/svaml/Literals"
import * as Context from "effect/Context"
import type * as Effect from "effect/Effect"
import type * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import * as internalMock from "./internal/mockCallouts.js"
import type * as VoiceError from "./VoiceError.js"
import type * as VoiceTest from "./VoiceTest.js"

/**
 * The kind of a callout's destination: a phone number, an in-app user, or a SIP address.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const DestinationType = Literals.caseInsensitive("number", "username", "sip")

/**
 * Who a callout calls. A `number` endpoint must be in E.164 form.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const CalloutDestination = Schema.Struct({
  type: DestinationType,
  endpoint: Schema.String
}).pipe(
  Schema.filter((destination) => {
    if (destination.endpoint.length === 0) {
      return { path: ["endpoint"], message: "endpoint rule: must not be empty" }
    }
    if (destination.type === "number" && !/^\+[1-9]\d{1,14}$/.test(destination.endpoint)) {
      return {
        path: ["endpoint"],
        message: `E.164 rule: expected "+" and 2 to 15 digits, got ${JSON.stringify(destination.endpoint)}`
      }
    }
    return undefined
  }, { identifier: "CalloutDestination" })
)

/**
 * @since 0.1.0
 * @category Models
 */
export type CalloutDestination = typeof CalloutDestination.Type

/**
 * The most bytes of `custom` data a call carries.
 *
 * @since 0.1.0
 * @category Constants
 */
export const maxCustomBytes = 1024

/**
 * Custom data echoed back in the call's callbacks, at most 1024 bytes (UTF-8).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const Custom = Schema.String.pipe(
  Schema.filter((value) =>
    new TextEncoder().encode(value).length <= maxCustomBytes ||
    `custom size rule: at most ${maxCustomBytes} bytes (UTF-8)`, { identifier: "Custom" })
)

/**
 * The call domain a callout may ask for.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const CalloutDomain = Literals.caseInsensitive("pstn", "mxp")

/**
 * How a conference treats the DTMF tones of its participants.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const ConferenceDtmfOptions = Schema.Struct({
  mode: Schema.optional(Literals.caseInsensitive("ignore", "forward", "detect")),
  maxDigits: Schema.optional(Fields.NonNegativeInt),
  timeoutMills: Schema.optional(Fields.NonNegativeInt)
}).annotations({ identifier: "ConferenceDtmfOptions" })

/**
 * An `http(s)` URL that Sinch calls back.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const CallbackUrl = Schema.String.pipe(
  Schema.filter((value) => {
    try {
      const url = new URL(value)
      return url.protocol === "https:" || url.protocol === "http:" || "URL rule: expected an http(s) URL"
    } catch {
      return `URL rule: expected an absolute http(s) URL, got ${JSON.stringify(value.slice(0, 64))}`
    }
  }, { identifier: "CallbackUrl" })
)

/**
 * A text-to-speech callout (`ttsCallout`): Sinch calls `destination` and speaks `text` (or plays
 * `prompts`).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const TtsCallout = Schema.Struct({
  cli: Schema.optional(Fields.Cli),
  destination: CalloutDestination,
  dtmf: Schema.optional(Fields.Dtmf),
  domain: Schema.optional(CalloutDomain),
  custom: Schema.optional(Custom),
  locale: Schema.optional(Fields.Locale),
  text: Schema.optional(Fields.TtsText),
  prompts: Schema.optional(Fields.PromptList),
  enableAce: Schema.optional(Schema.Boolean),
  enableDice: Schema.optional(Schema.Boolean),
  enablePie: Schema.optional(Schema.Boolean)
}).pipe(
  // `prompts` is Sinch's alternative to `text`: with neither there is nothing to say, with both it is
  // not documented which one is played
  Schema.filter((callout) =>
    callout.text === undefined && callout.prompts === undefined
      ? { path: ["text"], message: "text or prompts rule: give one of them, got neither" }
      : callout.text !== undefined && callout.prompts !== undefined
      ? { path: ["prompts"], message: "text or prompts rule: give one of them, got both" }
      : callout.text !== undefined && callout.text.trim().length === 0
      ? { path: ["text"], message: "text rule: must not be empty" }
      : undefined, { identifier: "TtsCallout" })
)

/**
 * @since 0.1.0
 * @category Models
 */
export type TtsCallout = typeof TtsCallout.Type

/**
 * A conference callout (`conferenceCallout`): Sinch calls `destination` and connects it to
 * `conferenceId` (created if it does not exist).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const ConferenceCallout = Schema.Struct({
  cli: Schema.optional(Fields.Cli),
  destination: CalloutDestination,
  conferenceId: Fields.ConferenceId,
  conferenceDtmfOptions: Schema.optional(ConferenceDtmfOptions),
  dtmf: Schema.optional(Fields.Dtmf),
  maxDuration: Schema.optional(Fields.MaxDuration),
  enableAce: Schema.optional(Schema.Boolean),
  enableDice: Schema.optional(Schema.Boolean),
  enablePie: Schema.optional(Schema.Boolean),
  locale: Schema.optional(Fields.Locale),
  greeting: Schema.optional(Fields.TtsText),
  mohClass: Schema.optional(Fields.MusicOnHold),
  custom: Schema.optional(Custom),
  domain: Schema.optional(CalloutDomain)
}).annotations({ identifier: "ConferenceCallout" })

/**
 * @since 0.1.0
 * @category Models
 */
export type ConferenceCallout = typeof ConferenceCallout.Type

const customCalloutFields = {
  cli: Schema.optional(Fields.Cli),
  destination: Schema.optional(CalloutDestination),
  dtmf: Schema.optional(Fields.Dtmf),
  custom: Schema.optional(Custom),
  maxDuration: Schema.optional(Fields.MaxDuration),
  ice: Schema.optional(Schema.Union(CallbackUrl, Documents.IceResponse)),
  ace: Schema.optional(Schema.Union(CallbackUrl, Documents.AceResponse)),
  pie: Schema.optional(Schema.Union(CallbackUrl, Documents.PieResponse))
}

// A custom callout is driven by the SVAML its ICE gets; whether Sinch would ask the application's
// callback URL when `ice` is missing is not documented, so the URL (or the document) must be given.
const iceRequired = { path: ["ice"], message: "ICE rule: a custom callout needs ice (inline SVAML or a callback URL)" }

/**
 * A custom callout (`customCallout`): the call is driven by your SVAML. `ice`, `ace` and `pie` each
 * take a SVAML document (sent inline, validated first), the inline JSON string of one (`Svaml.iceJson`)
 * or the URL Sinch should call back for it.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const CustomCallout = Schema.Struct(customCalloutFields).pipe(
  Schema.filter((callout) => callout.ice === undefined ? iceRequired : undefined, { identifier: "CustomCallout" })
)

/**
 * @since 0.1.0
 * @category Models
 */
export type CustomCallout = typeof CustomCallout.Type

/**
 * The custom callout as sent: `ice`, `ace` and `pie` are strings (inline SVAML as JSON, or a URL).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const CustomCalloutWire = Schema.Struct({
  ...customCalloutFields,
  ice: Schema.optional(Schema.String),
  ace: Schema.optional(Schema.String),
  pie: Schema.optional(Schema.String)
}).pipe(
  Schema.filter((callout) => callout.ice === undefined ? iceRequired : undefined, { identifier: "CustomCalloutWire" })
)

/**
 * The request body of `POST /calling/v1/callouts`: the `method` and the matching object.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const CalloutRequest = Schema.Union(
  Schema.Struct({ method: Schema.Literal("ttsCallout"), ttsCallout: TtsCallout }),
  Schema.Struct({ method: Schema.Literal("conferenceCallout"), conferenceCallout: ConferenceCallout }),
  Schema.Struct({ method: Schema.Literal("customCallout"), customCallout: CustomCalloutWire })
).annotations({ identifier: "CalloutRequest" })

/**
 * @since 0.1.0
 * @category Models
 */
export type CalloutRequest = typeof CalloutRequest.Type

/**
 * The answer to a callout: the id of the call being placed.
 *
 * @since 0.1.0
 * @category Schemas
 */
export class CalloutResponse extends Schema.Class<CalloutResponse>("CalloutResponse")({
  callId: Schema.String
}) {}

/**
 * The most `X-CB-*` headers Sinch forwards (extra ones would be dropped silently, so they are
 * rejected here).
 *
 * @since 0.1.0
 * @category Constants
 */
export const maxCallbackHeaders = 5

/**
 * Custom headers (`X-CB-*`) that Sinch forwards to your callbacks for this call. Keys start with
 * `X-CB-` (any casing) and have at most 32 characters; values are printable ASCII, at most 128
 * characters; at most 5 headers.
 *
 * @since 0.1.0
 * @category Models
 */
export type CallbackHeaders = Readonly<Record<string, string>>

/**
 * @since 0.1.0
 * @category Models
 */
export interface CalloutOptions {
  readonly callbackHeaders?: CallbackHeaders | undefined
}

/**
 * @since 0.1.0
 * @category Models
 */
export interface Service {
  /** Calls a number, user or SIP address and speaks a text or plays prompts. */
  readonly tts: (
    request: TtsCallout,
    options?: CalloutOptions
  ) => Effect.Effect<CalloutResponse, VoiceError.CalloutError>
  /** Calls a number, user or SIP address and connects it to a conference. */
  readonly conference: (
    request: ConferenceCallout,
    options?: CalloutOptions
  ) => Effect.Effect<CalloutResponse, VoiceError.CalloutError>
  /** Places a call driven by your SVAML (inline documents or callback URLs). */
  readonly custom: (
    request: CustomCallout,
    options?: CalloutOptions
  ) => Effect.Effect<CalloutResponse, VoiceError.CalloutError>
}

/**
 * @since 0.1.0
 * @category Context
 */
export class Callouts extends Context.Tag("@effect-sinch/voice/Callouts")<Callouts, Service>() {}

/**
 * `Callouts` on an in-memory model of a Sinch project, for tests: same types, same input validation
 * and same typed errors as the real client, no HTTP. Read and script the model with `VoiceTest`.
 * Merged with the other `layerTest` layers (or as `SinchVoice.layerTest`) it shares one model.
 *
 * @since 0.1.0
 * @category Layers
 */
export const layerTest: Layer.Layer<Callouts | VoiceTest.VoiceTest> = internalMock.layer
