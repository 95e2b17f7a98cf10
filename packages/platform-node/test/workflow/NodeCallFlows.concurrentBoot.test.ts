/**
 * Runners (and a client-only process) starting at the same instant on a fresh Postgres database all
 * start: each builds `NodeCallFlows.layerPostgres` in this process with its own connection pool, at
 * once, so they race to create the cluster's tables and the workflow package's tables. Repeated on
 * a fresh database per round.
 */
import * as NodeCallFlows from "@effect-sinch/platform-node/NodeCallFlows"
import * as PgClient from "@effect/sql-pg/PgClient"
import * as SqlClient from "@effect/sql/SqlClient"
import { assert, describe, it } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Postgres from "../utils/postgres.js"
import { freePorts } from "../utils/processes.js"

// the driver's message names what clashed (a SqlError's own message does not)
const describeFailure = (cause: Cause.Cause<unknown>): string => {
  const error = Cause.squash(cause)
  if (!(error instanceof Error)) return Cause.pretty(cause).slice(0, 400)
  const driver = error.cause instanceof Error ? error.cause.message : String(error.cause)
  return `${error.message}: ${driver}`.slice(0, 400)
}

const runners = 4
const rounds = 3

describe.runIf(Postgres.available)("NodeCallFlows on a fresh Postgres database", () => {
  it.scopedLive(
    `${runners} runners and a client-only process starting at once all start`,
    () =>
      Effect.gen(function*() {
        const server = yield* Postgres.start
        const admin = yield* Layer.build(PgClient.layer({ url: server.url, maxConnections: 1 }))
        const sql = yield* Effect.provide(SqlClient.SqlClient, admin)
        for (let round = 0; round < rounds; round++) {
          const database = `boot_${round}`
          yield* sql.unsafe(`CREATE DATABASE ${database}`)
          const url = Redacted.make(`postgres://${server.username}@${server.host}:${server.port}/${database}`)
          const ports = yield* freePorts(runners)
          const layers = [
            ...ports.map((port) =>
              NodeCallFlows.layerPostgres({ url, maxConnections: 3, runnerAddress: { host: "127.0.0.1", port } })
            ),
            NodeCallFlows.layerPostgresClientOnly({ url, maxConnections: 3 })
          ]
          const exits = yield* Effect.all(
            layers.map((layer) => Effect.exit(Effect.scoped(Layer.build(layer)))),
            { concurrency: "unbounded" }
          )
          const failures = exits.filter(Exit.isFailure).map((exit) => describeFailure(exit.cause))
          assert.deepStrictEqual(failures, [], `round ${round}`)
        }
      }),
    180_000
  )
})
