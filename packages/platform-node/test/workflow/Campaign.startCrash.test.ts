/**
 * `Campaign.start` killed part way (SQLite): the runner is SIGKILLed while the contacts' workflows
 * are being started — some are, most are not — and a runner started again on the same file only
 * waits for the campaign (it does not call `start` again). Every contact must still be called,
 * exactly as its policy and its callee allow, counted at the simulator.
 *
 * The kill point is exact: the test takes SQLite's write lock, counts the contact workflows
 * stored so far and, when there are some, kills the runner while still holding the lock (so no
 * more can be stored in between).
 */
import * as SqliteClient from "@effect/sql-sqlite-node/SqliteClient"
import * as SqlClient from "@effect/sql/SqlClient"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Path from "node:path"
import type { Child } from "../utils/processes.js"
import { eventually, freePort } from "../utils/processes.js"
import { assertCampaign, manyContacts } from "./campaignCheck.js"
import { callsTo, farEnd, isCallout, runner, tempDir } from "./harness.js"

const contacts = manyContacts(120)

/** Kills `child` as soon as at least one and not every contact workflow is stored; how many were. */
const killWhileStarting = (filename: string, child: Child) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const countUnderLock = Effect.gen(function*() {
      // the runner's writes wait (busy timeout) while the test holds the write lock
      yield* sql`BEGIN IMMEDIATE`
      const rows = yield* sql<{ started: number }>`SELECT COUNT(DISTINCT entity_id) AS started
        FROM cluster_messages WHERE entity_type = 'Workflow/@effect-sinch/workflow/Campaign/Contact'`
      const started = Number(rows[0]?.started ?? 0)
      if (started > 0) yield* child.kill
      yield* sql`ROLLBACK`
      return started > 0 ? Option.some(started) : Option.none()
    }).pipe(
      // the runner has not created the engine's tables yet
      Effect.catchAll(() => Effect.as(Effect.ignore(sql`ROLLBACK`), Option.none()))
    )
    return yield* eventually("some contact workflows stored", countUnderLock, "60 seconds", [child])
  }).pipe(
    Effect.provide(SqliteClient.layer({ filename }).pipe(Layer.orDie)),
    Effect.scoped
  )

describe("Campaign.start on SQLite, runner killed while starting the contacts", () => {
  it.scopedLive(
    "the contacts not started yet are started after a restart; nobody is called twice",
    () =>
      Effect.gen(function*() {
        const dir = yield* tempDir
        const webhookPort = yield* freePort
        const { proxy, simulator } = yield* farEnd([webhookPort])
        for (const contact of contacts) yield* simulator.script(contact.phoneNumber, ...contact.callee)
        const filename = Path.join(dir, "flows.db")
        const campaign = {
          id: "big-list",
          contacts: contacts.map(({ id, phoneNumber }) => ({ id, phoneNumber })),
          maxAttempts: 3,
          retryDelaySeconds: 1,
          callsPerSecond: 20,
          maxLiveCalls: 20
        }
        const options = {
          sinchUrl: proxy.url,
          webhookPort,
          storage: { _tag: "Sqlite", filename } as const,
          dialTimeoutSeconds: 2,
          maxDurationSeconds: 5
        }

        const first = yield* runner({ name: "first", ...options, campaign })
        yield* first.waitFor("ready", (line) => line.event === "ready", "60 seconds")
        const startedBeforeKill = yield* killWhileStarting(filename, first)
        assert.isBelow(startedBeforeKill, contacts.length, "killed while starting the contacts")

        // the restarted runner does not call `start`: only the engine can start the rest
        const second = yield* runner({ name: "second", ...options, campaign: { ...campaign, join: true } })
        const done = yield* second.waitFor("the campaign done", (line) => line.event === "campaign-done", "150 seconds")
        const calls = yield* simulator.calls

        assertCampaign(done, (phoneNumber) => callsTo(calls, phoneNumber).length, contacts)
        assert.strictEqual(yield* proxy.count(isCallout), calls.length, "every callout sent is a call at the far end")
      }),
    240_000
  )
})
