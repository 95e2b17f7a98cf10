import * as Simulator from "@effect-sinch/voice/Simulator"
import * as Script from "@effect-sinch/voice/SimulatorScript"
import * as Transcript from "@effect-sinch/voice/SimulatorTranscript"
import * as WorkflowEngine from "@effect/workflow/WorkflowEngine"
import { assert, describe, it } from "@effect/vitest"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import * as TestClock from "effect/TestClock"
import * as CallAnswer from "../src/CallAnswer.js"
import * as CallFlow from "../src/CallFlow.js"
import * as CallJournal from "../src/CallJournal.js"
import * as Campaign from "../src/Campaign.js"
import * as CampaignStore from "../src/CampaignStore.js"
import * as Pacer from "../src/Pacer.js"
import { callbackUrl, simulatorOn } from "./utils.js"

// the engine, journal, settings, store and pacer shared by the workflows and the webhooks
const Base = Layer.mergeAll(
  WorkflowEngine.layerMemory,
  CallJournal.layerMemory,
  CallFlow.layerSettings({ callbackUrl }),
  CampaignStore.layerMemory,
  Pacer.layerMemory({ pollInterval: "1 second" })
)

const TestLive = () => Campaign.layer.pipe(Layer.provideMerge(simulatorOn(Base)))

const number = (index: number) => `+4670000${String(1000 + index)}`

const contactsOf = (count: number) =>
  Array.from({ length: count }, (_, index) => ({
    id: `c${index}`,
    phoneNumber: number(index),
    variables: { name: `Person ${index}` }
  }))

const settings = {
  message: "Hello {{name}}, your appointment is tomorrow at ten.",
  machine: CallAnswer.leaveVoicemail("Hello {{name}}, a reminder: your appointment is tomorrow at ten."),
  retry: { maxAttempts: 3, retryDelaySeconds: 60, backoffFactor: 2 },
  callsPerSecond: 2,
  maxLiveCalls: 2
} as const

/** Calls placed to each number so far, counted at the simulator. */
const callsByNumber = Effect.gen(function*() {
  const simulator = yield* Simulator.Simulator
  const counts = new Map<string, number>()
  for (const call of yield* simulator.calls) {
    for (const entry of Transcript.entriesOf(call, "Ringing")) {
      counts.set(entry.number, (counts.get(entry.number) ?? 0) + 1)
    }
  }
  return counts
})

/** Every call the simulator saw. */
const totalCalls = Effect.flatMap(Simulator.Simulator, (simulator) => Effect.map(simulator.calls, (calls) => calls.length))

/** Samples the simulator's live calls every half second; returns the highest seen. */
const sampleLiveCalls = Effect.gen(function*() {
  const simulator = yield* Simulator.Simulator
  let highest = 0
  const sampler = yield* Effect.fork(
    Effect.forever(
      Effect.zipRight(
        Effect.flatMap(simulator.activeCalls, (active) => Effect.sync(() => void (highest = Math.max(highest, active)))),
        Effect.sleep("500 millis")
      )
    )
  )
  return { highest: () => highest, stop: Fiber.interrupt(sampler) }
})

/** Moves the clock on in 10-second steps until the campaign is done or cancelled (at most `limit`). */
const runUntilDone = (campaignId: string, limit: Duration.DurationInput = "2 hours") =>
  Effect.gen(function*() {
    const done = yield* Effect.fork(Campaign.awaitDone(campaignId))
    const steps = Duration.toMillis(limit) / 10_000
    for (let step = 0; step < steps && Option.isNone(yield* Fiber.poll(done)); step++) {
      yield* TestClock.adjust("10 seconds")
    }
    return yield* Fiber.join(done)
  })

describe("Campaign on WorkflowEngine.layerMemory and the simulator", () => {
  it.effect("every contact gets exactly the attempts its policy allows, never more live calls than the cap", () =>
    Effect.gen(function*() {
      yield* Simulator.script(number(1), Script.busy)
      yield* Simulator.script(number(2), Script.neverAnswers)
      yield* Simulator.script(number(3), Script.answeringMachine)
      yield* Simulator.script(number(4), Script.answers, Script.hangsUpAfter("2 seconds"))
      const sampler = yield* sampleLiveCalls
      const started = yield* Campaign.start({ id: "reminders", contacts: contactsOf(8), ...settings })
      assert.deepStrictEqual(started, { campaignId: "reminders", created: true, contacts: 8, added: 8 })
      const progress = yield* runUntilDone("reminders")
      yield* sampler.stop

      const calls = yield* callsByNumber
      assert.deepStrictEqual(
        Array.from({ length: 8 }, (_, index) => calls.get(number(index)) ?? 0),
        [1, 3, 3, 1, 1, 1, 1, 1]
      )
      assert.isAtMost(sampler.highest(), 2)
      assert.strictEqual(sampler.highest(), 2)

      assert.strictEqual(progress.status, "done")
      assert.deepStrictEqual(progress.conclusions, { reached: 5, exhausted: 2, voicemail: 1 })
      assert.strictEqual(progress.attempts, 12)
      assert.deepStrictEqual(progress.dispositions, { human: 5, busy: 3, "no-answer": 3, machine: 1 })

      const results = yield* Campaign.results("reminders")
      assert.deepStrictEqual(
        results.map((row) => [row.contactId, row.attempts, row.conclusion]),
        [
          ["c0", 1, "reached"],
          ["c1", 3, "exhausted"],
          ["c2", 3, "exhausted"],
          ["c3", 1, "voicemail"],
          ["c4", 1, "reached"],
          ["c5", 1, "reached"],
          ["c6", 1, "reached"],
          ["c7", 1, "reached"]
        ]
      )
      // the report's attempts are the simulator's calls
      assert.strictEqual(results.reduce((sum, row) => sum + row.attempts, 0), yield* totalCalls)

      // personalised texts: what the person and the machine heard
      const transcripts = yield* Effect.flatMap(Simulator.Simulator, (simulator) => simulator.calls)
      const heard = (index: number) =>
        transcripts.filter((call) => Transcript.entriesOf(call, "Ringing").some((entry) => entry.number === number(index)))
          .flatMap((call) => Transcript.said(call))
      assert.deepStrictEqual(heard(0), ["Hello Person 0, your appointment is tomorrow at ten."])
      assert.deepStrictEqual(heard(3), ["Hello Person 3, a reminder: your appointment is tomorrow at ten."])
    }).pipe(Effect.provide(TestLive())))
})
