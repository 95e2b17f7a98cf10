/**
 * `Campaign.start` killed part way on Postgres: runner `a`, alone on the database, starts the
 * campaign and is SIGKILLed while some contact workflows are stored and most are not; runner `b`,
 * another process that never calls `start`, must take the launch (the workflow starting the
 * contacts' workflows) over from the database: every contact called exactly as its policy and its
 * callee allow, counted at the simulator. (`b` starts after the kill so that the launch surely
 * runs on `a`; which runner holds a shard is not visible from outside.)
 *
 * The kill point is exact: the test locks the engine's message table against writes, counts the
 * contact workflows stored so far and, when there are some, kills `a` before releasing the lock.
 */
import * as PgClient from "@effect/sql-pg/PgClient"
import * as SqlClient from "@effect/sql/SqlClient"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as FarEnd from "../utils/farEnd.js"
import * as Postgres from "../utils/postgres.js"
import type { Child } from "../utils/processes.js"
import { eventually, freePorts } from "../utils/processes.js"
import { assertCampaign, manyContacts } from "./campaignCheck.js"
import { callsTo, farEnd, isCallout, runner, webhookPath } from "./harness.js"

const contacts = manyContacts(120)

/** Kills `child` once at least one contact workflow is stored; how many were. */
const killWhileStarting = (url: Redacted.Redacted<string>, child: Child) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const underLock = sql.withTransaction(Effect.gen(function*() {
      // the runner's inserts of messages wait while the test holds this lock (reads go on)
      yield* sql`LOCK TABLE cluster_messages IN EXCLUSIVE MODE`
      const rows = yield* sql<{ n: string }>`SELECT COUNT(DISTINCT entity_id) AS n FROM cluster_messages
        WHERE entity_type = 'Workflow/@effect-sinch/workflow/Campaign/Contact'`
      const started = Number(rows[0]?.n ?? 0)
      if (started === 0) return Option.none()
      yield* child.kill
      return Option.some(started)
    })).pipe(
      // the runner has not created the engine's tables yet
      Effect.orElseSucceed(() => Option.none())
    )
    return yield* eventually("some contact workflows stored", underLock, "60 seconds", [child])
  }).pipe(
    Effect.provide(PgClient.layer({ url, maxConnections: 1 }).pipe(Layer.orDie)),
    Effect.scoped
  )

describe("Campaign.start on Postgres, the runner killed while starting the contacts", () => {
  it.scopedLive.skipIf(!Postgres.available)(
    "another runner starts the rest; nobody is called twice",
    () =>
      Effect.gen(function*() {
        const postgres = yield* Postgres.start
        const [webhookA, webhookB, portA, portB] = yield* freePorts(4)
        const { proxy, simulator } = yield* farEnd([webhookA, webhookB])
        for (const contact of contacts) yield* simulator.script(contact.phoneNumber, ...contact.callee)
        // the ACE reaches whichever runner is alive (see Campaign.postgresFailover)
        const balancer = yield* FarEnd.make({
          target: `http://127.0.0.1:${webhookA}`,
          fallbacks: [`http://127.0.0.1:${webhookB}`]
        })
        const campaign = {
          id: "big-list",
          contacts: contacts.map(({ id, phoneNumber }) => ({ id, phoneNumber })),
          maxAttempts: 3,
          retryDelaySeconds: 1,
          callsPerSecond: 20,
          maxLiveCalls: 20
        }
        const common = {
          sinchUrl: proxy.url,
          callbackUrl: `${balancer.url}${webhookPath}`,
          dialTimeoutSeconds: 2,
          maxDurationSeconds: 5
        }
        const storage = (runnerPort: number) =>
          ({ _tag: "Postgres", url: Redacted.value(postgres.url), runnerPort }) as const

        const a = yield* runner({ name: "a", ...common, webhookPort: webhookA, storage: storage(portA), campaign })
        const started = yield* killWhileStarting(postgres.url, a)
        assert.isBelow(started, contacts.length, "killed while starting the contacts")

        const b = yield* runner({
          name: "b",
          ...common,
          webhookPort: webhookB,
          storage: storage(portB),
          campaign: { ...campaign, join: true }
        })
        const done = yield* b.waitFor("the campaign done on b", (line) => line.event === "campaign-done", "150 seconds")
        const calls = yield* simulator.calls
        assertCampaign(done, (phoneNumber) => callsTo(calls, phoneNumber).length, contacts)
        assert.strictEqual(yield* proxy.count(isCallout), calls.length, "every callout sent is a call at the far end")
      }),
    240_000
  )
})
