import * as Fields from "@effect-sinch/svaml/Fields"
import * as Effect from "effect/Effect"
import type * as Schema from "effect/Schema"
import * as Conferences from "../Conferences.js"
import type * as client from "./client.js"
import * as errors from "./errors.js"
import * as validation from "./validation.js"

const operation = (
  name: string,
  method: client.Operation["method"],
  pathTemplate: string
): client.Operation => ({ service: "conferences", name, method, host: "calling", pathTemplate, resource: "conference" })

const conferencePath = "/calling/v1/conferences/id/{conferenceId}"
const participantPath = "/calling/v1/conferences/id/{conferenceId}/{callId}"

const operations = {
  get: operation("get", "GET", conferencePath),
  kickAll: operation("kickAll", "DELETE", conferencePath),
  kickParticipant: operation("kickParticipant", "DELETE", participantPath),
  manageParticipant: operation("manageParticipant", "PATCH", participantPath)
}

const conference = (conferenceId: string, label: string) =>
  validation.encode(Fields.ConferenceId, conferenceId, { operation: label, field: "conferenceId" }).pipe(
    Effect.zipRight(validation.pathSegment(conferenceId, { operation: label, field: "conferenceId" })),
    Effect.map((segment) => `/calling/v1/conferences/id/${segment}`)
  )

const participant = (conferenceId: string, callId: string, label: string) =>
  Effect.all({
    conference: conference(conferenceId, label),
    call: validation.pathSegment(callId, { operation: label, field: "callId" })
  }).pipe(Effect.map(({ call, conference }) => ({ path: `${conference}/${call}`, callId })))

export const make = (client: client.Client): Conferences.Service => {
  const json = <A, I>(operation: client.Operation, prepare: client.Prepare, schema: Schema.Schema<A, I>) =>
    errors.forResource(client.json(operation, prepare, schema))
  const empty = (operation: client.Operation, prepare: client.Prepare) =>
    errors.forResource(client.empty(operation, prepare))
  const manageParticipant = (
    conferenceId: string,
    callId: string,
    request: Conferences.ManageParticipantRequest,
    name = "manageParticipant"
  ) => {
    const label = `conferences.${name}`
    return empty(
      name === "manageParticipant" ? operations.manageParticipant : { ...operations.manageParticipant, name },
      Effect.all({
        target: participant(conferenceId, callId, label),
        body: validation.encode(Conferences.ManageParticipantRequest, request, { operation: label, field: "request" })
      }).pipe(Effect.map(({ body, target }) => ({ ...target, body })))
    )
  }
  return {
    get: (conferenceId) =>
      json(
        operations.get,
        conference(conferenceId, "conferences.get").pipe(Effect.map((path) => ({ path }))),
        Conferences.ConferenceInfo
      ),
    kickAll: (conferenceId) =>
      empty(
        operations.kickAll,
        conference(conferenceId, "conferences.kickAll").pipe(Effect.map((path) => ({ path })))
      ),
    kickParticipant: (conferenceId, callId) =>
      empty(operations.kickParticipant, participant(conferenceId, callId, "conferences.kickParticipant")),
    manageParticipant: (conferenceId, callId, request) => manageParticipant(conferenceId, callId, request),
    mute: (conferenceId, callId) => manageParticipant(conferenceId, callId, { command: "mute" }, "mute"),
    unmute: (conferenceId, callId) => manageParticipant(conferenceId, callId, { command: "unmute" }, "unmute"),
    hold: (conferenceId, callId, moh) =>
      manageParticipant(
        conferenceId,
        callId,
        moh === undefined ? { command: "onhold" } : { command: "onhold", moh },
        "hold"
      ),
    resume: (conferenceId, callId) => manageParticipant(conferenceId, callId, { command: "resume" }, "resume")
  }
}
