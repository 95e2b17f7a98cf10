/**
 * Creating simulated calls (incoming calls and the three callouts), running their flow in the
 * simulator's scope, and ending them: leave the conference, stop recording, DiCE.
 */
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type * as Callouts from "../../Callouts.js"
import type * as SimulatorScript from "../../SimulatorScript.js"
import * as Conference from "./conference.js"
import * as Events from "./events.js"
import * as Flow from "./flow.js"
import * as Instructions from "./instructions.js"
import * as Model from "./model.js"
import * as Wait from "./wait.js"

const app: Model.Route = { _tag: "App" }
const none: Model.Route = { _tag: "None" }

interface Spec {
  readonly kind: Model.CallRecord["kind"]
  readonly from: string
  readonly to: { readonly type: string; readonly endpoint: string }
  readonly custom: string | undefined
  readonly headers: Readonly<Record<string, string>>
  readonly routes: Model.Routes
  readonly plan: Model.Plan
  readonly dtmf: string | undefined
  readonly remote: Model.Party
  readonly maxDurationSeconds: number | undefined
}

const finish = (engine: Model.Engine, call: Model.CallRecord, ending: Model.Ending): Effect.Effect<void> =>
  Effect.gen(function*() {
    const now = yield* Clock.currentTimeMillis
    Conference.leave(engine, call, now, "left")
    yield* Instructions.stopRecording(engine, call)
    call.endedAt = now
    call.status = "final"
    call.result = ending.result
    call.reason = ending.reason
    call.holding = undefined
    call.deadline = undefined
    call.commands = []
    call.signal = undefined
    Model.record(call, {
      _tag: "Ended",
      at: now - call.createdAt,
      result: ending.result,
      reason: ending.reason,
      duration: Model.durationSeconds(call, now)
    })
    yield* Events.send(engine, call, "dice", Events.dice(engine, call, now))
    Wait.ended(call)
  })

type CallFlow = (engine: Model.Engine, call: Model.CallRecord) => Effect.Effect<Model.Ending, Model.Wake>

/**
 * The call's fiber: its flow, then the end. Built outside `start`, so that what the fiber keeps for
 * the life of the call (the continuation) does not hold `start`'s scope (the spec) too.
 */
const life = (engine: Model.Engine, call: Model.CallRecord, flow: CallFlow): Effect.Effect<void> =>
  Effect.flatMap(Flow.settle(engine, call, flow(engine, call)), (ending) => finish(engine, call, ending))

const start = (engine: Model.Engine, spec: Spec, flow: CallFlow): Effect.Effect<string> =>
  Effect.flatMap(Clock.currentTimeMillis, (now) => {
    // Every field written out (no spread of `spec`), so that all calls share one hidden class.
    const call: Model.CallRecord = {
      kind: spec.kind,
      from: spec.from,
      to: spec.to,
      custom: spec.custom,
      headers: spec.headers,
      routes: spec.routes,
      plan: spec.plan,
      dtmf: spec.dtmf,
      remote: spec.remote,
      maxDurationSeconds: spec.maxDurationSeconds,
      id: Model.nextCallId(engine),
      timers: engine.timers,
      createdAt: now,
      bridged: undefined,
      status: spec.kind === "incoming" ? "ongoing" : "ringing",
      answeredAt: undefined,
      endedAt: undefined,
      result: "N/A",
      reason: "N/A",
      deadline: undefined,
      conferenceId: undefined,
      holding: undefined,
      recording: undefined,
      entries: [],
      commands: [],
      signal: undefined,
      ended: false,
      endWaiters: undefined
    }
    engine.calls.set(call.id, call)
    return Effect.as(engine.fork(life(engine, call, flow)), call.id)
  })

export interface IncomingCall {
  readonly from: string
  readonly to: string
  readonly script: SimulatorScript.Script | undefined
  readonly custom: string | undefined
  readonly headers: Readonly<Record<string, string>>
}

export const incoming = (engine: Model.Engine, options: IncomingCall): Effect.Effect<string> =>
  Effect.gen(function*() {
    const now = yield* Clock.currentTimeMillis
    const remote = Flow.makeParty(engine, options.from, "caller", options.script)
    const hangsUpAfter = remote.script.hangsUpAfter
    if (hangsUpAfter !== undefined) remote.hangsUpAt = now + Duration.toMillis(hangsUpAfter)
    return yield* start(engine, {
      kind: "incoming",
      from: options.from,
      to: { type: "did", endpoint: options.to },
      custom: options.custom,
      headers: options.headers,
      routes: { ice: app, ace: app, pie: app, dice: app, notify: app },
      plan: { _tag: "Connect" },
      dtmf: undefined,
      remote,
      maxDurationSeconds: undefined
    }, Flow.incoming)
  })

const eventRoutes = (
  destination: Callouts.CalloutDestination,
  flags: {
    readonly enableAce?: boolean | undefined
    readonly enablePie?: boolean | undefined
    readonly enableDice?: boolean | undefined
  }
): Model.Routes => {
  // Sinch sends no ACE or DiCE for calls to app users (data calls).
  const data = destination.type === "username"
  return {
    ice: none,
    ace: flags.enableAce === true && !data ? app : none,
    pie: flags.enablePie === true ? app : none,
    dice: flags.enableDice === true && !data ? app : none,
    notify: app
  }
}

/**
 * What every callout shares: it calls from the request's CLI (`private` without one), carries the
 * request's custom data and DTMF, and rings the destination, who answers as scripted.
 */
const callout = (
  engine: Model.Engine,
  request: {
    readonly cli?: string | undefined
    readonly custom?: string | undefined
    readonly dtmf?: string | undefined
  },
  headers: Readonly<Record<string, string>>,
  spec: Pick<Spec, "kind" | "to" | "routes" | "plan" | "maxDurationSeconds">
): Effect.Effect<string> =>
  start(engine, {
    kind: spec.kind,
    from: request.cli ?? "private",
    to: spec.to,
    custom: request.custom,
    headers,
    routes: spec.routes,
    plan: spec.plan,
    dtmf: request.dtmf,
    remote: Flow.makeParty(engine, spec.to.endpoint, "callee"),
    maxDurationSeconds: spec.maxDurationSeconds
  }, Flow.callout)

export const tts = (
  engine: Model.Engine,
  request: Callouts.TtsCallout,
  headers: Readonly<Record<string, string>>
): Effect.Effect<string> =>
  callout(engine, request, headers, {
    kind: "tts",
    to: request.destination,
    routes: eventRoutes(request.destination, request),
    plan: { _tag: "Tts", text: request.text, prompts: request.prompts },
    maxDurationSeconds: undefined
  })

export const conference = (
  engine: Model.Engine,
  request: Callouts.ConferenceCallout,
  headers: Readonly<Record<string, string>>
): Effect.Effect<string> =>
  callout(engine, request, headers, {
    kind: "conference",
    to: request.destination,
    routes: eventRoutes(request.destination, request),
    plan: { _tag: "Conference", conferenceId: request.conferenceId, greeting: request.greeting },
    maxDurationSeconds: request.maxDuration
  })

export interface CustomCallout {
  readonly cli: string | undefined
  readonly destination: Callouts.CalloutDestination | undefined
  readonly dtmf: string | undefined
  readonly custom: string | undefined
  readonly maxDuration: number | undefined
  readonly ice: Model.Route
  readonly ace: Model.Route
  readonly pie: Model.Route
}

export const custom = (
  engine: Model.Engine,
  request: CustomCallout,
  headers: Readonly<Record<string, string>>
): Effect.Effect<string> => {
  const destination = request.destination ?? { type: "number", endpoint: request.cli ?? "private" }
  return callout(engine, request, headers, {
    kind: "custom",
    to: destination,
    routes: { ice: request.ice, ace: request.ace, pie: request.pie, dice: app, notify: app },
    plan: { _tag: "Connect" },
    maxDurationSeconds: request.maxDuration
  })
}
