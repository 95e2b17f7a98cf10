/**
 * Conference rooms: created by the first participant, gone with the last one.
 */
import * as Model from "./model.js"
import * as Wait from "./wait.js"

export const join = (engine: Model.Engine, call: Model.CallRecord, conferenceId: string, now: number): void => {
  let conference = engine.conferences.get(conferenceId)
  if (conference === undefined) {
    conference = { id: conferenceId, participants: new Map() }
    engine.conferences.set(conferenceId, conference)
  }
  conference.participants.set(call.id, {
    callId: call.id,
    cli: call.remote.number,
    joinedAt: now,
    muted: false,
    onhold: false
  })
  call.conferenceId = conferenceId
  Model.record(call, { _tag: "Conference", at: now - call.createdAt, conferenceId, change: "joined" })
}

/** Takes a call out of its conference (when it ends, or moves elsewhere). */
export const leave = (engine: Model.Engine, call: Model.CallRecord, now: number, change: "left" | "kicked"): void => {
  const conferenceId = call.conferenceId
  if (conferenceId === undefined) return
  call.conferenceId = undefined
  const conference = engine.conferences.get(conferenceId)
  if (conference === undefined) return
  conference.participants.delete(call.id)
  if (conference.participants.size === 0) engine.conferences.delete(conferenceId)
  Model.record(call, { _tag: "Conference", at: now - call.createdAt, conferenceId, change })
}

export interface ParticipantInfo {
  readonly id: string
  readonly cli: string
  readonly duration: number
  readonly muted: boolean
  readonly onhold: boolean
}

export const participants = (
  engine: Model.Engine,
  conferenceId: string,
  now: number
): ReadonlyArray<ParticipantInfo> | undefined => {
  const conference = engine.conferences.get(conferenceId)
  if (conference === undefined) return undefined
  return Array.from(conference.participants.values(), (participant) => ({
    id: participant.callId,
    cli: participant.cli,
    duration: Math.floor((now - participant.joinedAt) / 1000),
    muted: participant.muted,
    onhold: participant.onhold
  }))
}

/** Asks a participant's call to leave; the call ends with `MANAGERHANGUP`. */
export const kick = (engine: Model.Engine, conferenceId: string, callId: string): boolean => {
  const participant = engine.conferences.get(conferenceId)?.participants.get(callId)
  const call = engine.calls.get(callId)
  if (participant === undefined || call === undefined) return false
  Wait.notify(call, { _tag: "Kick", conferenceId })
  return true
}

export const kickAll = (engine: Model.Engine, conferenceId: string): boolean => {
  const conference = engine.conferences.get(conferenceId)
  if (conference === undefined) return false
  for (const callId of Array.from(conference.participants.keys())) kick(engine, conferenceId, callId)
  return true
}

export type Command = "mute" | "unmute" | "onhold" | "resume"

const changes = { mute: "muted", unmute: "unmuted", onhold: "onhold", resume: "resumed" } as const

export const manage = (
  engine: Model.Engine,
  conferenceId: string,
  callId: string,
  command: Command,
  now: number
): boolean => {
  const participant = engine.conferences.get(conferenceId)?.participants.get(callId)
  const call = engine.calls.get(callId)
  if (participant === undefined || call === undefined) return false
  if (command === "mute" || command === "unmute") participant.muted = command === "mute"
  else participant.onhold = command === "onhold"
  Model.record(call, { _tag: "Conference", at: now - call.createdAt, conferenceId, change: changes[command] })
  return true
}
