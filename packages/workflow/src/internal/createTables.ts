import type * as SqlClient from "@effect/sql/SqlClient"
import type * as SqlError from "@effect/sql/SqlError"
import * as Effect from "effect/Effect"

// one key for all of the package's tables (an arbitrary constant, "esw" + "tables")
const lockKey = 6_573_677_401

/**
 * Runs `CREATE TABLE / INDEX IF NOT EXISTS` statements so that instances starting at once do not
 * fail: on Postgres two concurrent creations of one table clash on the catalog (`pg_type` unique
 * violation, or 42P07), so they run in a transaction holding an advisory lock, one instance after
 * the other (the lock ends with the transaction). Other databases run them as they are (SQLite
 * serialises writers itself).
 */
export const createTables = <R>(
  sql: SqlClient.SqlClient,
  statements: ReadonlyArray<Effect.Effect<unknown, SqlError.SqlError, R>>
): Effect.Effect<void, SqlError.SqlError, R> => {
  const all = Effect.all(statements, { discard: true })
  return sql.onDialectOrElse({
    pg: () => sql.withTransaction(Effect.zipRight(sql.unsafe(`SELECT pg_advisory_xact_lock(${lockKey})`), all)),
    orElse: () => all
  })
}
