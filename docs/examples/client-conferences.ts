/**
 * Examples for docs/conferences.md, type-checked by `pnpm check`.
 */
import { Conferences } from "@effect-sinch/voice"
import * as Effect from "effect/Effect"

// Mute everyone who is not on hold
export const muteAll = (conferenceId: string) =>
  Effect.gen(function*() {
    const conferences = yield* Conferences.Conferences
    const { participants } = yield* conferences.get(conferenceId)
    yield* Effect.forEach(
      participants.filter((participant) => !participant.muted && !participant.onhold),
      (participant) => conferences.mute(conferenceId, participant.id),
      { concurrency: 4, discard: true }
    )
    return participants.length
  })

// Hold one participant with music, resume later, then end the conference
export const holdAndEnd = (conferenceId: string, callId: string) =>
  Effect.gen(function*() {
    const conferences = yield* Conferences.Conferences
    yield* conferences.hold(conferenceId, callId, "music2")
    yield* conferences.resume(conferenceId, callId)
    yield* conferences.kickParticipant(conferenceId, callId)
    yield* conferences.kickAll(conferenceId)
  })

// A conference that is already over is a typed NotFound, not a crash
export const participantsOrNone = (conferenceId: string) =>
  Effect.flatMap(Conferences.Conferences, (conferences) => conferences.get(conferenceId)).pipe(
    Effect.map((info) => info.participants),
    Effect.catchTag("NotFound", () => Effect.succeed([]))
  )
