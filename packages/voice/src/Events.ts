/**
 * The callback events Sinch posts to an application: ICE (incoming call), ACE (answered call),
 * DiCE (disconnected call), PIE (prompt input) and Notify (notifications, including call errors).
 *
 * Decoding is deliberately forgiving where Sinch has been inconsistent over time: enumerations are
 * open and case-insensitive (DiCE reasons have grown, menu result types once came capitalised), the
 * `event` discriminator is case-insensitive, optional fields may be absent or `null`, and keys this
 * module does not know are ignored. The call id is `callid` (lower case), as Sinch sends it.
 *
 * @since 0.1.0
 */
import * as Fields from "@effect-sinch/svaml/Fields"
import * as Literals from "@effect-sinch/svaml/Literals"
import * as Schema from "effect/Schema"
import * as Model from "./Model.js"

const optional = <S extends Schema.Schema.Any>(schema: S) =>
  Schema.optionalWith(schema, { exact: true, nullable: true })

const discriminator = <const A extends string>(event: A) =>
  Schema.propertySignature(Literals.caseInsensitive(event)).pipe(Schema.withConstructorDefault((): A => event))

/**
 * The kinds of callback events, decoded case-insensitively.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const EventType = Literals.caseInsensitive("ice", "ace", "dice", "pie", "notify")

/**
 * @since 0.1.0
 * @category Models
 */
export type EventType = typeof EventType.Type

/**
 * Fields every event may carry.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const CommonFields = {
  /** The call this event is about (`callid`, lower case, in events). */
  callid: Schema.String,
  conferenceId: optional(Schema.String),
  /** The regional URL to manage this call with (PATCH / GET). */
  callResourceUrl: optional(Schema.String),
  timestamp: optional(Model.Timestamp),
  /** The version of the callback API (1). */
  version: optional(Schema.Finite),
  /** The `custom` value given to the callout or set by the caller's SDK. */
  custom: optional(Schema.String),
  applicationKey: optional(Schema.String)
}

/**
 * The status of answering machine detection; open (`inprogress` appears for asynchronous detection).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const AmdStatus = Literals.open("machine", "human", "notsure", "hangup", "inprogress")

/**
 * @since 0.1.0
 * @category Schemas
 */
export const AmdReason = Literals.open("longgreeting", "initialsilence", "beep", "n/a", "greeting")

/**
 * The result of answering machine detection, in ACE (synchronous) or Notify (asynchronous).
 *
 * @since 0.1.0
 * @category Schemas
 */
export class AnsweringMachineDetection extends Schema.Class<AnsweringMachineDetection>("AnsweringMachineDetection")({
  status: optional(AmdStatus),
  reason: optional(AmdReason),
  /** Seconds the detection took. */
  duration: optional(Schema.Finite)
}) {}

/**
 * ICE, the incoming call event: a call reached Sinch. The application answers with SVAML
 * (`Documents.IceResponse`); without an answer the caller hears an error and the call ends.
 *
 * @since 0.1.0
 * @category Schemas
 */
export class IceEvent extends Schema.Class<IceEvent>("IceEvent")({
  event: discriminator("ice"),
  ...CommonFields,
  /** The rate for the dialled destination. */
  userRate: optional(Model.Price),
  /** The caller's number (`private` when hidden). */
  cli: optional(Schema.String),
  to: optional(Model.Destination),
  /** Where the call is supposed to terminate. */
  domain: optional(Model.Domain),
  /** Where the call comes from. */
  originationType: optional(Model.Domain),
  duration: optional(Schema.Finite),
  /** The redirected dialled number. */
  rdnis: optional(Schema.String),
  /** Headers set by the caller's Sinch SDK. */
  callHeaders: optional(Schema.Array(Fields.CallHeader)),
  /** Legacy: the calling user of an SDK call. */
  user: optional(Schema.String)
}) {}

/**
 * ACE, the answered call event: the callee answered. The application answers with SVAML
 * (`Documents.AceResponse`); without an answer the call is connected.
 *
 * @since 0.1.0
 * @category Schemas
 */
export class AceEvent extends Schema.Class<AceEvent>("AceEvent")({
  event: discriminator("ace"),
  ...CommonFields,
  amd: optional(AnsweringMachineDetection)
}) {}

/**
 * DiCE, the disconnected call event: the call ended. No SVAML is expected.
 *
 * @since 0.1.0
 * @category Schemas
 */
export class DiceEvent extends Schema.Class<DiceEvent>("DiceEvent")({
  event: discriminator("dice"),
  ...CommonFields,
  reason: optional(Model.CallReason),
  result: optional(Model.CallResult),
  /** The amount charged for the call. */
  debit: optional(Model.Price),
  /** The rate per minute. */
  userRate: optional(Model.Price),
  to: optional(Model.Destination),
  /** Seconds; absent when the call was not answered. */
  duration: optional(Schema.Finite),
  /** The initiator of the call (e.g. `private`). */
  from: optional(Schema.String),
  callHeaders: optional(Schema.Array(Fields.CallHeader))
}) {}

/**
 * What kind of input ended a menu; open and case-insensitive (legacy platforms sent `Sequence`).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const MenuResultType = Literals.open("error", "return", "sequence", "timeout", "hangup", "invalidinput")

/**
 * @since 0.1.0
 * @category Schemas
 */
export const InputMethod = Literals.open("dtmf", "voice")

/**
 * The outcome of a `runMenu` action (or of conference DTMF detection).
 *
 * @since 0.1.0
 * @category Schemas
 */
export class MenuResult extends Schema.Class<MenuResult>("MenuResult")({
  menuId: optional(Schema.String),
  type: MenuResultType,
  /** For `return`: the value inside `return(...)`; for `sequence`: the digits collected. */
  value: optional(Schema.String),
  inputMethod: optional(InputMethod)
}) {}

/**
 * PIE, the prompt input event: a menu finished. The application answers with SVAML
 * (`Documents.PieResponse`).
 *
 * @since 0.1.0
 * @category Schemas
 */
export class PieEvent extends Schema.Class<PieEvent>("PieEvent")({
  event: discriminator("pie"),
  ...CommonFields,
  menuResult: MenuResult
}) {}

/**
 * The kinds of notifications; open, as Sinch documents no complete list.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const NotifyType = Literals.open(
  "recording_finished",
  "recording_available",
  "transcription_available",
  "amd",
  "amd_beep",
  "callingerror"
)

/**
 * Notify, a notification (recordings, transcriptions, asynchronous AMD results, call errors).
 * No SVAML is expected. The call-error variant (`type: "callingerror"`) carries `errorCode`
 * (40001 illegal SVAML, 50000 internal error), `errorMsg` and `user`; see {@link isCallingError}.
 *
 * @since 0.1.0
 * @category Schemas
 */
export class NotifyEvent extends Schema.Class<NotifyEvent>("NotifyEvent")({
  event: discriminator("notify"),
  ...CommonFields,
  type: NotifyType,
  /** The URL of a recording or transcription. */
  destination: optional(Schema.String),
  amd: optional(AnsweringMachineDetection),
  errorCode: optional(Model.ErrorCode),
  errorMsg: optional(Schema.String),
  user: optional(Schema.String)
}) {}

/**
 * A Notify event of type `callingerror`.
 *
 * @since 0.1.0
 * @category Models
 */
export interface CallingError extends NotifyEvent {
  readonly type: "callingerror"
}

/**
 * @since 0.1.0
 * @category Guards
 */
export const isCallingError = (event: NotifyEvent): event is CallingError => event.type === "callingerror"

/**
 * Any callback event, discriminated by `event`.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const CallbackEvent = Schema.Union(IceEvent, AceEvent, DiceEvent, PieEvent, NotifyEvent).annotations({
  identifier: "CallbackEvent"
})

/**
 * @since 0.1.0
 * @category Models
 */
export type CallbackEvent = typeof CallbackEvent.Type

/**
 * A callback event from its JSON text.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const CallbackEventFromJson = Schema.parseJson(CallbackEvent)

/**
 * @since 0.1.0
 * @category Decoding
 */
export const decode = Schema.decodeUnknown(CallbackEvent)

/**
 * Encodes an event into its wire form (the JSON object Sinch sends).
 *
 * @since 0.1.0
 * @category Encoding
 */
export const encode = Schema.encode(CallbackEvent)
