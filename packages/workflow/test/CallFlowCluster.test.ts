import * as Simulator from "@effect-sinch/voice/Simulator"
import * as Script from "@effect-sinch/voice/SimulatorScript"
import * as ClusterWorkflowEngine from "@effect/cluster/ClusterWorkflowEngine"
import * as SingleRunner from "@effect/cluster/SingleRunner"
import * as TestRunner from "@effect/cluster/TestRunner"
import * as SqliteClient from "@effect/sql-sqlite-node/SqliteClient"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as TestClock from "effect/TestClock"
import * as NodeFs from "node:fs"
import * as NodeOs from "node:os"
import * as NodePath from "node:path"
import * as CallAnswer from "../src/CallAnswer.js"
import * as CallFlow from "../src/CallFlow.js"
import * as CallJournal from "../src/CallJournal.js"
import { callbackUrl, seedIntent, simulatorOn } from "./utils.js"

const callee = "+46700000001"

const request: CallFlow.CallRequest = {
  destination: callee,
  message: "Your appointment is tomorrow at ten.",
  machine: CallAnswer.leaveVoicemail("A reminder: your appointment is tomorrow at ten."),
  // short bounds keep the deadline (and the simulated time) small: 30 + 120 + 30 s
  dialTimeoutSeconds: 30,
  maxDurationSeconds: 120
}

// every storage poll is a timer under TestClock: these tests move hours of simulated time
const timeout = 90_000

const untilDone = <A, E>(fiber: Fiber.RuntimeFiber<A, E>) =>
  Effect.gen(function*() {
    for (let step = 0; step < 24 * 60; step++) {
      const exit = yield* Fiber.poll(fiber)
      if (Option.isSome(exit)) return yield* exit.value
      yield* TestClock.adjust("1 minute")
    }
    return yield* Effect.dieMessage("the flow did not end within a day")
  })

const busyThenAnswered = Effect.gen(function*() {
  yield* Simulator.script(callee, Script.busy)
  const fiber = yield* Effect.fork(
    CallFlow.workflow.execute({ id: "cluster-1", request, policy: { maxAttempts: 3, retryDelaySeconds: 120 } })
  )
  yield* TestClock.adjust("1 minute")
  yield* Simulator.script(callee, Script.answers)
  const report = yield* untilDone(fiber)
  expect(report.conclusion).toBe("reached")
  expect(report.attempts.map((outcome) => outcome.disposition)).toEqual(["busy", "human"])
  expect((yield* (yield* Simulator.Simulator).calls).length).toBe(2)
  return report
})

const noAnswerEndsUnknownOrExhausted = Effect.gen(function*() {
  yield* Simulator.script(callee, Script.neverAnswers)
  const report = yield* untilDone(
    yield* Effect.fork(
      CallFlow.workflow.execute({ id: "cluster-2", request, policy: { maxAttempts: 2, retryDelaySeconds: 60 } })
    )
  )
  expect(report.conclusion).toBe("exhausted")
  expect((yield* (yield* Simulator.Simulator).calls).length).toBe(2)
})

describe("CallFlow.workflow on ClusterWorkflowEngine", () => {
  const MemoryCluster = () =>
    CallFlow.layer.pipe(
      Layer.provideMerge(simulatorOn(Layer.mergeAll(
        ClusterWorkflowEngine.layer.pipe(Layer.provideMerge(TestRunner.layer)),
        CallJournal.layerMemory,
        CallFlow.layerSettings({ callbackUrl, deadlineMargin: "30 seconds" })
      )))
    )

  it.effect(
    "TestRunner: busy, then answered after the durable retry delay",
    () => busyThenAnswered.pipe(Effect.provide(MemoryCluster())),
    timeout
  )

  it.effect(
    "TestRunner: no answer twice: exhausted",
    () => noAnswerEndsUnknownOrExhausted.pipe(Effect.provide(MemoryCluster())),
    timeout
  )

  it.effect(
    "TestRunner: an intent journaled before a crash is not re-sent and ends unknown at the deadline",
    () =>
      Effect.gen(function*() {
        const payload = { id: "cluster-3", request, policy: { maxAttempts: 3 } }
        const key = yield* seedIntent(payload)
        const report = yield* untilDone(yield* Effect.fork(CallFlow.workflow.execute(payload)))
        expect(report.conclusion).toBe("unknown")
        expect(report.outcome.attemptKey).toBe(key)
        expect((yield* (yield* Simulator.Simulator).calls).length).toBe(0)
      }).pipe(Effect.provide(MemoryCluster())),
    timeout
  )

  const SqliteCluster = () => {
    const directory = NodeFs.mkdtempSync(NodePath.join(NodeOs.tmpdir(), "callflow-"))
    return CallFlow.layer.pipe(
      Layer.provideMerge(simulatorOn(Layer.mergeAll(
        ClusterWorkflowEngine.layer.pipe(
          Layer.provideMerge(SingleRunner.layer({
            runnerStorage: "sql",
            shardingConfig: { entityMessagePollInterval: "1 second" }
          }))
        ),
        CallJournal.layerSql(),
        CallFlow.layerSettings({ callbackUrl, deadlineMargin: "30 seconds" })
      ))),
      Layer.provide(SqliteClient.layer({ filename: NodePath.join(directory, "calls.db") }))
    )
  }

  it.effect("SingleRunner on SQLite, journal on the same database: busy, then answered", () =>
    Effect.gen(function*() {
      const report = yield* busyThenAnswered
      const journal = yield* CallJournal.CallJournal
      const rows = yield* Effect.forEach(report.attempts, (outcome) => journal.get(outcome.attemptKey))
      expect(rows.map((row) => Option.getOrThrow(row).status)).toEqual(["ended", "ended"])
    }).pipe(Effect.provide(SqliteCluster())), timeout)
})
