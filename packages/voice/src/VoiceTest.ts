/**
 * The state and the script of the in-memory mock layers (`Callouts.layerTest`, `Calls.layerTest`,
 * `Conferences.layerTest`, `Applications.layerTest`, `SinchVoice.layerTest`).
 *
 * The mock layers provide the real services (same types, same input validation, same typed errors)
 * on top of an in-memory model of one Sinch project instead of HTTP. A test reads what the app did
 * (`VoiceTest.callouts`, `VoiceTest.calls`, `VoiceTest.participants(...)`, `VoiceTest.numbers`, …)
 * and scripts what Sinch answers (`VoiceTest.failNext(...)`, `VoiceTest.unknownCall(...)`,
 * `VoiceTest.seedNumbers(...)`, …).
 *
 * The model: a callout creates an `ONGOING` call (`call-1`, `call-2`, … in order) and, for a
 * conference callout, a participant of that conference; a `hangup` update or a kick ends the call
 * (`FINAL`, `ANSWERED`, `MANAGERHANGUP`); mute, unmute, hold and resume change the participant;
 * numbers and callback URLs change with the `Applications` operations. Timestamps and durations
 * come from the `Clock`, so `TestClock.adjust` moves them. Input is validated first, exactly as by
 * the real client; invalid input never reaches the model or the script.
 *
 * @example
 * ```ts
 * import { Callouts, SinchVoice, VoiceError, VoiceTest } from "@effect-sinch/voice"
 * import * as Effect from "effect/Effect"
 *
 * const test = Effect.gen(function*() {
 *   yield* VoiceTest.failNext("Callouts.tts", new VoiceError.ServerError({ operation: "callouts.tts", status: 503 }))
 *   const callouts = yield* Callouts.Callouts
 *   const destination = { type: "number", endpoint: "+46700000001" } as const
 *   const first = yield* Effect.either(callouts.tts({ destination, text: "Hello" })) // Left(ServerError)
 *   const second = yield* callouts.tts({ destination, text: "Hello" }) // { callId: "call-1" }
 *   const placed = yield* VoiceTest.callouts // [{ method: "tts", callId: "call-1", request: { … } }]
 * }).pipe(Effect.provide(SinchVoice.layerTest))
 * ```
 *
 * @since 0.1.0
 */
import type * as Documents from "@effect-sinch/svaml/Documents"
import type * as Fields from "@effect-sinch/svaml/Fields"
import type * as Cause from "effect/Cause"
import * as Context from "effect/Context"
import type * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import type * as Callouts from "./Callouts.js"
import type * as Calls from "./Calls.js"
import type * as Model from "./Model.js"
import type * as VoiceError from "./VoiceError.js"

/**
 * The key of the application the mock signs as: numbers assigned without an `applicationkey` are
 * assigned to it.
 *
 * @since 0.1.0
 * @category Constants
 */
export const applicationKey = "mock-application-key"

/**
 * Every operation of the four services, by the name `failNext` takes, with the errors it may fail
 * with.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Operations {
  readonly "Callouts.tts": VoiceError.CalloutError
  readonly "Callouts.conference": VoiceError.CalloutError
  readonly "Callouts.custom": VoiceError.CalloutError
  readonly "Calls.get": VoiceError.ResourceError
  readonly "Calls.update": VoiceError.ResourceError
  readonly "Calls.manageWithCallLeg": VoiceError.ResourceError
  readonly "Conferences.get": VoiceError.ResourceError
  readonly "Conferences.kickAll": VoiceError.ResourceError
  readonly "Conferences.kickParticipant": VoiceError.ResourceError
  readonly "Conferences.manageParticipant": VoiceError.ResourceError
  readonly "Conferences.mute": VoiceError.ResourceError
  readonly "Conferences.unmute": VoiceError.ResourceError
  readonly "Conferences.hold": VoiceError.ResourceError
  readonly "Conferences.resume": VoiceError.ResourceError
  readonly "Applications.listNumbers": VoiceError.ResourceError
  readonly "Applications.assignNumbers": VoiceError.ResourceError
  readonly "Applications.unassignNumber": VoiceError.ResourceError
  readonly "Applications.getCallbackUrls": VoiceError.ResourceError
  readonly "Applications.updateCallbackUrls": VoiceError.ResourceError
  readonly "Applications.queryNumber": VoiceError.ResourceError
}

/**
 * The name of an operation, e.g. `"Callouts.tts"` or `"Conferences.kickParticipant"`.
 *
 * @since 0.1.0
 * @category Models
 */
export type Operation = keyof Operations

/**
 * A callout the app placed (after validation), with the request as the app passed it.
 *
 * @since 0.1.0
 * @category Models
 */
export type PlacedCallout = PlacedTtsCallout | PlacedConferenceCallout | PlacedCustomCallout

/**
 * What every placed callout records.
 *
 * @since 0.1.0
 * @category Models
 */
export interface PlacedCalloutBase {
  /** The id of the call the callout created. */
  readonly callId: string
  /** The `X-CB-*` headers, keys lower-cased as sent. */
  readonly callbackHeaders: Readonly<Record<string, string>>
  readonly placedAt: DateTime.Utc
}

/**
 * @since 0.1.0
 * @category Models
 */
export interface PlacedTtsCallout extends PlacedCalloutBase {
  readonly method: "tts"
  readonly request: Callouts.TtsCallout
}

/**
 * @since 0.1.0
 * @category Models
 */
export interface PlacedConferenceCallout extends PlacedCalloutBase {
  readonly method: "conference"
  readonly request: Callouts.ConferenceCallout
}

/**
 * @since 0.1.0
 * @category Models
 */
export interface PlacedCustomCallout extends PlacedCalloutBase {
  readonly method: "custom"
  readonly request: Callouts.CustomCallout
}

/**
 * Who is at one end of a call.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Endpoint {
  readonly type: string
  readonly endpoint: string
}

/**
 * A SVAML update the app sent to a call (`Calls.update` / `Calls.manageWithCallLeg`).
 *
 * @since 0.1.0
 * @category Models
 */
export interface CallUpdate {
  /** Absent for `Calls.update`. */
  readonly leg?: Calls.CallLeg | undefined
  readonly svaml: Documents.ManagedCallUpdate
  readonly at: DateTime.Utc
}

/**
 * A call of the model: placed by a callout or seeded with `seedCall`.
 *
 * @since 0.1.0
 * @category Models
 */
export interface CallRecord {
  readonly callId: string
  /** How the call came to be: the callout method, or `seeded`. */
  readonly origin: "tts" | "conference" | "custom" | "seeded"
  readonly from?: Endpoint | undefined
  readonly to?: Endpoint | undefined
  readonly domain?: string | undefined
  readonly custom?: string | undefined
  /** The conference the call was connected to, if any. */
  readonly conferenceId?: string | undefined
  readonly status: "ONGOING" | "FINAL"
  /** Set once the call has ended. */
  readonly result?: Model.CallResult | undefined
  /** Set once the call has ended. */
  readonly reason?: Model.CallReason | undefined
  readonly startedAt: DateTime.Utc
  readonly endedAt?: DateTime.Utc | undefined
  /** The SVAML updates the call received, in order. */
  readonly updates: ReadonlyArray<CallUpdate>
}

/**
 * A participant of a conference.
 *
 * @since 0.1.0
 * @category Models
 */
export interface ParticipantRecord {
  /** The call id of the participant's leg. */
  readonly callId: string
  readonly cli?: string | undefined
  readonly muted: boolean
  readonly onHold: boolean
  /** The music on hold asked for with `hold`, while on hold. */
  readonly musicOnHold?: Fields.MusicOnHold | undefined
  readonly joinedAt: DateTime.Utc
}

/**
 * A conference of the model: it exists while it has participants.
 *
 * @since 0.1.0
 * @category Models
 */
export interface ConferenceRecord {
  readonly conferenceId: string
  readonly participants: ReadonlyArray<ParticipantRecord>
}

/**
 * A number of the project; `applicationkey` is absent while it is not assigned.
 *
 * @since 0.1.0
 * @category Models
 */
export interface NumberRecord {
  readonly number: string
  readonly applicationkey?: string | undefined
  readonly capability?: string | undefined
}

/**
 * An application's callback URLs.
 *
 * @since 0.1.0
 * @category Models
 */
export interface CallbackUrlsRecord {
  readonly primary?: string | undefined
  readonly fallback?: string | undefined
}

/**
 * A request that passed validation and reached the mock, in wire form (as the real client would
 * have sent it). Requests answered by a scripted failure are included.
 *
 * @since 0.1.0
 * @category Models
 */
export interface SentRequest {
  readonly operation: Operation
  /** The path, percent-encoded, e.g. `/calling/v1/calls/id/call-1`. */
  readonly path: string
  /** The JSON body, if any. */
  readonly body?: unknown
  readonly at: DateTime.Utc
}

/**
 * A call to add to the model, e.g. an inbound call your app learnt about from an ICE event.
 *
 * @since 0.1.0
 * @category Models
 */
export interface CallSeed {
  /** Defaults to the next generated id (`call-N`). */
  readonly callId?: string | undefined
  readonly from?: Endpoint | undefined
  readonly to?: Endpoint | undefined
  readonly domain?: string | undefined
  readonly custom?: string | undefined
  /** Also makes the call a participant of this conference. */
  readonly conferenceId?: string | undefined
}

/**
 * How a call ends with `endCall` (by default the callee hung up after answering).
 *
 * @since 0.1.0
 * @category Models
 */
export interface CallEnding {
  readonly result?: Model.CallResult | undefined
  readonly reason?: Model.CallReason | undefined
}

/**
 * @since 0.1.0
 * @category Models
 */
export interface Service {
  /** Every callout placed, in order. */
  readonly callouts: Effect.Effect<ReadonlyArray<PlacedCallout>>
  /** Every call of the model (placed or seeded), in order of creation. */
  readonly calls: Effect.Effect<ReadonlyArray<CallRecord>>
  /** One call; fails with `NoSuchElementException` when the model has no such call. */
  readonly call: (callId: string) => Effect.Effect<CallRecord, Cause.NoSuchElementException>
  /** The conferences that have participants. */
  readonly conferences: Effect.Effect<ReadonlyArray<ConferenceRecord>>
  /** The participants of a conference (none when it does not exist). */
  readonly participants: (conferenceId: string) => Effect.Effect<ReadonlyArray<ParticipantRecord>>
  /** The numbers of the project, in the order they were added. */
  readonly numbers: Effect.Effect<ReadonlyArray<NumberRecord>>
  /** An application's callback URLs (empty when never set). */
  readonly callbackUrls: (applicationKey: string) => Effect.Effect<CallbackUrlsRecord>
  /** Every request that passed validation, in order. */
  readonly requests: Effect.Effect<ReadonlyArray<SentRequest>>

  /**
   * The next call of `operation` fails with `error` instead of acting (nothing changes). Each call
   * queues one failure; each failure is used once. Input is still validated first.
   */
  readonly failNext: <O extends Operation>(operation: O, error: Operations[O]) => Effect.Effect<void>
  /** From now on Sinch does not know this call: every operation on it fails with `NotFound`. */
  readonly unknownCall: (callId: string) => Effect.Effect<void>
  /** Adds numbers to the project (a string is an unassigned number); existing ones are replaced. */
  readonly seedNumbers: (numbers: ReadonlyArray<string | NumberRecord>) => Effect.Effect<void>
  /** Adds an ongoing call, e.g. an inbound one; returns it with its id. */
  readonly seedCall: (call?: CallSeed) => Effect.Effect<CallRecord>
  /**
   * Ends a call as if its other side hung up (by default `ANSWERED`, `CALLEEHANGUP`) and removes it
   * from its conference. Fails with `NoSuchElementException` when the model has no such call.
   */
  readonly endCall: (callId: string, ending?: CallEnding) => Effect.Effect<void, Cause.NoSuchElementException>
}

/**
 * @since 0.1.0
 * @category Context
 */
export class VoiceTest extends Context.Tag("@effect-sinch/voice/VoiceTest")<VoiceTest, Service>() {}

/**
 * Every callout placed, in order.
 *
 * @since 0.1.0
 * @category Accessors
 */
export const callouts: Effect.Effect<ReadonlyArray<PlacedCallout>, never, VoiceTest> = Effect.flatMap(
  VoiceTest,
  (test) => test.callouts
)

/**
 * Every call of the model (placed or seeded), in order of creation.
 *
 * @since 0.1.0
 * @category Accessors
 */
export const calls: Effect.Effect<ReadonlyArray<CallRecord>, never, VoiceTest> = Effect.flatMap(
  VoiceTest,
  (test) => test.calls
)

/**
 * One call; fails with `NoSuchElementException` when the model has no such call.
 *
 * @since 0.1.0
 * @category Accessors
 */
export const call = (callId: string): Effect.Effect<CallRecord, Cause.NoSuchElementException, VoiceTest> =>
  Effect.flatMap(VoiceTest, (test) => test.call(callId))

/**
 * The conferences that have participants.
 *
 * @since 0.1.0
 * @category Accessors
 */
export const conferences: Effect.Effect<ReadonlyArray<ConferenceRecord>, never, VoiceTest> = Effect.flatMap(
  VoiceTest,
  (test) => test.conferences
)

/**
 * The participants of a conference (none when it does not exist).
 *
 * @since 0.1.0
 * @category Accessors
 */
export const participants = (
  conferenceId: string
): Effect.Effect<ReadonlyArray<ParticipantRecord>, never, VoiceTest> =>
  Effect.flatMap(VoiceTest, (test) => test.participants(conferenceId))

/**
 * The numbers of the project, in the order they were added.
 *
 * @since 0.1.0
 * @category Accessors
 */
export const numbers: Effect.Effect<ReadonlyArray<NumberRecord>, never, VoiceTest> = Effect.flatMap(
  VoiceTest,
  (test) => test.numbers
)

/**
 * An application's callback URLs (empty when never set).
 *
 * @since 0.1.0
 * @category Accessors
 */
export const callbackUrls = (applicationKey: string): Effect.Effect<CallbackUrlsRecord, never, VoiceTest> =>
  Effect.flatMap(VoiceTest, (test) => test.callbackUrls(applicationKey))

/**
 * Every request that passed validation, in order.
 *
 * @since 0.1.0
 * @category Accessors
 */
export const requests: Effect.Effect<ReadonlyArray<SentRequest>, never, VoiceTest> = Effect.flatMap(
  VoiceTest,
  (test) => test.requests
)

/**
 * The next call of `operation` fails with `error` instead of acting (nothing changes). Each call
 * queues one failure; each failure is used once. Input is still validated first.
 *
 * @since 0.1.0
 * @category Scripting
 */
export const failNext = <O extends Operation>(
  operation: O,
  error: Operations[O]
): Effect.Effect<void, never, VoiceTest> => Effect.flatMap(VoiceTest, (test) => test.failNext(operation, error))

/**
 * From now on Sinch does not know this call: every operation on it fails with `NotFound` (also a
 * call placed later with this id).
 *
 * @since 0.1.0
 * @category Scripting
 */
export const unknownCall = (callId: string): Effect.Effect<void, never, VoiceTest> =>
  Effect.flatMap(VoiceTest, (test) => test.unknownCall(callId))

/**
 * Adds numbers to the project (a string is an unassigned number); existing ones are replaced.
 * Only numbers of the project can be assigned.
 *
 * @since 0.1.0
 * @category Scripting
 */
export const seedNumbers = (
  numbers: ReadonlyArray<string | NumberRecord>
): Effect.Effect<void, never, VoiceTest> => Effect.flatMap(VoiceTest, (test) => test.seedNumbers(numbers))

/**
 * Adds an ongoing call, e.g. an inbound one your app learnt about from an ICE event; returns it
 * with its id.
 *
 * @since 0.1.0
 * @category Scripting
 */
export const seedCall = (seed?: CallSeed): Effect.Effect<CallRecord, never, VoiceTest> =>
  Effect.flatMap(VoiceTest, (test) => test.seedCall(seed))

/**
 * Ends a call as if its other side hung up (by default `ANSWERED`, `CALLEEHANGUP`) and removes it
 * from its conference.
 *
 * @since 0.1.0
 * @category Scripting
 */
export const endCall = (
  callId: string,
  ending?: CallEnding
): Effect.Effect<void, Cause.NoSuchElementException, VoiceTest> =>
  Effect.flatMap(VoiceTest, (test) => test.endCall(callId, ending))
