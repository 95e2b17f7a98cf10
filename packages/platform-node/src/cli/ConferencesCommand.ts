/**
 * `sinch-voice conferences get | kick | kick-all | mute | unmute | hold | resume`: see who is in a
 * conference and moderate it.
 *
 * @since 0.1.0
 */
import * as Conferences from "@effect-sinch/voice/Conferences"
import type * as VoiceError from "@effect-sinch/voice/VoiceError"
import * as Args from "@effect/cli/Args"
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Connection from "./Connection.js"
import * as Output from "./Output.js"

const conferenceId = Args.text({ name: "conference-id" }).pipe(Args.withDescription("The id of the conference."))
const callId = Args.text({ name: "call-id" }).pipe(Args.withDescription("The call id of the participant."))

const yesNo = (value: boolean | undefined): string => value === undefined ? "" : value ? "yes" : "no"

/**
 * The participants of a conference as a table.
 *
 * @since 0.1.0
 * @category Formatting
 */
export const formatConference = (conferenceId: string, info: Conferences.ConferenceInfo): string =>
  info.participants.length === 0
    ? `Conference ${conferenceId} has no participants.`
    : Output.table(
      ["call id", "cli", "duration", "muted", "on hold"],
      info.participants.map((participant) => [
        participant.id,
        participant.cli ?? "",
        participant.duration === undefined ? "" : `${participant.duration} s`,
        yesNo(participant.muted),
        yesNo(participant.onhold)
      ])
    )

/**
 * `conferences get <conference-id>`.
 *
 * @since 0.1.0
 * @category Commands
 */
export const get = Command.make("get", { ...Connection.options, conferenceId }, (input) =>
  Effect.gen(function*() {
    const conferences = yield* Conferences.Conferences
    const info = yield* conferences.get(input.conferenceId)
    yield* Output.printAnswer(input.json, Conferences.ConferenceInfo, info, (answer) =>
      formatConference(input.conferenceId, answer))
  }).pipe(Effect.provide(Connection.layer(input)))).pipe(
    Command.withDescription("List the participants of a conference.")
  )

/**
 * `conferences kick-all <conference-id>`.
 *
 * @since 0.1.0
 * @category Commands
 */
export const kickAll = Command.make(
  "kick-all",
  { ...Connection.options, conferenceId },
  (input) =>
    Effect.gen(function*() {
      const conferences = yield* Conferences.Conferences
      yield* conferences.kickAll(input.conferenceId)
      yield* Output.print(input.json, {
        json: { conferenceId: input.conferenceId, command: "kick-all" },
        text: `Removed every participant from conference ${input.conferenceId}.`
      })
    }).pipe(Effect.provide(Connection.layer(input)))
).pipe(
  Command.withDescription("Remove every participant (ends the conference).")
)

const participantCommand = <Name extends string>(
  name: Name,
  description: string,
  done: string,
  run: (
    conferences: Conferences.Service,
    conferenceId: string,
    callId: string
  ) => Effect.Effect<void, VoiceError.ResourceError>
) =>
  Command.make(name, { ...Connection.options, conferenceId, callId }, (input) =>
    Effect.gen(function*() {
      const conferences = yield* Conferences.Conferences
      yield* run(conferences, input.conferenceId, input.callId)
      yield* Output.print(input.json, {
        json: { conferenceId: input.conferenceId, callId: input.callId, command: name },
        text: `${done} ${input.callId} in conference ${input.conferenceId}.`
      })
    }).pipe(Effect.provide(Connection.layer(input)))).pipe(Command.withDescription(description))

/**
 * `conferences kick <conference-id> <call-id>`.
 *
 * @since 0.1.0
 * @category Commands
 */
export const kick = participantCommand(
  "kick",
  "Remove one participant.",
  "Removed",
  (conferences, conference, call) => conferences.kickParticipant(conference, call)
)

/**
 * `conferences mute <conference-id> <call-id>`.
 *
 * @since 0.1.0
 * @category Commands
 */
export const mute = participantCommand(
  "mute",
  "Mute a participant.",
  "Muted",
  (conferences, conference, call) => conferences.mute(conference, call)
)

/**
 * `conferences unmute <conference-id> <call-id>`.
 *
 * @since 0.1.0
 * @category Commands
 */
export const unmute = participantCommand(
  "unmute",
  "Unmute a participant.",
  "Unmuted",
  (conferences, conference, call) => conferences.unmute(conference, call)
)

/**
 * `conferences resume <conference-id> <call-id>`.
 *
 * @since 0.1.0
 * @category Commands
 */
export const resume = participantCommand(
  "resume",
  "Take a participant off hold.",
  "Resumed",
  (conferences, conference, call) => conferences.resume(conference, call)
)

/**
 * `conferences hold <conference-id> <call-id> [--moh ring|music1|music2|music3]`.
 *
 * @since 0.1.0
 * @category Commands
 */
export const hold = Command.make("hold", {
  ...Connection.options,
  conferenceId,
  callId,
  moh: Options.choice("moh", ["ring", "music1", "music2", "music3"]).pipe(
    Options.withDescription("What the participant hears while on hold."),
    Options.optional
  )
}, (input) =>
  Effect.gen(function*() {
    const conferences = yield* Conferences.Conferences
    yield* conferences.hold(input.conferenceId, input.callId, Option.getOrUndefined(input.moh))
    yield* Output.print(input.json, {
      json: { conferenceId: input.conferenceId, callId: input.callId, command: "hold" },
      text: `Put ${input.callId} on hold in conference ${input.conferenceId}.`
    })
  }).pipe(Effect.provide(Connection.layer(input)))).pipe(
    Command.withDescription("Put a participant on hold, optionally with music.")
  )

/**
 * `conferences …`.
 *
 * @since 0.1.0
 * @category Commands
 */
export const command = Command.make("conferences").pipe(
  Command.withDescription("See who is in a conference and moderate it."),
  Command.withSubcommands([get, kick, kickAll, mute, unmute, hold, resume])
)
