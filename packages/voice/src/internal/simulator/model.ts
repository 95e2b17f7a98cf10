/**
 * The simulator's state: calls, conferences, numbers, scripts; kept in plain mutable records that
 * only the simulator's fibers touch (one JavaScript thread, no awaits inside an update).
 */
import type * as Documents from "@effect-sinch/svaml/Documents"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import type * as Crypto from "../../Crypto.js"
import type * as Model from "../../Model.js"
import type * as SimulatorScript from "../../SimulatorScript.js"
import type * as SimulatorTranscript from "../../SimulatorTranscript.js"
import type * as Timers from "./timers.js"

/** Where an event of a call goes. */
export type Route =
  | { readonly _tag: "App" }
  | { readonly _tag: "Url"; readonly url: string }
  | { readonly _tag: "Inline"; readonly json: string }
  | { readonly _tag: "None" }

export interface Routes {
  readonly ice: Route
  readonly ace: Route
  readonly pie: Route
  readonly dice: Route
  readonly notify: Route
}

/** The person on the other end of a leg. */
export interface Party {
  readonly number: string
  readonly role: "caller" | "callee"
  readonly script: SimulatorScript.Script
  /** Index of the next menu input. */
  cursor: number
  /** When this party hangs up (epoch millis), once known. */
  hangsUpAt: number | undefined
}

/** What the application or the REST API asks of a call in progress. */
export type Command =
  | { readonly _tag: "Update"; readonly svaml: Documents.ManagedCallUpdate; readonly json: string }
  | { readonly _tag: "Kick"; readonly conferenceId: string }

/**
 * Why a wait ended early; carried in the error channel of the call's flow. `Hold` is not a wake-up:
 * a flow that settles into holding unwinds with it, so that a held call keeps no stack of the
 * effects that led there (10,000 held calls are then 10,000 shallow fibers).
 */
export type Wake =
  | { readonly _tag: "Command"; readonly command: Command }
  | { readonly _tag: "HungUp"; readonly party: Party }
  | { readonly _tag: "Deadline" }
  | { readonly _tag: "Hold"; readonly holding: Exclude<Holding, undefined> }

/** The end of a call. */
export interface Ending {
  readonly result: Model.CallResult
  readonly reason: Model.CallReason
}

/** What the call is doing while it waits, so that a managed `continue` can go back to it. */
export type Holding = "conference" | "park" | "connected" | undefined

/** What `continue` means for a call: speak the TTS callout, join the callout's conference, or stay connected. */
export type Plan =
  | { readonly _tag: "Tts"; readonly text: string | undefined; readonly prompts: string | undefined }
  | { readonly _tag: "Conference"; readonly conferenceId: string; readonly greeting: string | undefined }
  | { readonly _tag: "Connect" }

export interface CallRecord {
  readonly id: string
  readonly timers: Timers.Timers
  readonly kind: SimulatorTranscript.CallKind
  readonly from: string
  readonly to: { readonly type: string; readonly endpoint: string }
  readonly createdAt: number
  readonly custom: string | undefined
  readonly headers: Readonly<Record<string, string>>
  readonly routes: Routes
  readonly plan: Plan
  /** Tones sent when the callee answers (`dtmf` of a callout). */
  readonly dtmf: string | undefined
  /** The remote party: the callee of a callout, the caller of an incoming call. */
  readonly remote: Party
  /** A second party connected by `connectPstn` / `connectSip` / `connectMxp`. */
  bridged: Party | undefined
  status: SimulatorTranscript.CallStatus
  answeredAt: number | undefined
  endedAt: number | undefined
  result: Model.CallResult
  reason: Model.CallReason
  /** The end of `maxDuration`, once answered. */
  deadline: number | undefined
  maxDurationSeconds: number | undefined
  conferenceId: string | undefined
  holding: Holding
  recording: Recording | undefined
  entries: Array<SimulatorTranscript.Entry>
  commands: Array<Command>
  /**
   * Resumes the call's fiber while it waits. A plain callback, not a `Deferred`: a Deferred costs
   * about 1 KB (its own hidden class), which 10,000 waiting calls would pay twice.
   */
  signal: (() => void) | undefined
  /** Set once the call has ended and its DiCE has been sent. */
  ended: boolean
  /** Who waits for the end (`awaitEnd`); created on first use. */
  endWaiters: Array<() => void> | undefined
}

export interface Recording {
  readonly destination: string
  readonly format: string
  readonly notify: boolean
  readonly transcription: boolean
}

export interface Participant {
  readonly callId: string
  readonly cli: string
  readonly joinedAt: number
  muted: boolean
  onhold: boolean
}

export interface ConferenceRecord {
  readonly id: string
  readonly participants: Map<string, Participant>
}

export interface NumberRecord {
  readonly number: string
  applicationkey: string | undefined
  capability: string
}

/** An event on its way to the application, with a way to sign it for the path it is posted to. */
export interface Outgoing {
  /** The URL given for this event (a custom callout's `ice` / `ace` / `pie`), if any. */
  readonly url: string | undefined
  /** The application's callback URLs (`Applications.updateCallbackUrls`). */
  readonly callbackUrls: { readonly primary?: string | undefined; readonly fallback?: string | undefined }
  readonly body: Uint8Array
  /** Headers to send besides the signature (`X-CB-*` from the callout). */
  readonly headers: Readonly<Record<string, string>>
  /** `authorization`, `content-type` and `x-timestamp` for a request to `path`. */
  readonly sign: (path: string) => Readonly<Record<string, string>>
  /** How long Sinch waits for each callback URL to answer before it gives up on it. */
  readonly timeoutMillis: number
  /** The largest answer read, in bytes; a larger one is a failure (`status` 0). */
  readonly maxReplyBytes: number
}

export interface Reply {
  readonly status: number
  readonly body: string
}

export interface Settings {
  readonly applicationKey: string
  readonly secret: Uint8Array
  /** Base URL used in `callResourceUrl`. */
  readonly baseUrl: string
  readonly ringTimeoutMillis: number
  /** How long a callback may take to answer (per URL). */
  readonly callbackTimeoutMillis: number
  /** The largest callback answer read, in bytes. */
  readonly maxReplyBytes: number
  readonly rate: Model.Price
  readonly hasDelivery: boolean
}

export interface Engine {
  readonly settings: Settings
  readonly crypto: Crypto.Service
  readonly deliver: (outgoing: Outgoing) => Effect.Effect<Reply>
  readonly timers: Timers.Timers
  /** Runs a call's flow in the simulator's scope. */
  readonly fork: (effect: Effect.Effect<void>) => Effect.Effect<void>
  readonly calls: Map<string, CallRecord>
  readonly conferences: Map<string, ConferenceRecord>
  readonly scripts: Map<string, SimulatorScript.Script>
  readonly numbers: Map<string, NumberRecord>
  callbackUrls: { primary?: string | undefined; fallback?: string | undefined }
  /** Calls created so far (drives the call ids). */
  created: number
}

/** A deterministic id in UUID form, so tests and transcripts are reproducible. */
export const nextCallId = (engine: Engine): string => {
  engine.created += 1
  return `00000000-0000-4000-8000-${engine.created.toString(16).padStart(12, "0")}`
}

/** Whole seconds the call has been answered, at `now`. */
export const durationSeconds = (call: CallRecord, now: number): number =>
  call.answeredAt === undefined ? 0 : Math.max(0, Math.floor(((call.endedAt ?? now) - call.answeredAt) / 1000))

/** The amount charged: the rate per started minute. */
export const debit = (
  rate: Model.Price,
  seconds: number
): { readonly currencyId: string; readonly amount: number } => ({
  currencyId: rate.currencyId,
  amount: Math.round(rate.amount * Math.ceil(seconds / 60) * 10000) / 10000
})

export const record = (call: CallRecord, entry: SimulatorTranscript.Entry): void => {
  call.entries.push(entry)
}

/** Records an entry stamped with the call's clock. */
export const log = (
  call: CallRecord,
  entry: (at: number) => SimulatorTranscript.Entry
): Effect.Effect<void> => Effect.map(Clock.currentTimeMillis, (now) => record(call, entry(now - call.createdAt)))

export const transcript = (call: CallRecord, now: number): SimulatorTranscript.Transcript => ({
  callId: call.id,
  kind: call.kind,
  from: call.from,
  to: call.to.endpoint,
  status: call.status,
  result: call.result,
  reason: call.reason,
  duration: durationSeconds(call, now),
  createdAt: call.createdAt,
  entries: call.entries.slice()
})
