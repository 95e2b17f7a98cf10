/**
 * The nine SVAML actions: how a call goes on once its instructions have run. A document holds
 * exactly one. Each is a schema of the wire format (names decoded in any casing, emitted in
 * camelCase) and a constructor.
 *
 * The schemas accept what Sinch accepts; the documented limits (E.164 numbers, durations, conference
 * ids, menu references, …) are checked by `Documents.validate`.
 *
 * @since 0.1.0
 */
import type * as Arr from "effect/Array"
import * as Schema from "effect/Schema"
import * as Fields from "./Fields.js"
import { Int, name, optional } from "./internal/schema.js"
import * as Literals from "./Literals.js"
import * as Menus from "./Menus.js"

/**
 * A key/value header passed along with a call.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const CallHeader = Fields.CallHeader

/**
 * @since 0.1.0
 * @category Models
 */
export type CallHeader = typeof CallHeader.Type

/**
 * Ends the call.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const Hangup = Schema.Struct({
  name: name("hangup")
}).annotations({ identifier: "Hangup" })

/**
 * @since 0.1.0
 * @category Models
 */
export type Hangup = typeof Hangup.Type

/**
 * Goes on with the call as set up (in an ACE of a TTS callout: plays the callout's text).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const Continue = Schema.Struct({
  name: name("continue")
}).annotations({ identifier: "Continue" })

/**
 * @since 0.1.0
 * @category Models
 */
export type Continue = typeof Continue.Type

/**
 * The country whose ringback tone the caller hears (open: Sinch's Java SDK also sends `"false"`).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const Indications = Literals.open(
  "at",
  "au",
  "bg",
  "br",
  "be",
  "ch",
  "cl",
  "cn",
  "cz",
  "de",
  "dk",
  "ee",
  "es",
  "fi",
  "fr",
  "gr",
  "hu",
  "il",
  "in",
  "it",
  "lt",
  "jp",
  "mx",
  "my",
  "nl",
  "no",
  "nz",
  "ph",
  "pl",
  "pt",
  "ru",
  "se",
  "sg",
  "th",
  "uk",
  "us",
  "tw",
  "ve",
  "za",
  "false"
)

/**
 * @since 0.1.0
 * @category Models
 */
export type Indications = typeof Indications.Type

/**
 * Answering machine detection: `enabled`, and `async` to get the result in a later notification.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const Amd = Schema.Struct({
  enabled: optional(Schema.Boolean),
  async: optional(Schema.Boolean)
}).annotations({ identifier: "Amd" })

/**
 * @since 0.1.0
 * @category Models
 */
export type Amd = typeof Amd.Type

/**
 * Connects the call to a phone number.
 *
 * - `number`: E.164; by default the number the caller dialled.
 * - `cli`: caller id shown, E.164 or `private`.
 * - `maxDuration`: at most 14400 s. `dialTimeout`: seconds of ringing before giving up.
 * - `suppressCallbacks`: no ACE / DiCE for this call. `dtmf`: tones sent when the callee answers.
 * - `locale`: `en-US` by default. `indications`: ringback tone country. `amd`: machine detection.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const ConnectPstn = Schema.Struct({
  name: name("connectPstn"),
  number: optional(Schema.String),
  locale: optional(Fields.Locale),
  maxDuration: optional(Int),
  dialTimeout: optional(Int),
  cli: optional(Schema.String),
  suppressCallbacks: optional(Schema.Boolean),
  dtmf: optional(Schema.String),
  indications: optional(Indications),
  amd: optional(Amd)
}).annotations({ identifier: "ConnectPstn" })

/**
 * @since 0.1.0
 * @category Models
 */
export type ConnectPstn = typeof ConnectPstn.Type

/**
 * An app user reached over data (MXP).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const MxpDestination = Schema.Struct({
  type: optional(Literals.caseInsensitive("username")),
  endpoint: Schema.String
}).annotations({ identifier: "MxpDestination" })

/**
 * @since 0.1.0
 * @category Models
 */
export type MxpDestination = typeof MxpDestination.Type

const ConnectMxpWire = Schema.Struct({
  name: name("connectMxp"),
  destination: optional(MxpDestination),
  callheaders: optional(Schema.Array(CallHeader)),
  callHeaders: optional(Schema.Array(CallHeader))
})

const ConnectMxpType = Schema.Struct({
  name: Schema.Literal("connectMxp"),
  destination: optional(Schema.typeSchema(MxpDestination)),
  callHeaders: optional(Schema.Array(CallHeader))
})

/**
 * Connects the call to an app user (MXP). Recording is not supported with this action.
 *
 * Sinch's sources spell the header list `callheaders` (OpenAPI, Java, .NET) and `callHeaders` (Node,
 * Python, older docs): both decode into `callHeaders`, which is always sent as `callheaders`.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const ConnectMxp = Schema.transform(ConnectMxpWire, ConnectMxpType, {
  strict: true,
  decode: ({ callHeaders, callheaders, ...rest }) => {
    const headers = callheaders ?? callHeaders
    return headers === undefined ? rest : { ...rest, callHeaders: headers }
  },
  encode: ({ callHeaders, ...rest }) => callHeaders === undefined ? rest : { ...rest, callheaders: callHeaders }
}).annotations({ identifier: "ConnectMxp" })

/**
 * @since 0.1.0
 * @category Models
 */
export type ConnectMxp = typeof ConnectMxp.Type

/**
 * What callers in a conference can do with their keypad: `ignore` (default), `forward` the tones
 * to the others, or `detect` them and send a PIE after `maxDigits` digits (default 1) or
 * `timeoutMills` (default 3000 ms).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const ConferenceDtmfOptions = Schema.Struct({
  mode: optional(Literals.caseInsensitive("ignore", "forward", "detect")),
  maxDigits: optional(Int),
  timeoutMills: optional(Int)
}).annotations({ identifier: "ConferenceDtmfOptions" })

/**
 * @since 0.1.0
 * @category Models
 */
export type ConferenceDtmfOptions = typeof ConferenceDtmfOptions.Type

/**
 * Connects the call to a conference (created when it does not exist). `conferenceId`: 1 to 64
 * characters. `moh`: music while alone (silence by default).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const ConnectConf = Schema.Struct({
  name: name("connectConf"),
  conferenceId: Schema.String,
  conferenceDtmfOptions: optional(ConferenceDtmfOptions),
  moh: optional(Fields.MusicOnHold)
}).annotations({ identifier: "ConnectConf" })

/**
 * @since 0.1.0
 * @category Models
 */
export type ConnectConf = typeof ConnectConf.Type

/**
 * A SIP address, e.g. `46708000000@sip.example.com`.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const SipDestination = Schema.Struct({
  type: optional(Literals.caseInsensitive("sip")),
  endpoint: Schema.String
}).annotations({ identifier: "SipDestination" })

/**
 * @since 0.1.0
 * @category Models
 */
export type SipDestination = typeof SipDestination.Type

/**
 * The SIP transport: UDP (default), TCP or TLS.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const Transport = Literals.caseInsensitive("UDP", "TCP", "TLS")

/**
 * @since 0.1.0
 * @category Models
 */
export type Transport = typeof Transport.Type

/**
 * Connects the call to a SIP server. `callHeaders` are sent as private SIP headers; `moh` plays when
 * the SIP side puts the call on hold; `maxDuration` at most 14400 s.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const ConnectSip = Schema.Struct({
  name: name("connectSip"),
  destination: SipDestination,
  maxDuration: optional(Int),
  cli: optional(Schema.String),
  transport: optional(Transport),
  suppressCallbacks: optional(Schema.Boolean),
  callHeaders: optional(Schema.Array(CallHeader)),
  moh: optional(Fields.MusicOnHold)
}).annotations({ identifier: "ConnectSip" })

/**
 * @since 0.1.0
 * @category Models
 */
export type ConnectSip = typeof ConnectSip.Type

/**
 * A WebSocket server, `wss://…`.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const StreamDestination = Schema.Struct({
  type: optional(Literals.caseInsensitive("Websocket")),
  endpoint: Schema.String
}).annotations({ identifier: "StreamDestination" })

/**
 * @since 0.1.0
 * @category Models
 */
export type StreamDestination = typeof StreamDestination.Type

/**
 * The audio stream's protocol `version` and `sampleRate` (Hz).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const StreamingOptions = Schema.Struct({
  version: optional(Int),
  sampleRate: optional(Int)
}).annotations({ identifier: "StreamingOptions" })

/**
 * @since 0.1.0
 * @category Models
 */
export type StreamingOptions = typeof StreamingOptions.Type

/**
 * Streams the call's audio to a WebSocket server (closed beta). `callHeaders` go in the first
 * message; `maxDuration` at most 14400 s.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const ConnectStream = Schema.Struct({
  name: name("connectStream"),
  destination: StreamDestination,
  maxDuration: optional(Int),
  callHeaders: optional(Schema.Array(CallHeader)),
  streamingOptions: optional(StreamingOptions)
}).annotations({ identifier: "ConnectStream" })

/**
 * @since 0.1.0
 * @category Models
 */
export type ConnectStream = typeof ConnectStream.Type

/**
 * Runs an IVR menu. The menu `mainMenu` (or else `main`) plays first; options go to other menus
 * or return a value in a PIE. `barge` (default `true`) lets input interrupt prompts; `enableVoice`
 * accepts speech, in `locale` (then required).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const RunMenu = Schema.Struct({
  name: name("runMenu"),
  barge: optional(Schema.Boolean),
  locale: optional(Fields.Locale),
  mainMenu: optional(Schema.String),
  enableVoice: optional(Schema.Boolean),
  menus: optional(Schema.Array(Menus.Menu))
}).annotations({ identifier: "RunMenu" })

/**
 * @since 0.1.0
 * @category Models
 */
export type RunMenu = typeof RunMenu.Type

/**
 * Parks the call: plays `introPrompt` once, then `holdPrompt` in a loop until the call is updated
 * (unparked) or `maxDuration` (at most 600 s) passes.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const Park = Schema.Struct({
  name: name("park"),
  locale: optional(Fields.Locale),
  introPrompt: optional(Schema.String),
  holdPrompt: optional(Schema.String),
  maxDuration: optional(Int)
}).annotations({ identifier: "Park" })

/**
 * @since 0.1.0
 * @category Models
 */
export type Park = typeof Park.Type

/**
 * Any action (which ones a document may hold depends on its context, see `Documents`).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const Action = Schema.Union(
  Hangup,
  Continue,
  ConnectPstn,
  ConnectMxp,
  ConnectConf,
  ConnectSip,
  ConnectStream,
  RunMenu,
  Park
)

/**
 * @since 0.1.0
 * @category Models
 */
export type Action = typeof Action.Type

/**
 * @since 0.1.0
 * @category Models
 */
export type Name = Action["name"]

/**
 * Ends the call.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const hangup = (): Hangup => ({ name: "hangup" })

/**
 * Goes on with the call as set up (`continue` is a reserved word, hence the name).
 *
 * @since 0.1.0
 * @category Constructors
 */
export const continueCall = (): Continue => ({ name: "continue" })

/**
 * Connects the call to a phone number (E.164).
 *
 * @since 0.1.0
 * @category Constructors
 */
export const connectPstn = (number: string, options: Omit<ConnectPstn, "name" | "number"> = {}): ConnectPstn => ({
  name: "connectPstn",
  number,
  ...options
})

/**
 * Connects the call to an app user.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const connectMxp = (
  username: string,
  options: { readonly callHeaders?: ReadonlyArray<CallHeader> } = {}
): ConnectMxp => ({ name: "connectMxp", destination: { type: "username", endpoint: username }, ...options })

/**
 * Connects the call to a conference.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const connectConf = (
  conferenceId: string,
  options: Omit<ConnectConf, "name" | "conferenceId"> = {}
): ConnectConf => ({ name: "connectConf", conferenceId, ...options })

/**
 * Connects the call to a SIP address.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const connectSip = (
  address: string,
  options: Omit<ConnectSip, "name" | "destination"> = {}
): ConnectSip => ({ name: "connectSip", destination: { type: "sip", endpoint: address }, ...options })

/**
 * Streams the call's audio to a WebSocket server (`wss://…`).
 *
 * @since 0.1.0
 * @category Constructors
 */
export const connectStream = (
  url: string,
  options: Omit<ConnectStream, "name" | "destination"> = {}
): ConnectStream => ({ name: "connectStream", destination: { type: "Websocket", endpoint: url }, ...options })

/**
 * Runs menus; the first menu given is the one that plays first unless `mainMenu` says otherwise
 * (use `Menus.main` for a menu with the id `main`).
 *
 * @since 0.1.0
 * @category Constructors
 */
export const runMenu = (
  menus: Arr.NonEmptyReadonlyArray<Menus.Menu>,
  options: Omit<RunMenu, "name" | "menus"> = {}
): RunMenu => {
  const [first] = menus
  // Sinch starts at the menu with id `main`; name the first one unless told otherwise
  const mainMenu = options.mainMenu ?? (first.id === Menus.mainMenuId ? undefined : first.id)
  return mainMenu === undefined
    ? { name: "runMenu", ...options, menus }
    : { name: "runMenu", ...options, mainMenu, menus }
}

/**
 * Parks the call until it is updated or `maxDuration` passes.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const park = (options: Omit<Park, "name"> = {}): Park => ({ name: "park", ...options })
