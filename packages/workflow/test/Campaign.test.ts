import * as Simulator from "@effect-sinch/voice/Simulator"
import * as Script from "@effect-sinch/voice/SimulatorScript"
import * as Transcript from "@effect-sinch/voice/SimulatorTranscript"
import { assert, describe, it } from "@effect/vitest"
import * as WorkflowEngine from "@effect/workflow/WorkflowEngine"
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
import * as CampaignError from "../src/CampaignError.js"
import * as CampaignStore from "../src/CampaignStore.js"
import * as Pacer from "../src/Pacer.js"
import * as WorkflowError from "../src/WorkflowError.js"
import { callbackUrl, simulatorOn } from "./utils.js"

// the engine, journal, settings, store and pacer shared by the workflows and the webhooks
const BaseWith = (
  store: Layer.Layer<CampaignStore.CampaignStore>,
  journal: Layer.Layer<CallJournal.CallJournal> = CallJournal.layerMemory
) =>
  Layer.mergeAll(
    WorkflowEngine.layerMemory,
    journal,
    CallFlow.layerSettings({ callbackUrl }),
    store,
    Pacer.layerMemory({ pollInterval: "1 second" })
  )

const TestLive = (
  store: Layer.Layer<CampaignStore.CampaignStore> = CampaignStore.layerMemory,
  journal?: Layer.Layer<CallJournal.CallJournal>
) => Campaign.layer.pipe(Layer.provideMerge(simulatorOn(BaseWith(store, journal))))

/** The memory journal, refusing (for good) every intent to call `destination`. */
const JournalRefusing = (destination: string) =>
  Layer.effect(
    CallJournal.CallJournal,
    Effect.map(Effect.provide(CallJournal.CallJournal, CallJournal.layerMemory), (journal) => ({
      ...journal,
      intend: (key: string, intent: CallJournal.Intent) =>
        intent.destination === destination
          ? Effect.fail(new WorkflowError.JournalError({ operation: "intend", reason: "the disk is full" }))
          : journal.intend(key, intent)
    }))
  )

/** The memory store, whose contact list cannot be read the first `failures` times. */
const StoreWithOutage = (failures: number) =>
  Layer.effect(
    CampaignStore.CampaignStore,
    Effect.gen(function*() {
      const store = yield* CampaignStore.CampaignStore
      let left = failures
      return {
        ...store,
        contacts: (campaignId: string) =>
          left-- > 0
            ? new CampaignError.CampaignStorageError({ operation: "contacts", reason: "database unavailable" })
            : store.contacts(campaignId)
      }
    })
  ).pipe(Layer.provide(CampaignStore.layerMemory))

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
    // the callee's leg (the caller's leg rings "private")
    for (const entry of Transcript.entriesOf(call, "Ringing")) {
      if (entry.number !== "private") counts.set(entry.number, (counts.get(entry.number) ?? 0) + 1)
    }
  }
  return counts
})

/** Every call the simulator saw. */
const totalCalls = Effect.flatMap(
  Simulator.Simulator,
  (simulator) => Effect.map(simulator.calls, (calls) => calls.length)
)

/** Samples the simulator's live calls every half second; returns the highest seen. */
const sampleLiveCalls = Effect.gen(function*() {
  const simulator = yield* Simulator.Simulator
  let highest = 0
  const sampler = yield* Effect.fork(
    Effect.forever(
      Effect.zipRight(
        Effect.flatMap(
          simulator.activeCalls,
          (active) => Effect.sync(() => void (highest = Math.max(highest, active)))
        ),
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

      // every callee behaviour, attempt by attempt, as the journal recorded it
      const journal = yield* (yield* CallJournal.CallJournal).listByCampaign("reminders")
      const attemptsOf = (contactId: string) =>
        journal.filter((row) => row.contactId === contactId).sort((a, b) => a.intendedAt - b.intendedAt)
      const outcomesOf = (contactId: string) =>
        attemptsOf(contactId).map((row) => [row.outcome?.disposition, row.outcome?.result, row.outcome?.reason])
      // answers: reached at once; the app hangs up once the message is said
      assert.deepStrictEqual(outcomesOf("c0"), [["human", "ANSWERED", "MANAGERHANGUP"]])
      // busy and no answer: three attempts, after the retry delay and its backoff (60 s, then 120 s)
      assert.deepStrictEqual(outcomesOf("c1"), Array(3).fill(["busy", "BUSY", "N/A"]))
      assert.deepStrictEqual(outcomesOf("c2"), Array(3).fill(["no-answer", "NOANSWER", "TIMEOUT"]))
      for (const contactId of ["c1", "c2"]) {
        const rows = attemptsOf(contactId)
        // each retry waits its delay after the previous attempt has ended (ringing included)
        const endOf = (index: number) => rows[index]!.intendedAt + (rows[index]!.outcome?.durationSeconds ?? 0) * 1000
        assert.isAtLeast(rows[1]!.intendedAt - endOf(0), 60_000, contactId)
        assert.isAtLeast(rows[2]!.intendedAt - endOf(1), 120_000, contactId)
      }
      // an answering machine: detected, the voicemail left (heard below), not called again
      assert.deepStrictEqual(outcomesOf("c3"), [["machine", "ANSWERED", "MANAGERHANGUP"]])
      assert.strictEqual(attemptsOf("c3")[0]!.outcome?.amd?.status, "machine")
      // hangs up mid-message: 2 s into a message that takes 4 s to say; reached, never called again
      assert.deepStrictEqual(outcomesOf("c4"), [["human", "ANSWERED", "CALLEEHANGUP"]])
      assert.strictEqual(attemptsOf("c4")[0]!.outcome?.durationSeconds, 2)
      // personalised texts: what the person and the machine heard
      const transcripts = yield* Effect.flatMap(Simulator.Simulator, (simulator) => simulator.calls)
      const heard = (index: number) =>
        transcripts.filter((call) =>
          Transcript.entriesOf(call, "Ringing").some((entry) => entry.number === number(index))
        )
          .flatMap((call) => Transcript.said(call))
      assert.deepStrictEqual(heard(0), ["Hello Person 0, your appointment is tomorrow at ten."])
      assert.deepStrictEqual(heard(3), ["Hello Person 3, a reminder: your appointment is tomorrow at ten."])
      // the message c4 hung up on had started: cut short, not skipped
      assert.deepStrictEqual(heard(4), ["Hello Person 4, your appointment is tomorrow at ten."])
    }).pipe(Effect.provide(TestLive())))

  it.effect("pause stops new calls, resume goes on, and the campaign still ends", () =>
    Effect.gen(function*() {
      const pacing = { ...settings, callsPerSecond: 1, maxLiveCalls: 1, statusCheckInterval: "2 minutes" } as const
      yield* Campaign.start({ id: "paused", contacts: contactsOf(6), ...pacing })
      yield* TestClock.adjust("1500 millis")
      const before = yield* totalCalls
      assert.isAtLeast(before, 1)
      assert.strictEqual(yield* Campaign.pause("paused"), "paused")
      assert.strictEqual(yield* Campaign.pause("paused"), "paused")
      for (let step = 0; step < 60; step++) yield* TestClock.adjust("10 seconds")
      assert.strictEqual(yield* totalCalls, before)
      const whilePaused = yield* Campaign.progress("paused")
      assert.strictEqual(whilePaused.status, "paused")
      assert.strictEqual(whilePaused.concluded, before)

      assert.strictEqual(yield* Campaign.resume("paused"), "running")
      const progress = yield* runUntilDone("paused")
      assert.strictEqual(progress.status, "done")
      assert.strictEqual(yield* totalCalls, 6)
      assert.deepStrictEqual(progress.conclusions, { reached: 6 })
    }).pipe(Effect.provide(TestLive())))

  it.effect("cancel ends the campaign: no new calls, the rest concluded cancelled", () =>
    Effect.gen(function*() {
      yield* Simulator.script(number(0), Script.busy)
      const pacing = { ...settings, callsPerSecond: 1, maxLiveCalls: 1 } as const
      yield* Campaign.start({ id: "cancelled", contacts: contactsOf(5), ...pacing })
      yield* TestClock.adjust("1500 millis")
      const before = yield* totalCalls
      assert.strictEqual(yield* Campaign.cancel("cancelled"), "cancelled")
      const progress = yield* runUntilDone("cancelled")
      assert.strictEqual(progress.status, "cancelled")
      // contact 0 was busy and waits for its retry: it notices the cancel when the wait ends
      for (let step = 0; step < 30; step++) yield* TestClock.adjust("10 seconds")
      assert.strictEqual(yield* totalCalls, before)
      const after = yield* Campaign.progress("cancelled")
      assert.strictEqual(after.concluded, 5)
      assert.strictEqual(after.conclusions.cancelled, 5 - (after.conclusions.reached ?? 0))
      const refused = yield* Effect.flip(Campaign.resume("cancelled"))
      assert.strictEqual(refused._tag, "CampaignRefused")
      assert.include(refused.message, "cannot resume a campaign that is cancelled")
    }).pipe(Effect.provide(TestLive())))

  it.effect("a contact whose workflow fails for good is concluded failed; the campaign still ends", () =>
    Effect.gen(function*() {
      yield* Campaign.start({ id: "failing", contacts: contactsOf(3), ...settings })
      const progress = yield* runUntilDone("failing")
      assert.strictEqual(progress.status, "done")
      assert.deepStrictEqual(progress.conclusions, { reached: 2, failed: 1 })
      const calls = yield* callsByNumber
      assert.strictEqual(calls.get(number(1)), undefined, "no call without a journaled intent")
      const results = yield* Campaign.results("failing")
      assert.deepStrictEqual(results.map((row) => [row.contactId, row.conclusion]), [
        ["c0", "reached"],
        ["c1", "failed"],
        ["c2", "reached"]
      ])
    }).pipe(Effect.provide(TestLive(CampaignStore.layerMemory, JournalRefusing(number(1))))))

  it.effect("starting the same campaign twice places no extra call", () =>
    Effect.gen(function*() {
      yield* Simulator.script(number(1), Script.neverAnswers)
      const first = yield* Campaign.start({ id: "twice", contacts: contactsOf(4), ...settings })
      yield* TestClock.adjust("3 seconds")
      // again while running (another instance, a retried deploy script), and again once done
      const second = yield* Campaign.start({ id: "twice", contacts: contactsOf(4), ...settings })
      yield* runUntilDone("twice")
      const third = yield* Campaign.start({ id: "twice", contacts: Stream.fromIterable(contactsOf(4)), ...settings })
      for (let step = 0; step < 30; step++) yield* TestClock.adjust("10 seconds")
      assert.deepStrictEqual([first.created, second.created, third.created], [true, false, false])
      assert.deepStrictEqual([first.added, second.added, third.added], [4, 0, 0])
      const calls = yield* callsByNumber
      assert.deepStrictEqual([0, 1, 2, 3].map((index) => calls.get(number(index))), [1, 3, 1, 1])
      assert.strictEqual((yield* Campaign.progress("twice")).attempts, 6)

      // one more contact later: only that one is called, and the campaign is done again
      const fourth = yield* Campaign.start({ id: "twice", contacts: contactsOf(5), ...settings })
      assert.deepStrictEqual([fourth.created, fourth.added], [false, 1])
      assert.strictEqual((yield* Campaign.progress("twice")).status, "running")
      assert.strictEqual((yield* runUntilDone("twice")).status, "done")
      const later = yield* callsByNumber
      assert.deepStrictEqual([0, 1, 2, 3, 4].map((index) => later.get(number(index))), [1, 3, 1, 1, 1])

      const other = yield* Effect.flip(
        Campaign.start({ id: "twice", contacts: contactsOf(4), ...settings, maxLiveCalls: 3 })
      )
      assert.strictEqual(other._tag, "CampaignRefused")
    }).pipe(Effect.provide(TestLive())))

  it.effect("a Stream that fails part way: the contacts read before the failure are still called", () =>
    Effect.gen(function*() {
      // e.g. a database cursor that breaks after two rows
      const contacts = Stream.concat(Stream.fromIterable(contactsOf(2)), Stream.fail("connection reset" as const))
      const failed = yield* Effect.flip(Campaign.start({ id: "cut", contacts, ...settings }))
      assert.strictEqual(failed, "connection reset")
      for (let step = 0; step < 30; step++) yield* TestClock.adjust("10 seconds")
      const calls = yield* callsByNumber
      assert.deepStrictEqual([0, 1].map((index) => calls.get(number(index))), [1, 1])
      const progress = yield* Campaign.progress("cut")
      assert.strictEqual(progress.contacts, 2)
      assert.deepStrictEqual(progress.conclusions, { reached: 2 })
      // the list is incomplete: the campaign is done only after a start that reads it to the end
      assert.strictEqual(progress.status, "running")
      yield* Campaign.start({ id: "cut", contacts: Stream.fromIterable(contactsOf(3)), ...settings })
      assert.strictEqual((yield* runUntilDone("cut")).status, "done")
      const after = yield* callsByNumber
      assert.deepStrictEqual([0, 1, 2].map((index) => after.get(number(index))), [1, 1, 1])
    }).pipe(Effect.provide(TestLive())))

  it.effect("starting the contacts waits out a storage outage: every contact is still called once", () =>
    Effect.gen(function*() {
      // the launch's own quick tries (6) and then its slower ones: the outage outlasts the first
      yield* Campaign.start({ id: "outage", contacts: contactsOf(3), ...settings })
      const progress = yield* runUntilDone("outage")
      assert.strictEqual(progress.status, "done")
      assert.deepStrictEqual(progress.conclusions, { reached: 3 })
      const calls = yield* callsByNumber
      assert.deepStrictEqual([0, 1, 2].map((index) => calls.get(number(index))), [1, 1, 1])
    }).pipe(Effect.provide(TestLive(StoreWithOutage(10)))))

  it.effect("calls only inside the contact's calling window", () =>
    Effect.gen(function*() {
      // the test clock starts at 1970-01-01T00:00Z, a Thursday
      const contacts = [
        { id: "utc", phoneNumber: number(0) },
        { id: "tokyo", phoneNumber: number(1), timeZone: "Asia/Tokyo" } // already 09:00 there
      ]
      yield* Campaign.start({
        id: "windowed",
        contacts,
        ...settings,
        windows: [{ days: ["thu", "fri"], start: "09:00", end: "20:00" }]
      })
      yield* TestClock.adjust("1 minute")
      assert.deepStrictEqual(Array.from((yield* callsByNumber).keys()), [number(1)])
      yield* TestClock.adjust("8 hours")
      assert.strictEqual((yield* callsByNumber).get(number(0)), undefined)
      yield* TestClock.adjust("1 hour")
      assert.strictEqual((yield* callsByNumber).get(number(0)), 1)
      const progress = yield* runUntilDone("windowed")
      assert.deepStrictEqual(progress.conclusions, { reached: 2 })
    }).pipe(Effect.provide(TestLive())))

  it.effect("contacts from a Stream; bad settings and bad contacts are refused before any call", () =>
    Effect.gen(function*() {
      const started = yield* Campaign.start({
        id: "streamed",
        contacts: Stream.fromIterable(contactsOf(3)).pipe(Stream.rechunk(1)),
        ...settings
      })
      assert.strictEqual(started.added, 3)
      assert.deepStrictEqual((yield* runUntilDone("streamed")).conclusions, { reached: 3 })

      const badWindow = yield* Effect.flip(Campaign.start({
        id: "bad-window",
        contacts: contactsOf(1),
        ...settings,
        windows: [{ days: ["mon"], start: "9", end: "17:00" }]
      }))
      assert.strictEqual(badWindow._tag, "InvalidCampaign")
      const badId = yield* Effect.flip(Campaign.start({ id: "a/b", contacts: contactsOf(1), ...settings }))
      assert.strictEqual(badId._tag, "InvalidCampaign")
      const badPace = yield* Effect.flip(
        Campaign.start({ id: "bad-pace", contacts: contactsOf(1), ...settings, callsPerSecond: -1 })
      )
      assert.strictEqual(badPace._tag, "InvalidCampaign")
      const badContacts = yield* Effect.flip(
        Campaign.start({ id: "bad-contacts", contacts: [{ phoneNumber: "12345" }], ...settings })
      )
      assert.strictEqual(badContacts._tag, "InvalidContacts")
      // refused whole: not even stored
      assert.strictEqual((yield* Effect.flip(Campaign.progress("bad-contacts")))._tag, "CampaignNotFound")
      assert.strictEqual(yield* totalCalls, 3)
    }).pipe(Effect.provide(TestLive())))
})
