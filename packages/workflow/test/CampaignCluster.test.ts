import * as Simulator from "@effect-sinch/voice/Simulator"
import * as Script from "@effect-sinch/voice/SimulatorScript"
import * as Transcript from "@effect-sinch/voice/SimulatorTranscript"
import * as ClusterWorkflowEngine from "@effect/cluster/ClusterWorkflowEngine"
import * as SingleRunner from "@effect/cluster/SingleRunner"
import * as SqliteClient from "@effect/sql-sqlite-node/SqliteClient"
import { assert, describe, it } from "@effect/vitest"
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
import * as Campaign from "../src/Campaign.js"
import * as CampaignStore from "../src/CampaignStore.js"
import * as Pacer from "../src/Pacer.js"
import { callbackUrl, simulatorOn } from "./utils.js"

// every storage poll is a timer under TestClock: this test moves an hour of simulated time
const timeout = 120_000

/** One runner on a SQLite file holding everything: messages, journal, campaigns, pacer. */
const SqliteCluster = Layer.unwrapScoped(Effect.gen(function*() {
  const directory = yield* Effect.acquireRelease(
    Effect.sync(() => NodeFs.mkdtempSync(NodePath.join(NodeOs.tmpdir(), "campaign-"))),
    (directory) => Effect.sync(() => NodeFs.rmSync(directory, { recursive: true, force: true }))
  )
  return Campaign.layer.pipe(
    Layer.provideMerge(simulatorOn(Layer.mergeAll(
      ClusterWorkflowEngine.layer.pipe(
        Layer.provideMerge(SingleRunner.layer({
          runnerStorage: "sql",
          shardingConfig: { entityMessagePollInterval: "1 second" }
        }))
      ),
      CallJournal.layerSql(),
      CampaignStore.layerSql,
      Pacer.layerSql({ pollInterval: "1 second" }),
      CallFlow.layerSettings({ callbackUrl, deadlineMargin: "30 seconds" })
    ))),
    Layer.provide(SqliteClient.layer({ filename: NodePath.join(directory, "campaign.db") }))
  )
}))

const number = (index: number) => `+4670000${String(2000 + index)}`

const options = {
  id: "cluster-campaign",
  contacts: Array.from({ length: 4 }, (_, index) => ({ id: `c${index}`, phoneNumber: number(index) })),
  message: "Your parcel arrives tomorrow.",
  machine: CallAnswer.leaveVoicemail("Your parcel arrives tomorrow."),
  retry: { maxAttempts: 2, retryDelaySeconds: 60 },
  dialTimeoutSeconds: 30,
  maxDurationSeconds: 120,
  callsPerSecond: 2,
  maxLiveCalls: 2
}

describe("Campaign on ClusterWorkflowEngine (SingleRunner on SQLite, SQL stores)", () => {
  it.effect(
    "calls each contact per its policy, within the cap; a repeated start calls nobody again",
    () =>
      Effect.gen(function*() {
        const simulator = yield* Simulator.Simulator
        yield* Simulator.script(number(1), Script.busy)
        yield* Simulator.script(number(2), Script.answeringMachine)
        let highest = 0
        const sampler = yield* Effect.fork(Effect.forever(Effect.zipRight(
          Effect.flatMap(
            simulator.activeCalls,
            (active) => Effect.sync(() => void (highest = Math.max(highest, active)))
          ),
          Effect.sleep("1 second")
        )))
        yield* Campaign.start(options)
        const done = yield* Effect.fork(Campaign.awaitDone(options.id))
        for (let step = 0; step < 120 && Option.isNone(yield* Fiber.poll(done)); step++) {
          yield* TestClock.adjust("30 seconds")
        }
        const progress = yield* Fiber.join(done)
        const again = yield* Campaign.start(options)
        for (let step = 0; step < 10; step++) yield* TestClock.adjust("30 seconds")
        yield* Fiber.interrupt(sampler)

        const calls = yield* simulator.calls
        const callsTo = (index: number) =>
          calls.filter((call) => Transcript.entriesOf(call, "Ringing").some((entry) => entry.number === number(index)))
            .length
        assert.deepStrictEqual([0, 1, 2, 3].map(callsTo), [1, 2, 1, 1])
        assert.isAtMost(highest, 2)
        assert.strictEqual(progress.status, "done")
        assert.deepStrictEqual(progress.conclusions, { reached: 2, exhausted: 1, voicemail: 1 })
        assert.deepStrictEqual(progress.dispositions, { human: 2, busy: 2, machine: 1 })
        assert.deepStrictEqual([again.created, again.added], [false, 0])
        const results = yield* Campaign.results(options.id)
        assert.deepStrictEqual(results.map((row) => row.attempts), [1, 2, 1, 1])
      }).pipe(Effect.provide(SqliteCluster)),
    timeout
  )
})
