/**
 * Counts the SQL statements a process sends, at the drivers: `better-sqlite3`'s statement methods
 * (under `@effect/sql-sqlite-node`) and `pg`'s `Client#query` (under `@effect/sql-pg`), wrapped when
 * this module loads, before any connection exists. Counting at the driver sees every statement:
 * `@effect/cluster`'s message and runner storage run theirs with the tracer disabled, so `sql.execute`
 * spans would miss them.
 *
 * A *commit* is what makes the database write its log: a `COMMIT`, or a writing statement outside
 * a transaction (each one is its own transaction).
 */
import { createRequire } from "node:module"

export interface Counts {
  /** Every statement run, transaction control (BEGIN, COMMIT, SAVEPOINT, …) excepted. */
  readonly statements: number
  /** Of these, statements that write (INSERT, UPDATE, DELETE, …, or a WITH that does). */
  readonly writes: number
  /** Transactions begun (`BEGIN`). */
  readonly transactions: number
  /** `COMMIT`s plus writing statements outside a transaction. */
  readonly commits: number
}

const counts = { statements: 0, writes: 0, transactions: 0, commits: 0 }

/** The counts so far. */
export const snapshot = (): Counts => ({ ...counts })

export const difference = (after: Counts, before: Counts): Counts => ({
  statements: after.statements - before.statements,
  writes: after.writes - before.writes,
  transactions: after.transactions - before.transactions,
  commits: after.commits - before.commits
})

const control = new Set(["BEGIN", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE"])
const writing = /^\s*(INSERT|UPDATE|DELETE|REPLACE|MERGE|CREATE|ALTER|DROP)\b/i
const writingWith = /^\s*WITH\b[\s\S]*\b(INSERT|UPDATE|DELETE)\b/i

/** Counts one statement; `inTransaction` as it was before the statement ran. */
const count = (text: string, inTransaction: boolean): void => {
  const keyword = /^\s*([A-Za-z]+)/.exec(text)?.[1]?.toUpperCase() ?? ""
  if (control.has(keyword)) {
    if (keyword === "BEGIN") counts.transactions++
    if (keyword === "COMMIT" || keyword === "END") counts.commits++
    return
  }
  counts.statements++
  if (writing.test(text) || writingWith.test(text)) {
    counts.writes++
    if (!inTransaction) counts.commits++
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  (typeof value === "object" || typeof value === "function") && value !== null

/** Replaces `target[name]` (a method) by one that calls `before(this, args)` first. */
const wrap = (target: unknown, name: string, before: (self: unknown, args: ReadonlyArray<unknown>) => void) => {
  if (!isRecord(target)) return
  const original = target[name]
  if (typeof original !== "function") return
  target[name] = function(this: unknown, ...args: Array<unknown>) {
    before(this, args)
    return Reflect.apply(original, this, args)
  }
}

// the drivers, as the @effect/sql packages load them (the same module instances)
const requireFrom = (specifier: string) => createRequire(import.meta.resolve(specifier))

const sqliteStatement: unknown = (() => {
  const Database: unknown = requireFrom("@effect/sql-sqlite-node/SqliteClient")("better-sqlite3")
  if (typeof Database !== "function") return undefined
  const db: unknown = Reflect.construct(Database, [":memory:"])
  const prepare = isRecord(db) ? db.prepare : undefined
  const statement: unknown = typeof prepare === "function" ? Reflect.apply(prepare, db, ["SELECT 1"]) : undefined
  return isRecord(statement) ? Object.getPrototypeOf(statement) : undefined
})()

for (const method of ["run", "all", "get", "iterate"]) {
  wrap(sqliteStatement, method, (self) => {
    if (!isRecord(self) || typeof self.source !== "string") return
    const database = self.database
    count(self.source, isRecord(database) && database.inTransaction === true)
  })
}

// pg: a connection is in a transaction from its BEGIN to its COMMIT or ROLLBACK
const pgInTransaction = new WeakSet<object>()
const pgClient: unknown = (() => {
  const pg: unknown = requireFrom("@effect/sql-pg/PgClient")("pg")
  return isRecord(pg) && isRecord(pg.Client) ? pg.Client.prototype : undefined
})()

wrap(pgClient, "query", (self, args) => {
  const query = args[0]
  const text = typeof query === "string" ? query : isRecord(query) && typeof query.text === "string" ? query.text : ""
  if (!isRecord(self)) return
  count(text, pgInTransaction.has(self))
  const keyword = /^\s*([A-Za-z]+)/.exec(text)?.[1]?.toUpperCase()
  if (keyword === "BEGIN") pgInTransaction.add(self)
  // `ROLLBACK TO SAVEPOINT` stays in the transaction
  if (keyword === "COMMIT" || keyword === "END" || /^\s*ROLLBACK\s*;?\s*$/i.test(text)) pgInTransaction.delete(self)
})
