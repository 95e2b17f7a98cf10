import * as CampaignStore from "@effect-sinch/workflow/CampaignStore"
import * as Contacts from "@effect-sinch/workflow/Contacts"
import * as SqliteClient from "@effect/sql-sqlite-node/SqliteClient"
import { assert, describe, it, layer } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Postgres from "../../platform-node/test/utils/postgres.js"

const contacts = Either.getOrThrow(Contacts.fromCsv([
  "id,phone,timeZone,name",
  "a,+46700000001,Europe/Stockholm,Anna",
  "b,+46700000002,,Bo",
  "c,+46700000003,,Cleo",
  "d,+46700000004,,Dan"
].join("\n")))

/** A campaign's whole life in the store; returns everything a user reads back. */
const scenario = Effect.gen(function*() {
  const store = yield* CampaignStore.CampaignStore
  const definition = JSON.stringify({ message: "hello" })
  const created = yield* store.create("spring", definition, 1_000)
  const again = yield* store.create("spring", definition, 2_000)
  const conflict = yield* Effect.flip(store.create("spring", JSON.stringify({ message: "other" }), 2_000))
  const added = yield* store.addContacts("spring", contacts)
  const doneBeforeSeal = yield* store.completeIfDone("spring", 2_500)
  const addedAgain = yield* store.addContacts("spring", contacts.slice(2))
  const listed = yield* store.contacts("spring")

  const paused = yield* store.transition("spring", ["running"], "paused", 3_000)
  const pausedTwice = yield* store.transition("spring", ["running"], "paused", 3_001)
  const resumed = yield* store.transition("spring", ["paused"], "running", 4_000)

  // a: busy, then answered; b: no answer twice (the second recorded twice, as an activity re-run does)
  yield* store.recordAttempt(
    "spring",
    new CampaignStore.AttemptRecord({ contactId: "a", attempt: 1, disposition: "busy", callId: "call-a1", at: 5_000 })
  )
  yield* store.recordAttempt(
    "spring",
    new CampaignStore.AttemptRecord({ contactId: "a", attempt: 2, disposition: "human", callId: "call-a2", at: 6_000 })
  )
  yield* store.conclude("spring", "a", "reached", 6_500)
  yield* store.recordAttempt(
    "spring",
    new CampaignStore.AttemptRecord({
      contactId: "b",
      attempt: 1,
      disposition: "no-answer",
      callId: "call-b1",
      at: 5_100
    })
  )
  yield* store.recordAttempt(
    "spring",
    new CampaignStore.AttemptRecord({
      contactId: "b",
      attempt: 2,
      disposition: "no-answer",
      callId: "call-b2",
      at: 7_000
    })
  )
  yield* store.recordAttempt(
    "spring",
    new CampaignStore.AttemptRecord({
      contactId: "b",
      attempt: 2,
      disposition: "no-answer",
      callId: "call-b2",
      at: 7_000
    })
  )
  // c: one attempt in progress (a late record of attempt 1 must not undo it)
  yield* store.recordAttempt(
    "spring",
    new CampaignStore.AttemptRecord({ contactId: "c", attempt: 2, disposition: "failed", at: 7_100 })
  )
  yield* store.recordAttempt(
    "spring",
    new CampaignStore.AttemptRecord({ contactId: "c", attempt: 1, disposition: "busy", callId: "call-c1", at: 5_200 })
  )
  const during = yield* store.progress("spring")

  yield* store.seal("spring")
  const doneTooEarly = yield* store.completeIfDone("spring", 7_400)
  yield* store.conclude("spring", "b", "exhausted", 7_500)
  yield* store.conclude("spring", "b", "reached", 7_600) // the first conclusion stays
  const cancelled = yield* store.transition("spring", ["running", "paused"], "cancelled", 8_000)
  const resumeCancelled = yield* store.transition("spring", ["paused"], "running", 8_001)
  yield* store.conclude("spring", "c", "cancelled", 8_100)
  yield* store.conclude("spring", "d", "cancelled", 8_100)

  const unknown = yield* Effect.flip(store.progress("autumn"))
  return {
    created,
    again,
    conflict: conflict._tag,
    added,
    addedAgain,
    listed: listed.map((contact) => [contact.id, contact.timeZone, contact.variables]),
    transitions: [paused, pausedTwice, resumed, cancelled, resumeCancelled],
    during,
    after: yield* store.progress("spring"),
    results: yield* store.results("spring"),
    attempts: yield* store.attempts("spring"),
    record: yield* store.get("spring"),
    unknown: unknown._tag,
    completions: [doneBeforeSeal, doneTooEarly, yield* completeSecond]
  }
})

// a second campaign that ends normally: done once sealed and every contact concluded
const completeSecond = Effect.gen(function*() {
  const store = yield* CampaignStore.CampaignStore
  yield* store.create("summer", "{}", 0)
  yield* store.addContacts("summer", contacts.slice(0, 1))
  yield* store.conclude("summer", "a", "voicemail", 1)
  const beforeSeal = yield* store.completeIfDone("summer", 2)
  yield* store.seal("summer")
  const done = yield* store.completeIfDone("summer", 3)
  const status = (yield* store.get("summer")).status
  return [beforeSeal, done, status] as const
})

describe("CampaignStore", () => {
  it.effect("memory and SQL report the same campaign alike", () =>
    Effect.gen(function*() {
      const memory = yield* Effect.provide(scenario, CampaignStore.layerMemory)
      const sql = yield* Effect.provide(
        scenario,
        CampaignStore.layerSql.pipe(Layer.provide(SqliteClient.layer({ filename: ":memory:" })))
      )
      assert.deepStrictEqual(sql, memory)

      assert.strictEqual(memory.created, "created")
      assert.strictEqual(memory.again, "exists")
      assert.strictEqual(memory.conflict, "CampaignRefused")
      assert.strictEqual(memory.added, 4)
      assert.strictEqual(memory.addedAgain, 0)
      assert.deepStrictEqual(memory.listed[0], ["a", "Europe/Stockholm", { name: "Anna" }])
      assert.deepStrictEqual(memory.transitions, [true, false, true, true, false])
      assert.deepStrictEqual(
        [memory.during.pending, memory.during.inProgress, memory.during.concluded, memory.during.attempts],
        [1, 2, 1, 6]
      )
      assert.deepStrictEqual(memory.during.dispositions, { busy: 2, human: 1, "no-answer": 2, failed: 1 })
      assert.deepStrictEqual(memory.after.conclusions, { reached: 1, exhausted: 1, cancelled: 2 })
      assert.strictEqual(memory.after.status, "cancelled")
      assert.deepStrictEqual(
        memory.results.map((row) => [row.contactId, row.attempts, row.lastDisposition, row.lastCallId, row.conclusion]),
        [
          ["a", 2, "human", "call-a2", "reached"],
          ["b", 2, "no-answer", "call-b2", "exhausted"],
          ["c", 2, "failed", undefined, "cancelled"],
          ["d", 0, undefined, undefined, "cancelled"]
        ]
      )
      assert.strictEqual(memory.attempts.length, 6)
      assert.strictEqual(memory.unknown, "CampaignNotFound")
      assert.deepStrictEqual(memory.completions, [false, false, [false, true, "done"]])
    }))
})

describe.runIf(Postgres.available)("CampaignStore.layerSql (Postgres)", () => {
  layer(Postgres.layer, { timeout: "60 seconds", excludeTestServices: true })((it) => {
    it.effect("reports the same campaign as the memory store", () =>
      Effect.gen(function*() {
        const memory = yield* Effect.provide(scenario, CampaignStore.layerMemory)
        const postgres = yield* Effect.provide(scenario, CampaignStore.layerSql)
        assert.deepStrictEqual(postgres, memory)
      }))
  })
})
