/**
 * The shared in-memory backend of the mock layers: the model of one Sinch project, the script,
 * and a `client.Client` that runs the real services' request preparation (their validation) and
 * then answers from the model instead of HTTP.
 *
 * Each service's mock module supplies the handler of its operations. This module must not import
 * the service modules at runtime: they import their mock module while they load.
 */
import * as Cause from "effect/Cause"
import * as Context from "effect/Context"
import * as DateTime from "effect/DateTime"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Ref from "effect/Ref"
import * as Schema from "effect/Schema"
import * as Region from "../Region.js"
import * as Retry from "../Retry.js"
import * as VoiceError from "../VoiceError.js"
import * as VoiceTest from "../VoiceTest.js"
import type * as client from "./client.js"
import type * as errors from "./errors.js"

/** The model and the script. Replaced as a whole on every change (tests are small). */
export interface State {
  readonly nextCallNumber: number
  readonly callouts: ReadonlyArray<VoiceTest.PlacedCallout>
  /** Insertion-ordered. */
  readonly calls: ReadonlyMap<string, VoiceTest.CallRecord>
  /** Conferences with at least one participant. */
  readonly conferences: ReadonlyMap<string, ReadonlyArray<VoiceTest.ParticipantRecord>>
  readonly numbers: ReadonlyMap<string, VoiceTest.NumberRecord>
  readonly callbackUrls: ReadonlyMap<string, VoiceTest.CallbackUrlsRecord>
  readonly unknownCalls: ReadonlySet<string>
  readonly failures: ReadonlyMap<VoiceTest.Operation, ReadonlyArray<errors.Failure>>
  readonly requests: ReadonlyArray<VoiceTest.SentRequest>
}

const emptyState: State = {
  nextCallNumber: 1,
  callouts: [],
  calls: new Map(),
  conferences: new Map(),
  numbers: new Map(),
  callbackUrls: new Map(),
  unknownCalls: new Set(),
  failures: new Map(),
  requests: []
}

/** One request that passed validation, as a handler sees it. */
export interface Request {
  readonly operation: VoiceTest.Operation
  /** The label errors carry, e.g. `calls.get`. */
  readonly label: string
  /** What a 404 says was not found. */
  readonly resource: string
  readonly call: client.Call
  readonly now: DateTime.Utc
}

/** Answers a request with its response body in wire form (decoded by the real service's schema). */
export type Handler = (request: Request) => Effect.Effect<unknown, errors.Failure>

/** A change of the state that answers with `A` or fails. */
export type Transition<A> = (state: State) => readonly [Either.Either<A, errors.Failure>, State]

export interface Backend {
  readonly test: VoiceTest.Service
  /** A client whose requests are answered by `handle`. */
  readonly client: (handle: Handler) => client.Client
  /** Applies a transition atomically. */
  readonly transition: <A>(transition: Transition<A>) => Effect.Effect<A, errors.Failure>
}

export class MockBackend extends Context.Tag("@effect-sinch/voice/internal/MockBackend")<MockBackend, Backend>() {}

// ---------------------------------------------------------------------------------------------
// Pure helpers shared by the service modules
// ---------------------------------------------------------------------------------------------

/** Sinch's answer for an unknown call, conference, number or application. */
export const notFound = (request: Request, detail: string): VoiceError.NotFound =>
  new VoiceError.NotFound({ operation: request.label, resource: request.resource, errorCode: 40400, detail })

export const withEntry = <K, V>(map: ReadonlyMap<K, V>, key: K, value: V): ReadonlyMap<K, V> =>
  new Map(map).set(key, value)

export const withoutEntry = <K, V>(map: ReadonlyMap<K, V>, key: K): ReadonlyMap<K, V> => {
  const copy = new Map(map)
  copy.delete(key)
  return copy
}

/** The next free generated id, `call-N`. */
export const nextCallId = (state: State): readonly [string, State] => {
  let number = state.nextCallNumber
  while (state.calls.has(`call-${number}`)) number++
  return [`call-${number}`, { ...state, nextCallNumber: number + 1 }]
}

/** A call Sinch knows: in the model and not scripted as unknown. */
export const knownCall = (state: State, callId: string): VoiceTest.CallRecord | undefined =>
  state.unknownCalls.has(callId) ? undefined : state.calls.get(callId)

export const addCall = (state: State, call: VoiceTest.CallRecord): State => ({
  ...state,
  calls: withEntry(state.calls, call.callId, call)
})

export const joinConference = (
  state: State,
  conferenceId: string,
  participant: VoiceTest.ParticipantRecord
): State => {
  const others = (state.conferences.get(conferenceId) ?? []).filter((p) => p.callId !== participant.callId)
  return { ...state, conferences: withEntry(state.conferences, conferenceId, [...others, participant]) }
}

/** Removes a participant; a conference without participants ends. */
export const leaveConference = (state: State, conferenceId: string, callId: string): State => {
  const remaining = (state.conferences.get(conferenceId) ?? []).filter((p) => p.callId !== callId)
  return {
    ...state,
    conferences: remaining.length === 0
      ? withoutEntry(state.conferences, conferenceId)
      : withEntry(state.conferences, conferenceId, remaining)
  }
}

/** Ends a call (if still going) and removes it from its conference. */
export const endCall = (
  state: State,
  callId: string,
  now: DateTime.Utc,
  ending: { readonly result: VoiceTest.CallRecord["result"]; readonly reason: VoiceTest.CallRecord["reason"] }
): State => {
  const call = state.calls.get(callId)
  if (call === undefined || call.status === "FINAL") return state
  const ended = addCall(state, { ...call, status: "FINAL", result: ending.result, reason: ending.reason, endedAt: now })
  return call.conferenceId === undefined ? ended : leaveConference(ended, call.conferenceId, callId)
}

/** Whole seconds between two instants (never negative). */
export const secondsBetween = (from: DateTime.Utc, to: DateTime.Utc): number =>
  Math.max(0, Math.floor((DateTime.toEpochMillis(to) - DateTime.toEpochMillis(from)) / 1000))

/** The last segment of a percent-encoded path, decoded (`/…/id/{segment}`). */
export const pathSegment = (path: string, index: number): string | undefined => {
  const segment = path.split("/")[index]
  if (segment === undefined) return undefined
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}

// ---------------------------------------------------------------------------------------------
// The backend
// ---------------------------------------------------------------------------------------------

const operationNames: Readonly<Record<string, VoiceTest.Operation>> = {
  "callouts.tts": "Callouts.tts",
  "callouts.conference": "Callouts.conference",
  "callouts.custom": "Callouts.custom",
  "calls.get": "Calls.get",
  "calls.update": "Calls.update",
  "calls.manageWithCallLeg": "Calls.manageWithCallLeg",
  "conferences.get": "Conferences.get",
  "conferences.kickAll": "Conferences.kickAll",
  "conferences.kickParticipant": "Conferences.kickParticipant",
  "conferences.manageParticipant": "Conferences.manageParticipant",
  "conferences.mute": "Conferences.mute",
  "conferences.unmute": "Conferences.unmute",
  "conferences.hold": "Conferences.hold",
  "conferences.resume": "Conferences.resume",
  "applications.listNumbers": "Applications.listNumbers",
  "applications.assignNumbers": "Applications.assignNumbers",
  "applications.unassignNumber": "Applications.unassignNumber",
  "applications.getCallbackUrls": "Applications.getCallbackUrls",
  "applications.updateCallbackUrls": "Applications.updateCallbackUrls",
  "applications.queryNumber": "Applications.queryNumber"
}

/** What `Calls` needs to accept a `callResourceUrl`: the global calling host is "configured". */
const options: client.ResolvedOptions = {
  applicationKey: VoiceTest.applicationKey,
  applicationSecret: Redacted.make("AAAAAAAAAAAAAAAAAAAAAA=="),
  secretBytes: Redacted.make(new Uint8Array(16)),
  auth: "signed",
  callingBaseUrl: Region.callingBaseUrl("global"),
  configurationBaseUrl: Region.configurationBaseUrl,
  timeout: Duration.seconds(10),
  retry: Retry.none,
  maxRetryAfter: Retry.defaultMaxRetryAfter
}

const make: Effect.Effect<Backend> = Effect.gen(function*() {
  const ref = yield* Ref.make(emptyState)

  const transition = <A>(f: Transition<A>): Effect.Effect<A, errors.Failure> =>
    Effect.flatten(Ref.modify(ref, (state) => f(state)))

  const run = (operation: client.Operation, prepare: client.Prepare, handle: Handler) =>
    Effect.gen(function*() {
      // The real preparation: the same validation, the same `InvalidInput` before anything is "sent".
      const call = yield* prepare
      const label = `${operation.service}.${operation.name}`
      const name = operationNames[label]
      if (name === undefined) return yield* Effect.dieMessage(`the Sinch Voice mock does not know ${label}`)
      const now = yield* DateTime.now
      const scripted = yield* Ref.modify(ref, (state): readonly [errors.Failure | undefined, State] => {
        const sent: VoiceTest.SentRequest = call.body === undefined
          ? { operation: name, path: call.path, at: now }
          : { operation: name, path: call.path, body: call.body, at: now }
        const [failure, ...rest] = state.failures.get(name) ?? []
        return [failure, {
          ...state,
          requests: [...state.requests, sent],
          failures: failure === undefined ? state.failures : withEntry(state.failures, name, rest)
        }]
      })
      if (scripted !== undefined) return yield* Effect.fail(scripted)
      return yield* handle({ operation: name, label, resource: operation.resource, call, now })
    })

  const makeClient = (handle: Handler): client.Client => ({
    options,
    json: <A, I>(operation: client.Operation, prepare: client.Prepare, schema: Schema.Schema<A, I>) =>
      Effect.flatMap(run(operation, prepare, handle), (body) =>
        Schema.decodeUnknown(schema)(body).pipe(
          Effect.mapError((error) =>
            new VoiceError.UnexpectedResponse({
              operation: `${operation.service}.${operation.name}`,
              status: 200,
              excerpt: "",
              reason: `the mock answered a body that does not match the schema: ${error.message}`
            })
          )
        )),
    empty: (operation, prepare) => Effect.asVoid(run(operation, prepare, handle))
  })

  const read = <A>(f: (state: State) => A): Effect.Effect<A> => Effect.map(Ref.get(ref), f)
  const update = (f: (state: State) => State): Effect.Effect<void> => Ref.update(ref, f)

  const test: VoiceTest.Service = {
    callouts: read((state) => state.callouts),
    calls: read((state) => Array.from(state.calls.values())),
    call: (callId) => Effect.flatMap(read((state) => state.calls.get(callId)), Effect.fromNullable),
    conferences: read((state) =>
      Array.from(state.conferences, ([conferenceId, participants]) => ({ conferenceId, participants }))
    ),
    participants: (conferenceId) => read((state) => state.conferences.get(conferenceId) ?? []),
    numbers: read((state) => Array.from(state.numbers.values())),
    callbackUrls: (applicationKey) => read((state) => state.callbackUrls.get(applicationKey) ?? {}),
    requests: read((state) => state.requests),
    failNext: (operation, error) =>
      update((state) => ({
        ...state,
        failures: withEntry(state.failures, operation, [...(state.failures.get(operation) ?? []), error])
      })),
    unknownCall: (callId) => update((state) => ({ ...state, unknownCalls: new Set(state.unknownCalls).add(callId) })),
    seedNumbers: (numbers) =>
      update((state) => ({
        ...state,
        numbers: numbers.reduce(
          (all, seed) =>
            withEntry(
              all,
              typeof seed === "string" ? seed : seed.number,
              typeof seed === "string" ? { number: seed } : seed
            ),
          state.numbers
        )
      })),
    seedCall: (seed = {}) =>
      Effect.flatMap(DateTime.now, (now) =>
        Ref.modify(ref, (state): readonly [VoiceTest.CallRecord, State] => {
          const [callId, next] = seed.callId === undefined ? nextCallId(state) : [seed.callId, state] as const
          const call: VoiceTest.CallRecord = {
            callId,
            origin: "seeded",
            from: seed.from,
            to: seed.to,
            domain: seed.domain,
            custom: seed.custom,
            conferenceId: seed.conferenceId,
            status: "ONGOING",
            startedAt: now,
            updates: []
          }
          const added = addCall(next, call)
          return [
            call,
            seed.conferenceId === undefined ? added : joinConference(added, seed.conferenceId, {
              callId,
              cli: seed.from?.endpoint,
              muted: false,
              onHold: false,
              joinedAt: now
            })
          ]
        })),
    endCall: (callId, ending = {}) =>
      Effect.flatMap(
        DateTime.now,
        (now) =>
          Effect.flatten(Ref.modify(ref, (state): readonly [Effect.Effect<void, Cause.NoSuchElementException>, State] =>
            state.calls.has(callId)
              ? [
                Effect.void,
                endCall(state, callId, now, {
                  result: ending.result ?? "ANSWERED",
                  reason: ending.reason ?? "CALLEEHANGUP"
                })
              ]
              : [Effect.fail(new Cause.NoSuchElementException(`no call ${callId} in the Sinch Voice mock`)), state]))
      )
  }

  return { test, client: makeClient, transition }
})

/** One backend per layer build: every mock layer of one build shares it (layers are memoized). */
export const layer: Layer.Layer<MockBackend> = Layer.effect(MockBackend, make)

/** The `VoiceTest` service of the shared backend. */
export const voiceTest: Layer.Layer<VoiceTest.VoiceTest, never, MockBackend> = Layer.effect(
  VoiceTest.VoiceTest,
  Effect.map(MockBackend, (backend) => backend.test)
)

/** A wire object without its `undefined` fields (as JSON would carry it). */
export const compact = (fields: Readonly<Record<string, unknown>>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined))
