/**
 * Several instances starting at once on a fresh Postgres database all create the package's tables
 * (journal, campaign store, pacer) without failing: Postgres refuses one of two concurrent
 * `CREATE TABLE IF NOT EXISTS` of one table (a unique violation on `pg_type`), so the creation
 * runs under a transaction-scoped advisory lock.
 */
import * as PgClient from "@effect/sql-pg/PgClient"
import * as SqlClient from "@effect/sql/SqlClient"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Postgres from "../../platform-node/test/utils/postgres.js"
import * as CallJournal from "../src/CallJournal.js"
import * as CampaignStore from "../src/CampaignStore.js"
import * as Pacer from "../src/Pacer.js"

const instances = 6
const rounds = 3

const tables = [
  "effect_sinch_call_attempts",
  "esw_campaigns",
  "esw_campaign_contacts",
  "esw_campaign_attempts",
  "esw_pacer_campaigns",
  "esw_pacer_leases"
]

/** One instance's start: its own connection pool, the three stores. */
const boot = (url: Postgres.Postgres["url"]) =>
  Layer.build(
    Layer.mergeAll(CallJournal.layerSql(), CampaignStore.layerSql, Pacer.layerSql()).pipe(
      Layer.provide(PgClient.layer({ url, maxConnections: 2 }))
    )
  ).pipe(Effect.scoped, Effect.exit)

describe.runIf(Postgres.available)("the package's tables on a fresh Postgres", () => {
  it.scopedLive(`${instances} instances starting at once all succeed`, () =>
    Effect.gen(function*() {
      const server = yield* Postgres.start
      const admin = yield* Layer.build(PgClient.layer({ url: server.url, maxConnections: 1 }))
      const sql = (yield* Effect.provide(SqlClient.SqlClient, admin)).withoutTransforms()
      for (let round = 0; round < rounds; round++) {
        yield* sql.unsafe(`DROP TABLE IF EXISTS ${tables.join(", ")}`)
        const exits = yield* Effect.all(Array.from({ length: instances }, () => boot(server.url)), {
          concurrency: "unbounded"
        })
        const failures = exits.filter(Exit.isFailure).map((exit) => String(exit.cause).slice(0, 300))
        assert.deepStrictEqual(failures, [], `round ${round}`)
      }
      const present = yield* sql<{ table_name: string }>`SELECT table_name FROM information_schema.tables
        WHERE table_name IN ${sql.in(tables)}`
      assert.deepStrictEqual(present.map((row) => row.table_name).sort(), [...tables].sort())
    }), 120_000)
})
