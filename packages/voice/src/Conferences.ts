/**
 * Conferences: list participants, remove them, and mute, unmute, hold or resume one of them
 * (`/calling/v1/conferences/id/{conferenceId}[/{callId}]`).
 *
 * @since 0.1.0
 */
import * as Fields from "@effect-sinch/svaml/Fields"
import * as Literals from "@effect-sinch/svaml/Literals"
import * as Context from "effect/Context"
import type * as Effect from "effect/Effect"
import type * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import * as internalMock from "./internal/mockConferences.js"
import type * as VoiceError from "./VoiceError.js"
import type * as VoiceTest from "./VoiceTest.js"

/**
 * One participant of a conference: `id` is the call id of its leg, `cli` its number (or the caller
 * id of a data call), `duration` the seconds it has been connected.
 *
 * @since 0.1.0
 * @category Schemas
 */
export class ConferenceParticipant extends Schema.Class<ConferenceParticipant>("ConferenceParticipant")({
  id: Schema.String,
  cli: Schema.optional(Schema.String),
  duration: Schema.optional(Schema.Number),
  muted: Schema.optional(Schema.Boolean),
  onhold: Schema.optional(Schema.Boolean)
}) {}

/**
 * The answer of `GetConferenceInfo`.
 *
 * @since 0.1.0
 * @category Schemas
 */
export class ConferenceInfo extends Schema.Class<ConferenceInfo>("ConferenceInfo")({
  participants: Schema.optionalWith(Schema.Array(ConferenceParticipant), { default: () => [] })
}) {}

/**
 * What to do with a participant.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const ParticipantCommand = Literals.caseInsensitive("mute", "unmute", "onhold", "resume")

/**
 * @since 0.1.0
 * @category Models
 */
export type ParticipantCommand = typeof ParticipantCommand.Type

/**
 * The body of `ManageConferenceParticipant`. `moh` (music while on hold) only goes with `onhold`.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const ManageParticipantRequest = Schema.Struct({
  command: ParticipantCommand,
  moh: Schema.optional(Fields.MusicOnHold)
}).pipe(
  Schema.filter((request) =>
    request.moh === undefined || request.command === "onhold" ||
    { path: ["moh"], message: "moh rule: music on hold only goes with the onhold command" }, {
    identifier: "ManageParticipantRequest"
  })
)

/**
 * @since 0.1.0
 * @category Models
 */
export type ManageParticipantRequest = typeof ManageParticipantRequest.Type

/**
 * @since 0.1.0
 * @category Models
 */
export interface Service {
  /** The participants of a conference. */
  readonly get: (conferenceId: string) => Effect.Effect<ConferenceInfo, VoiceError.ResourceError>
  /** Removes every participant (ends the conference). */
  readonly kickAll: (conferenceId: string) => Effect.Effect<void, VoiceError.ResourceError>
  /** Removes one participant. */
  readonly kickParticipant: (conferenceId: string, callId: string) => Effect.Effect<void, VoiceError.ResourceError>
  /** Mutes, unmutes, holds or resumes one participant. */
  readonly manageParticipant: (
    conferenceId: string,
    callId: string,
    request: ManageParticipantRequest
  ) => Effect.Effect<void, VoiceError.ResourceError>
  /** `manageParticipant` with `mute`. */
  readonly mute: (conferenceId: string, callId: string) => Effect.Effect<void, VoiceError.ResourceError>
  /** `manageParticipant` with `unmute`. */
  readonly unmute: (conferenceId: string, callId: string) => Effect.Effect<void, VoiceError.ResourceError>
  /** `manageParticipant` with `onhold`, optionally with music on hold. */
  readonly hold: (
    conferenceId: string,
    callId: string,
    moh?: Fields.MusicOnHold
  ) => Effect.Effect<void, VoiceError.ResourceError>
  /** `manageParticipant` with `resume`. */
  readonly resume: (conferenceId: string, callId: string) => Effect.Effect<void, VoiceError.ResourceError>
}

/**
 * @since 0.1.0
 * @category Context
 */
export class Conferences extends Context.Tag("@effect-sinch/voice/Conferences")<Conferences, Service>() {}

/**
 * `Conferences` on an in-memory model of a Sinch project, for tests: same types, same input validation
 * and same typed errors as the real client, no HTTP. Read and script the model with `VoiceTest`.
 * Merged with the other `layerTest` layers (or as `SinchVoice.layerTest`) it shares one model.
 *
 * @since 0.1.0
 * @category Layers
 */
export const layerTest: Layer.Layer<Conferences | VoiceTest.VoiceTest> = internalMock.layer
