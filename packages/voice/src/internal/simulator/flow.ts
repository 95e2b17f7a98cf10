/**
 * The life of a simulated call: asking the application for SVAML at each event and carrying out
 * its actions (ringing and connecting callees, menus, conferences, parking), until the call ends.
 * A flow fails with a `Wake` when a command, a hang-up or `maxDuration` interrupts it; `settle`
 * turns wakes into the next flow or the end.
 */
import type * as Actions from "@effect-sinch/svaml/Actions"
import type * as Documents from "@effect-sinch/svaml/Documents"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type * as Model from "../../Model.js"
import * as SimulatorScript from "../../SimulatorScript.js"
import * as Conference from "./conference.js"
import * as Events from "./events.js"
import * as Instructions from "./instructions.js"
import * as Menu from "./menu.js"
import * as State from "./model.js"
import * as Replies from "./replies.js"
import * as Wait from "./wait.js"

type Flow = Effect.Effect<State.Ending, State.Wake>

type Context = "ice" | "ace" | "pie"

const ended = (call: State.CallRecord, reason: Model.CallReason): State.Ending => ({
  result: call.answeredAt === undefined ? "N/A" : "ANSWERED",
  reason
})

const end = (call: State.CallRecord, reason: Model.CallReason): Flow => Effect.sync(() => ended(call, reason))

export const makeParty = (
  engine: State.Engine,
  number: string,
  role: State.Party["role"],
  script?: SimulatorScript.Script
): State.Party => ({
  number,
  role,
  script: script ?? engine.scripts.get(number) ?? SimulatorScript.defaultScript,
  cursor: 0,
  hangsUpAt: undefined
})

/** Rings a party; `undefined` when it answered, else how the call ends. */
export const ring = (
  call: State.CallRecord,
  party: State.Party,
  timeoutMillis: number
): Effect.Effect<State.Ending | undefined, State.Wake> =>
  Effect.gen(function*() {
    yield* State.log(call, (at) => ({ _tag: "Ringing", at, number: party.number }))
    const answer = party.script.answer
    if (answer._tag === "Busy") {
      yield* State.log(call, (at) => ({ _tag: "Busy", at, number: party.number }))
      return { result: "BUSY", reason: "N/A" }
    }
    const delay = answer._tag === "AnswersAfter" ? Duration.toMillis(answer.delay) : Infinity
    if (delay >= timeoutMillis) {
      yield* Wait.wait(call, timeoutMillis)
      yield* State.log(call, (at) => ({ _tag: "NoAnswer", at, number: party.number }))
      return { result: "NOANSWER", reason: "TIMEOUT" }
    }
    yield* Wait.wait(call, delay)
    return undefined
  })

const holds: { readonly [H in Exclude<State.Holding, undefined>]: Flow } = {
  conference: Effect.fail({ _tag: "Hold", holding: "conference" }),
  park: Effect.fail({ _tag: "Hold", holding: "park" }),
  connected: Effect.fail({ _tag: "Hold", holding: "connected" })
}

/**
 * Waits connected until something ends the call (a hang-up, a command, `maxDuration`). The flow
 * unwinds to `settle` first, which does the waiting (`holdOn`).
 */
const hold = (holding: Exclude<State.Holding, undefined>): Flow => holds[holding]

const holdOn = (call: State.CallRecord, holding: Exclude<State.Holding, undefined>): Flow =>
  Effect.suspend(() => {
    call.holding = holding
    return Effect.flatMap(Wait.wait(call, undefined), () => holdOn(call, holding))
  })

/**
 * Sends an ICE / ACE / PIE and carries out the SVAML that comes back. `missing` runs when there is
 * no callback for the event; a callback that fails ends the call (`CALLBACKERROR`) unless the event
 * says otherwise (`failed`).
 */
const converse = (
  engine: State.Engine,
  call: State.CallRecord,
  context: Context,
  payload: Record<string, unknown>,
  options: { readonly missing: () => Flow; readonly failed?: () => Flow; readonly after?: Effect.Effect<void> }
): Flow =>
  Effect.gen(function*() {
    const answer = yield* Events.send(engine, call, context, payload)
    if (answer._tag === "NotSent") return yield* options.missing()
    if (answer._tag === "Failed") return yield* (options.failed ?? (() => end(call, "CALLBACKERROR")))()
    const document = yield* Effect.either(Replies.parse(context, answer.json))
    if (document._tag === "Left") {
      yield* State.log(call, (at) => ({ _tag: "InvalidSvaml", at, event: context, reason: document.left }))
      yield* Events.send(
        engine,
        call,
        "notify",
        { ...Events.notify(engine, call, "callingerror", {}), errorCode: 40001, errorMsg: "Illegal SVAML" }
      )
      return ended(call, "INVALIDSVAMLACTION")
    }
    const json = Replies.intern(context, answer.json)
    yield* State.log(call, (at) => ({ _tag: "SvamlReceived", at, event: context, json }))
    if (options.after !== undefined) yield* options.after
    return yield* apply(engine, call, "event", document.right)
  })

const apply = (
  engine: State.Engine,
  call: State.CallRecord,
  origin: "event" | "managed",
  document: Documents.Document
): Flow =>
  Effect.zipRight(
    Instructions.runAll(engine, call, document.instructions),
    action(engine, call, origin, document.action)
  )

const action = (
  engine: State.Engine,
  call: State.CallRecord,
  origin: "event" | "managed",
  svaml: Actions.Action
): Flow => {
  switch (svaml.name) {
    case "hangup":
      return end(call, "MANAGERHANGUP")
    case "continue":
      return origin === "managed" ? resume(call) : continueCall(engine, call)
    case "connectConf":
      return conference(engine, call, svaml.conferenceId)
    case "runMenu":
      return menu(engine, call, svaml)
    case "park":
      return park(engine, call, svaml)
    case "connectPstn":
      return bridge(engine, call, {
        number: svaml.number ?? call.to.endpoint,
        dialTimeout: svaml.dialTimeout,
        maxDuration: svaml.maxDuration,
        suppressCallbacks: svaml.suppressCallbacks === true,
        amd: svaml.amd?.enabled === true ? { async: svaml.amd.async === true } : undefined
      })
    case "connectSip":
      return bridge(engine, call, {
        number: svaml.destination.endpoint,
        dialTimeout: undefined,
        maxDuration: svaml.maxDuration,
        suppressCallbacks: svaml.suppressCallbacks === true,
        amd: undefined
      })
    case "connectMxp":
      return bridge(engine, call, {
        number: svaml.destination?.endpoint ?? call.to.endpoint,
        dialTimeout: undefined,
        maxDuration: undefined,
        suppressCallbacks: false,
        amd: undefined
      })
    case "connectStream":
      return Effect.gen(function*() {
        const now = yield* Clock.currentTimeMillis
        Instructions.answered(call, "application", now)
        State.record(call, { _tag: "Connected", at: now - call.createdAt, to: svaml.destination.endpoint })
        return yield* hold("connected")
      })
  }
}

/** `continue` from an event: what the call was set up to do. */
const continueCall = (engine: State.Engine, call: State.CallRecord): Flow => {
  const plan = call.plan
  switch (plan._tag) {
    case "Tts":
      return Effect.gen(function*() {
        if (plan.text !== undefined) yield* Instructions.speak(call, plan.text)
        else if (plan.prompts !== undefined) yield* Instructions.playPrompt(call, plan.prompts)
        return ended(call, "MANAGERHANGUP")
      })
    case "Conference":
      return Effect.gen(function*() {
        if (plan.greeting !== undefined) yield* Instructions.speak(call, plan.greeting)
        return yield* conference(engine, call, plan.conferenceId)
      })
    case "Connect":
      return hold("connected")
  }
}

/** `continue` from a managed-call update: back to what the call was doing (a parked call is unparked). */
const resume = (call: State.CallRecord): Flow =>
  call.holding === "conference" && call.conferenceId !== undefined
    ? hold("conference")
    : hold("connected")

const conference = (engine: State.Engine, call: State.CallRecord, conferenceId: string): Flow =>
  Effect.gen(function*() {
    const now = yield* Clock.currentTimeMillis
    Instructions.answered(call, "application", now)
    if (call.conferenceId !== undefined && call.conferenceId !== conferenceId) {
      Conference.leave(engine, call, now, "left")
    }
    if (call.conferenceId === undefined) Conference.join(engine, call, conferenceId, now)
    return yield* hold("conference")
  })

/** The longest a call stays parked when `maxDuration` is not given. */
const defaultParkSeconds = 600

const park = (engine: State.Engine, call: State.CallRecord, svaml: Actions.Park): Flow =>
  Effect.gen(function*() {
    const start = yield* Clock.currentTimeMillis
    Instructions.answered(call, "application", start)
    if (call.conferenceId !== undefined) Conference.leave(engine, call, start, "left")
    call.holding = "park"
    State.record(call, { _tag: "Parked", at: start - call.createdAt })
    if (svaml.introPrompt !== undefined) yield* Instructions.playPrompt(call, svaml.introPrompt)
    if (svaml.holdPrompt !== undefined) {
      yield* State.log(call, (at) => ({ _tag: "Played", at, ids: [`${svaml.holdPrompt} (looped)`] }))
    }
    const now = yield* Clock.currentTimeMillis
    const limit = (svaml.maxDuration ?? defaultParkSeconds) * 1000
    yield* Wait.wait(call, Math.max(0, start + limit - now))
    return ended(call, "TIMEOUT")
  })

const menu = (engine: State.Engine, call: State.CallRecord, svaml: Actions.RunMenu): Flow =>
  Effect.gen(function*() {
    const start = yield* Clock.currentTimeMillis
    Instructions.answered(call, "application", start)
    const result = yield* Menu.run(call, svaml)
    const now = yield* Clock.currentTimeMillis
    return yield* converse(engine, call, "pie", Events.pie(engine, call, now, result), {
      missing: () => end(call, "MANAGERHANGUP")
    })
  })

interface BridgeTarget {
  readonly number: string
  readonly dialTimeout: number | undefined
  readonly maxDuration: number | undefined
  readonly suppressCallbacks: boolean
  readonly amd: { readonly async: boolean } | undefined
}

const bridge = (engine: State.Engine, call: State.CallRecord, target: BridgeTarget): Flow =>
  Effect.gen(function*() {
    const party = makeParty(engine, target.number, "callee")
    const timeout = target.dialTimeout === undefined ? engine.settings.ringTimeoutMillis : target.dialTimeout * 1000
    const failed = yield* ring(call, party, timeout)
    if (failed !== undefined) return failed
    const now = yield* Clock.currentTimeMillis
    call.bridged = party
    const hangsUpAfter = party.script.hangsUpAfter
    if (hangsUpAfter !== undefined) party.hangsUpAt = now + Duration.toMillis(hangsUpAfter)
    Instructions.answered(call, target.number, now)
    if (target.maxDuration !== undefined && target.maxDuration > 0) call.deadline = now + target.maxDuration * 1000
    State.record(call, { _tag: "Connected", at: now - call.createdAt, to: target.number })
    if (target.suppressCallbacks) return yield* hold("connected")
    const detected: Events.Amd | undefined = target.amd === undefined ? undefined : party.script.machine
      ? { status: "machine", reason: "longgreeting", duration: 4 }
      : { status: "human", reason: "n/a", duration: 2 }
    const asynchronous = target.amd?.async === true && detected !== undefined
    return yield* converse(
      engine,
      call,
      "ace",
      Events.ace(engine, call, now, asynchronous ? { status: "inprogress" } : detected),
      {
        missing: () => hold("connected"),
        failed: () => hold("connected"),
        ...(asynchronous
          ? { after: Events.send(engine, call, "notify", Events.notify(engine, call, "amd", { amd: detected })) }
          : {})
      }
    )
  })

/** The flow of an incoming call: ICE, then whatever the application answers. */
export const incoming = (engine: State.Engine, call: State.CallRecord): Flow =>
  Effect.flatMap(
    Clock.currentTimeMillis,
    (now) => converse(engine, call, "ice", Events.ice(engine, call, now), { missing: () => end(call, "CALLBACKERROR") })
  )

/** The flow of a callout: ring the destination, then ACE (if enabled) or the callout's own plan. */
export const callout = (engine: State.Engine, call: State.CallRecord): Flow =>
  Effect.gen(function*() {
    const failed = yield* ring(call, call.remote, engine.settings.ringTimeoutMillis)
    if (failed !== undefined) return failed
    const now = yield* Clock.currentTimeMillis
    Instructions.answered(call, call.remote.number, now)
    const dtmf = call.dtmf
    if (dtmf !== undefined) State.record(call, { _tag: "DtmfSent", at: now - call.createdAt, digits: dtmf })
    if (call.plan._tag === "Connect") {
      return yield* converse(engine, call, "ice", Events.ice(engine, call, now), {
        missing: () => end(call, "CALLBACKERROR")
      })
    }
    return yield* converse(engine, call, "ace", Events.ace(engine, call, now, undefined), {
      missing: () => continueCall(engine, call),
      failed: () => continueCall(engine, call)
    })
  })

const onWake = (engine: State.Engine, call: State.CallRecord, wake: State.Wake): Flow => {
  switch (wake._tag) {
    case "Hold":
      return holdOn(call, wake.holding)
    case "HungUp":
      return end(call, wake.party.role === "caller" ? "CALLERHANGUP" : "CALLEEHANGUP")
    case "Deadline":
      return end(call, "TIMEOUT")
    case "Command": {
      const command = wake.command
      if (command._tag === "Kick") {
        return Effect.gen(function*() {
          const now = yield* Clock.currentTimeMillis
          Conference.leave(engine, call, now, "kicked")
          return ended(call, "MANAGERHANGUP")
        })
      }
      return Effect.zipRight(
        State.log(call, (at) => ({ _tag: "Managed", at, json: command.json })),
        apply(engine, call, "managed", command.svaml)
      )
    }
  }
}

/** Runs a flow to its end, following every interruption. */
export const settle = (engine: State.Engine, call: State.CallRecord, flow: Flow): Effect.Effect<State.Ending> =>
  Effect.catchAll(flow, (wake) => settle(engine, call, onWake(engine, call, wake)))
