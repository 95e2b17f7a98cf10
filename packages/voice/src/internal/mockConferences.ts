import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import * as Conferences from "../Conferences.js"
import type * as VoiceTest from "../VoiceTest.js"
import * as internalConferences from "./conferences.js"
import * as backend from "./mockBackend.js"

const managed = (
  participant: VoiceTest.ParticipantRecord,
  request: Conferences.ManageParticipantRequest
): VoiceTest.ParticipantRecord => {
  switch (request.command) {
    case "mute":
      return { ...participant, muted: true }
    case "unmute":
      return { ...participant, muted: false }
    case "onhold":
      return { ...participant, onHold: true, musicOnHold: request.moh }
    case "resume":
      return { ...participant, onHold: false, musicOnHold: undefined }
  }
}

const handler = (mock: backend.Backend): backend.Handler => (request) =>
  Effect.gen(function*() {
    // Paths as the real preparation built them: /calling/v1/conferences/id/{conferenceId}[/{callId}]
    const conferenceId = backend.pathSegment(request.call.path, 5) ?? ""
    const callId = request.call.callId ?? ""
    const command = request.call.body === undefined
      ? undefined
      : yield* Effect.orDie(Schema.decodeUnknown(Conferences.ManageParticipantRequest)(request.call.body))
    return yield* mock.transition((state) => {
      const participants = state.conferences.get(conferenceId)
      if (participants === undefined) return [Either.left(backend.notFound(request, "Conference not found")), state]
      const known = participants.filter((participant) => !state.unknownCalls.has(participant.callId))
      switch (request.operation) {
        case "Conferences.get":
          return [
            Either.right({
              participants: known.map((participant) =>
                backend.compact({
                  id: participant.callId,
                  cli: participant.cli,
                  duration: backend.secondsBetween(participant.joinedAt, request.now),
                  muted: participant.muted,
                  onhold: participant.onHold
                })
              )
            }),
            state
          ]
        case "Conferences.kickAll": {
          const ended = participants.reduce(
            (current, participant) =>
              backend.endCall(current, participant.callId, request.now, {
                result: "ANSWERED",
                reason: "MANAGERHANGUP"
              }),
            state
          )
          return [Either.right(undefined), {
            ...ended,
            conferences: backend.withoutEntry(ended.conferences, conferenceId)
          }]
        }
      }
      const participant = known.find((p) => p.callId === callId)
      if (participant === undefined) return [Either.left(backend.notFound(request, "Participant not found")), state]
      if (request.operation === "Conferences.kickParticipant" || command === undefined) {
        const ended = backend.endCall(state, callId, request.now, { result: "ANSWERED", reason: "MANAGERHANGUP" })
        return [Either.right(undefined), backend.leaveConference(ended, conferenceId, callId)]
      }
      const changed = managed(participant, command)
      return [
        Either.right(undefined),
        {
          ...state,
          conferences: backend.withEntry(
            state.conferences,
            conferenceId,
            participants.map((p) => p.callId === callId ? changed : p)
          )
        }
      ]
    })
  })

/** `Conferences` on the shared in-memory backend, with `VoiceTest`. */
export const layer: Layer.Layer<Conferences.Conferences | VoiceTest.VoiceTest> = Layer.suspend(() =>
  Layer.effect(
    Conferences.Conferences,
    Effect.map(backend.MockBackend, (mock) => internalConferences.make(mock.client(handler(mock))))
  )
).pipe(Layer.merge(backend.voiceTest), Layer.provide(backend.layer))
