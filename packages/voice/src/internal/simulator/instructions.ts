/**
 * SVAML instructions on a simulated call: what the other side hears, tones, cookies, answering and
 * recording (with the Notify events recordings produce).
 */
import type * as Instructions from "@effect-sinch/svaml/Instructions"
import * as Prompts from "@effect-sinch/svaml/Prompts"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Events from "./events.js"
import * as Model from "./model.js"
import * as Wait from "./wait.js"

/** Marks the call answered (once): starts billing, `maxDuration` and the callee's hang-up timer. */
export const answered = (call: Model.CallRecord, by: string, now: number): void => {
  if (call.answeredAt !== undefined) return
  call.answeredAt = now
  call.status = "ongoing"
  const hangsUpAfter = call.remote.script.hangsUpAfter
  if (call.remote.role === "callee" && hangsUpAfter !== undefined) {
    call.remote.hangsUpAt = now + Duration.toMillis(hangsUpAfter)
  }
  if (call.maxDurationSeconds !== undefined && call.maxDurationSeconds > 0) {
    call.deadline = now + call.maxDurationSeconds * 1000
  }
  Model.record(call, { _tag: "Answered", at: now - call.createdAt, by })
}

/** An incoming call is answered by the platform as soon as the caller hears something. */
const answerForAudio = (call: Model.CallRecord): Effect.Effect<void> =>
  call.kind === "incoming" && call.answeredAt === undefined
    ? Effect.map(Clock.currentTimeMillis, (now) => answered(call, "application", now))
    : Effect.void

const stripMarkup = (markup: string): string => markup.replace(/<[^>]*>/g, "").trim()

/** Plays a prompt string (`#tts[...]`, `#ssml[...]`, URLs, file ids). */
export const playPrompt = (call: Model.CallRecord, prompt: string): Effect.Effect<void, Model.Wake> =>
  Effect.gen(function*() {
    yield* answerForAudio(call)
    for (const part of Prompts.parse(prompt)) {
      if (part._tag === "Tts" || part._tag === "Ssml") {
        const text = part._tag === "Tts" ? part.text : stripMarkup(part.markup)
        yield* Model.log(call, (at) => ({ _tag: "Said", at, text }))
        yield* Wait.wait(call, Wait.speechMillis(text))
      } else {
        const id = part._tag === "Href" ? part.url : part.id
        yield* Model.log(call, (at) => ({ _tag: "Played", at, ids: [id] }))
        yield* Wait.wait(call, Wait.fileMillis)
      }
    }
  })

export const speak = (call: Model.CallRecord, text: string): Effect.Effect<void, Model.Wake> =>
  Effect.gen(function*() {
    yield* answerForAudio(call)
    yield* Model.log(call, (at) => ({ _tag: "Said", at, text }))
    yield* Wait.wait(call, Wait.speechMillis(text))
  })

const timestamp = (now: number): string => new Date(now).toISOString().replace(/[-:T]/g, "").slice(0, 14)

/** Stops a recording in progress and sends its notifications. */
export const stopRecording = (engine: Model.Engine, call: Model.CallRecord): Effect.Effect<void> =>
  Effect.gen(function*() {
    const recording = call.recording
    if (recording === undefined) return
    call.recording = undefined
    const now = yield* Clock.currentTimeMillis
    const base = recording.destination
    const destination = base === "" || base.endsWith("/")
      ? `${base}${timestamp(now)}_${engine.settings.applicationKey}_${call.id}.${recording.format}`
      : base
    Model.record(call, { _tag: "RecordingStopped", at: now - call.createdAt, destination })
    if (!recording.notify) return
    yield* Events.send(engine, call, "notify", Events.notify(engine, call, "recording_finished", { destination }))
    yield* Events.send(engine, call, "notify", Events.notify(engine, call, "recording_available", { destination }))
    if (recording.transcription) {
      const transcript = `${destination.replace(/\.[^./]*$/, "")}-transcript.json`
      yield* Events.send(
        engine,
        call,
        "notify",
        Events.notify(engine, call, "transcription_available", { destination: transcript })
      )
    }
  })

const run = (
  engine: Model.Engine,
  call: Model.CallRecord,
  instruction: Instructions.Instruction
): Effect.Effect<void, Model.Wake> => {
  switch (instruction.name) {
    case "playFiles":
      return Effect.forEach(instruction.ids, (id) => playPrompt(call, id), { discard: true })
    case "say":
      return speak(call, instruction.text ?? "")
    case "sendDtmf":
      return Model.log(call, (at) => ({ _tag: "DtmfSent", at, digits: instruction.value ?? "" }))
    case "setCookie":
      return Model.log(call, (at) => ({
        _tag: "CookieSet",
        at,
        key: instruction.key ?? "",
        value: instruction.value ?? ""
      }))
    case "answer":
      return Effect.gen(function*() {
        const now = yield* Clock.currentTimeMillis
        Model.record(call, { _tag: "Answer", at: now - call.createdAt })
        answered(call, "application", now)
      })
    case "startRecording":
      return Effect.gen(function*() {
        yield* stopRecording(engine, call)
        const options = instruction.options
        call.recording = {
          destination: options?.destinationUrl ?? "",
          format: options?.format ?? "mp3",
          notify: options?.notificationEvents !== false,
          transcription: options?.transcriptionOptions?.enabled === true
        }
        yield* Model.log(call, (at) => ({ _tag: "RecordingStarted", at }))
      })
    case "stopRecording":
      return stopRecording(engine, call)
  }
}

export const runAll = (
  engine: Model.Engine,
  call: Model.CallRecord,
  instructions: ReadonlyArray<Instructions.Instruction> | undefined
): Effect.Effect<void, Model.Wake> =>
  instructions === undefined || instructions.length === 0
    ? Effect.void
    : Effect.forEach(instructions, (instruction) => run(engine, call, instruction), { discard: true })
