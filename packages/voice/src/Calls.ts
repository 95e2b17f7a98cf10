/**
 * Calls: read a call's state (`GET /calling/v1/calls/id/{callId}`) and steer a call in progress with
 * SVAML (`PATCH /calling/v1/calls/id/{callId}[/leg/{callLeg}]`; only `hangup`, `continue` and
 * `park` actions are valid there).
 *
 * A call lives in one region. Address it by id (on the configured calling host) or by the
 * `callResourceUrl` its ICE event carried, which points at the right regional host.
 *
 * @since 0.1.0
 */
import type * as Documents from "@effect-sinch/svaml/Documents"
import * as Literals from "@effect-sinch/svaml/Literals"
import * as Context from "effect/Context"
import type * as Effect from "effect/Effect"
import type * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import * as internalMock from "./internal/mockCalls.js"
import * as Model from "./Model.js"
import type * as VoiceError from "./VoiceError.js"
import type * as VoiceTest from "./VoiceTest.js"

/**
 * Which side of a call hears the `say` / `playFiles` instructions of a managed-call update.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const CallLeg = Literals.caseInsensitive("caller", "callee", "both")

/**
 * @since 0.1.0
 * @category Models
 */
export type CallLeg = typeof CallLeg.Type

/**
 * Whether a call is still going.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const CallStatus = Literals.open("ONGOING", "FINAL")

/**
 * The state of a call (`GetCallResult`).
 *
 * @since 0.1.0
 * @category Schemas
 */
export class CallInformation extends Schema.Class<CallInformation>("CallInformation")({
  callId: Schema.String,
  from: Schema.optional(Model.Destination),
  to: Schema.optional(Model.Destination),
  domain: Schema.optional(Model.Domain),
  duration: Schema.optional(Schema.Number),
  status: Schema.optional(CallStatus),
  result: Schema.optional(Model.CallResult),
  reason: Schema.optional(Model.CallReason),
  timestamp: Schema.optional(Model.Timestamp),
  custom: Schema.optional(Schema.Union(Schema.String, Schema.Record({ key: Schema.String, value: Schema.Unknown }))),
  userRate: Schema.optional(Model.Price),
  debit: Schema.optional(Model.Price)
}) {}

/**
 * A call addressed by the `callResourceUrl` of its ICE event, e.g.
 * `https://calling-use1.api.sinch.com/calling/v1/calls/id/{callId}`. Only Sinch calling hosts (and the
 * configured calling host) are followed.
 *
 * @since 0.1.0
 * @category Models
 */
export interface CallResource {
  readonly callResourceUrl: string
}

/**
 * A call id, or a call's resource URL.
 *
 * @since 0.1.0
 * @category Models
 */
export type CallRef = string | CallResource

/**
 * @since 0.1.0
 * @category Models
 */
export interface Service {
  /** The state of a call (PSTN and SIP calls only). */
  readonly get: (call: CallRef) => Effect.Effect<CallInformation, VoiceError.ResourceError>
  /** Sends SVAML to a call in progress, e.g. to say something and hang up, or to unpark it. */
  readonly update: (
    call: CallRef,
    svaml: Documents.ManagedCallUpdate
  ) => Effect.Effect<void, VoiceError.ResourceError>
  /** Like `update`, choosing which leg hears `say` / `playFiles`. */
  readonly manageWithCallLeg: (
    call: CallRef,
    leg: CallLeg,
    svaml: Documents.ManagedCallUpdate
  ) => Effect.Effect<void, VoiceError.ResourceError>
}

/**
 * @since 0.1.0
 * @category Context
 */
export class Calls extends Context.Tag("@effect-sinch/voice/Calls")<Calls, Service>() {}

/**
 * `Calls` on an in-memory model of a Sinch project, for tests: same types, same input validation
 * and same typed errors as the real client, no HTTP. Read and script the model with `VoiceTest`.
 * Merged with the other `layerTest` layers (or as `SinchVoice.layerTest`) it shares one model.
 *
 * @since 0.1.0
 * @category Layers
 */
export const layerTest: Layer.Layer<Calls | VoiceTest.VoiceTest> = internalMock.layer
