/**
 * What happened on a simulated call, in order: the events sent to the application and the SVAML it
 * answered, what the other side heard (`say`, `playFiles`, menu prompts) and pressed, conference
 * changes, and how the call ended. `render` prints it as readable text.
 *
 * Every entry carries `at`, the milliseconds since the call was created (on Effect's `Clock`).
 *
 * @since 0.1.0
 */
import type * as Model from "./Model.js"

/**
 * The kind of a simulated call.
 *
 * @since 0.1.0
 * @category Models
 */
export type CallKind = "incoming" | "tts" | "conference" | "custom"

/**
 * @since 0.1.0
 * @category Models
 */
export type CallStatus = "ringing" | "ongoing" | "final"

/**
 * A change of a conference participant.
 *
 * @since 0.1.0
 * @category Models
 */
export type ConferenceChange = "joined" | "left" | "kicked" | "muted" | "unmuted" | "onhold" | "resumed"

/**
 * One thing that happened on a call.
 *
 * @since 0.1.0
 * @category Models
 */
export type Entry =
  | { readonly _tag: "Ringing"; readonly at: number; readonly number: string }
  | { readonly _tag: "Answered"; readonly at: number; readonly by: string }
  | { readonly _tag: "Busy"; readonly at: number; readonly number: string }
  | { readonly _tag: "NoAnswer"; readonly at: number; readonly number: string }
  | { readonly _tag: "EventSent"; readonly at: number; readonly event: string; readonly detail: string }
  | { readonly _tag: "SvamlReceived"; readonly at: number; readonly event: string; readonly json: string }
  | { readonly _tag: "CallbackFailed"; readonly at: number; readonly event: string; readonly reason: string }
  | { readonly _tag: "InvalidSvaml"; readonly at: number; readonly event: string; readonly reason: string }
  | { readonly _tag: "Said"; readonly at: number; readonly text: string }
  | { readonly _tag: "Played"; readonly at: number; readonly ids: ReadonlyArray<string> }
  | { readonly _tag: "DtmfSent"; readonly at: number; readonly digits: string }
  | { readonly _tag: "CookieSet"; readonly at: number; readonly key: string; readonly value: string }
  | { readonly _tag: "Answer"; readonly at: number }
  | { readonly _tag: "RecordingStarted"; readonly at: number }
  | { readonly _tag: "RecordingStopped"; readonly at: number; readonly destination: string }
  | { readonly _tag: "MenuPrompt"; readonly at: number; readonly menuId: string; readonly prompt: string }
  | {
    readonly _tag: "MenuInput"
    readonly at: number
    readonly menuId: string
    readonly method: "dtmf" | "voice" | "silence"
    readonly value: string
  }
  | {
    readonly _tag: "Conference"
    readonly at: number
    readonly conferenceId: string
    readonly change: ConferenceChange
  }
  | { readonly _tag: "Parked"; readonly at: number }
  | { readonly _tag: "Connected"; readonly at: number; readonly to: string }
  | { readonly _tag: "Managed"; readonly at: number; readonly json: string }
  | {
    readonly _tag: "Ended"
    readonly at: number
    readonly result: Model.CallResult
    readonly reason: Model.CallReason
    readonly duration: number
  }

/**
 * A call as the simulator saw it.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Transcript {
  readonly callId: string
  readonly kind: CallKind
  /** The caller: a number, or `private`. */
  readonly from: string
  /** The dialled number, user or SIP address. */
  readonly to: string
  readonly status: CallStatus
  readonly result: Model.CallResult
  readonly reason: Model.CallReason
  /** Seconds from answer to now (or to the end). */
  readonly duration: number
  /** Epoch milliseconds (Effect `Clock`) when the call was created. */
  readonly createdAt: number
  readonly entries: ReadonlyArray<Entry>
}

/**
 * The texts spoken to the other side (`say`, TTS prompts and the text of TTS callouts), in order.
 *
 * @since 0.1.0
 * @category Getters
 */
export const said = (transcript: Transcript): Array<string> =>
  transcript.entries.flatMap((entry) => entry._tag === "Said" ? [entry.text] : [])

/**
 * The files played to the other side, in order.
 *
 * @since 0.1.0
 * @category Getters
 */
export const played = (transcript: Transcript): Array<string> =>
  transcript.entries.flatMap((entry) => entry._tag === "Played" ? entry.ids : [])

/**
 * The events sent to the application, in order (`ice`, `ace`, `pie`, `dice`, `notify`).
 *
 * @since 0.1.0
 * @category Getters
 */
export const events = (transcript: Transcript): Array<string> =>
  transcript.entries.flatMap((entry) => entry._tag === "EventSent" ? [entry.event] : [])

/**
 * The entries of one kind.
 *
 * @since 0.1.0
 * @category Getters
 */
export const entriesOf = <Tag extends Entry["_tag"]>(
  transcript: Transcript,
  tag: Tag
): Array<Extract<Entry, { readonly _tag: Tag }>> =>
  transcript.entries.filter((entry): entry is Extract<Entry, { readonly _tag: Tag }> => entry._tag === tag)

const clock = (millis: number): string => {
  const totalSeconds = Math.floor(millis / 1000)
  const minutes = Math.floor(totalSeconds / 60)
  const seconds = totalSeconds % 60
  const tenths = Math.floor((millis % 1000) / 100)
  return `${String(minutes).padStart(2, "0")}:${String(seconds).padStart(2, "0")}.${tenths}`
}

const describe = (entry: Entry): string => {
  switch (entry._tag) {
    case "Ringing":
      return `ringing ${entry.number}`
    case "Answered":
      return `answered by ${entry.by}`
    case "Busy":
      return `${entry.number} is busy`
    case "NoAnswer":
      return `${entry.number} did not answer`
    case "EventSent":
      return `→ ${entry.event.toUpperCase()}${entry.detail === "" ? "" : ` ${entry.detail}`}`
    case "SvamlReceived":
      return `← ${entry.event.toUpperCase()} reply ${entry.json}`
    case "CallbackFailed":
      return `✗ ${entry.event.toUpperCase()} callback failed: ${entry.reason}`
    case "InvalidSvaml":
      return `✗ invalid SVAML for ${entry.event.toUpperCase()}: ${entry.reason}`
    case "Said":
      return `say ${JSON.stringify(entry.text)}`
    case "Played":
      return `play ${entry.ids.join(", ")}`
    case "DtmfSent":
      return `send DTMF ${entry.digits}`
    case "CookieSet":
      return `cookie ${entry.key}=${entry.value}`
    case "Answer":
      return "answer"
    case "RecordingStarted":
      return "recording started"
    case "RecordingStopped":
      return `recording stopped → ${entry.destination}`
    case "MenuPrompt":
      return `menu ${entry.menuId}: ${entry.prompt === "" ? "(no prompt)" : entry.prompt}`
    case "MenuInput":
      return entry.method === "silence"
        ? `menu ${entry.menuId}: (silence)`
        : `menu ${entry.menuId}: ${entry.method} ${JSON.stringify(entry.value)}`
    case "Conference":
      return `conference ${entry.conferenceId}: ${entry.change}`
    case "Parked":
      return "parked"
    case "Connected":
      return `connected to ${entry.to}`
    case "Managed":
      return `← update ${entry.json}`
    case "Ended":
      return `ended: ${entry.result} / ${entry.reason} after ${entry.duration} s`
  }
}

/**
 * The transcript as text, one line per entry:
 *
 * ```text
 * call 00000000-0000-4000-8000-000000000001 (tts) private → +46700000001: final, ANSWERED / MANAGERHANGUP, 4 s
 *   00:00.0 ringing +46700000001
 *   00:03.0 answered by +46700000001
 *   00:03.0 → ACE
 *   ...
 * ```
 *
 * @since 0.1.0
 * @category Rendering
 */
export const render = (transcript: Transcript): string =>
  [
    `call ${transcript.callId} (${transcript.kind}) ${transcript.from} → ${transcript.to}: ${transcript.status}, ${transcript.result} / ${transcript.reason}, ${transcript.duration} s`,
    ...transcript.entries.map((entry) => `  ${clock(entry.at)} ${describe(entry)}`)
  ].join("\n")
