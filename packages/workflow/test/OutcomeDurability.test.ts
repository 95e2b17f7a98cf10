/**
 * The DiCE's outcome is never lost between the webhook and the flow: the handler writes it to the
 * journal first, then hands it to the engine. Here the webhooks and the flow share the journal but
 * not always the engine: the webhooks' engine, or their journal writes, are made to fail, as when
 * no runner is up or the database blips.
 */
import * as Simulator from "@effect-sinch/voice/Simulator"
import * as Script from "@effect-sinch/voice/SimulatorScript"
import { describe, expect, it } from "@effect/vitest"
import * as WorkflowEngine from "@effect/workflow/WorkflowEngine"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as TestClock from "effect/TestClock"
import * as CallFlow from "../src/CallFlow.js"
import * as CallJournal from "../src/CallJournal.js"
import * as Correlation from "../src/Correlation.js"
import * as WorkflowError from "../src/WorkflowError.js"
import { applicationKey, applicationSecret, AppWebhooks, callbackUrl, eventually, TestCrypto } from "./utils.js"

const callee = "+46700000001"

// deadline: 30 s ringing + 10 min call + 2 min margin
const deadlineMillis = (30 + 600 + 120) * 1000
const payload = {
  id: "reminder",
  request: {
    destination: callee,
    message: "Your appointment is tomorrow at ten.",
    dialTimeoutSeconds: 30,
    maxDurationSeconds: 600
  },
  policy: { maxAttempts: 3, retryDelaySeconds: 600 }
}

// the flow's engine, journal and settings
const Base = Layer.mergeAll(
  WorkflowEngine.layerMemory,
  CallJournal.layerMemory,
  CallFlow.layerSettings({ callbackUrl })
)

/** An engine that takes no deferred completion (no runner up, its storage failing). */
const EngineDown = Layer.effect(
  WorkflowEngine.WorkflowEngine,
  Effect.map(WorkflowEngine.WorkflowEngine, (engine) => ({
    ...engine,
    deferredDone: () => Effect.dieMessage("no runner can take the message")
  }))
)

/** The shared journal, whose writes of an outcome fail. */
const JournalFailingEnded = Layer.effect(
  CallJournal.CallJournal,
  Effect.map(CallJournal.CallJournal, (journal) => ({
    ...journal,
    ended: (key: string) => new WorkflowError.JournalError({ operation: "ended", reason: `database down (${key})` })
  }))
)

/** The simulator delivering to webhooks that see `webhooksSee` on top of the flow's services. */
const TestLive = <S extends WorkflowEngine.WorkflowEngine | CallJournal.CallJournal>(
  webhooksSee: Layer.Layer<S, never, S>
) =>
  CallFlow.layer.pipe(
    Layer.provideMerge(
      Simulator.layer({ applicationKey, applicationSecret, deliver: Simulator.toWebhooks() }).pipe(
        Layer.provideMerge(AppWebhooks.pipe(Layer.provide(webhooksSee))),
        Layer.provideMerge(TestCrypto),
        Layer.provideMerge(Base)
      )
    )
  )

/**
 * Moves the clock a second at a time, at most a minute (far from the 12.5-minute deadline), until
 * `fiber` ends; each step lets the work it woke run (`eventually`) before the next.
 */
const withinAMinute = <A, E>(fiber: Fiber.RuntimeFiber<A, E>) =>
  Effect.gen(function*() {
    for (let second = 0; second < 60 && Option.isNone(yield* Fiber.poll(fiber)); second++) {
      yield* TestClock.adjust("1 second")
      yield* eventually(Fiber.poll(fiber), "10 millis")
    }
    const exit = yield* eventually(Fiber.poll(fiber))
    if (Option.isNone(exit)) return yield* Effect.dieMessage("the flow did not end within a minute")
    return yield* exit.value
  })

const journalRow = (key: string) => Effect.flatMap(CallJournal.CallJournal, (journal) => journal.get(key))

describe("the DiCE's outcome when the engine or the journal fails", () => {
  it.effect("the engine cannot take it: the journal has it, and the flow takes it when it runs again", () =>
    Effect.gen(function*() {
      yield* Simulator.script(callee, Script.answers, Script.hangsUpAfter("2 seconds"))
      const flow = yield* Effect.fork(CallFlow.workflow.execute(payload))
      yield* TestClock.adjust("10 seconds")
      const executionId = yield* CallFlow.workflow.executionId(payload)
      const key = Correlation.workflowKey(executionId, 1)
      // recorded first, although the engine refused the completion: the flow still waits
      const outcome = yield* eventually(
        Effect.map(journalRow(key), Option.flatMap((row) => Option.fromNullable(row.outcome)))
      )
      expect(Option.getOrUndefined(outcome)?.disposition).toBe("human")
      expect(Option.isNone(yield* Fiber.poll(flow))).toBe(true)

      // what a runner's restart (or a failover) does: the flow runs again, long before its deadline
      yield* CallFlow.workflow.resume(executionId)
      const done = yield* withinAMinute(flow)
      expect(done.conclusion).toBe("reached")
      expect(done.attempts.map((outcome) => outcome.disposition)).toEqual(["human"])
    }).pipe(Effect.provide(TestLive(EngineDown))))

  it.effect("the engine cannot take it and nothing resumes the flow: its deadline settles it from the journal", () =>
    Effect.gen(function*() {
      yield* Simulator.script(callee, Script.answers, Script.hangsUpAfter("2 seconds"))
      const flow = yield* Effect.fork(CallFlow.workflow.execute(payload))
      yield* TestClock.adjust("10 seconds")
      // the deadline's clock must be scheduled before the clock jumps past it (under load the flow
      // may still be placing the call when `adjust` returns)
      yield* eventually(Effect.map(TestClock.sleeps(), Chunk.findFirst((due) => due >= deadlineMillis)))
      yield* TestClock.adjust("12 minutes")
      expect(Option.isNone(yield* Fiber.poll(flow))).toBe(true)
      yield* TestClock.adjust("1 minute")
      const done = yield* Fiber.join(flow)
      expect(done.conclusion).toBe("reached")
      expect(done.attempts.map((outcome) => outcome.disposition)).toEqual(["human"])
    }).pipe(Effect.provide(TestLive(EngineDown))))

  it.effect("the journal write fails: the outcome still reaches the flow through the engine", () =>
    Effect.gen(function*() {
      yield* Simulator.script(callee, Script.busy)
      const flow = yield* Effect.fork(CallFlow.workflow.execute({ ...payload, policy: { maxAttempts: 1 } }))
      const report = yield* withinAMinute(flow)
      // not `unknown` at the deadline: the busy outcome arrived, though the journal could not keep it
      expect(report.conclusion).toBe("exhausted")
      expect(report.attempts.map((outcome) => outcome.disposition)).toEqual(["busy"])
      const key = Correlation.workflowKey(yield* CallFlow.workflow.executionId(payload), 1)
      expect(Option.getOrThrow(yield* journalRow(key)).outcome).toBeUndefined()
    }).pipe(Effect.provide(TestLive(JournalFailingEnded))))
})
