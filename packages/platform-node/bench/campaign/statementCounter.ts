/**
 * Counts the SQL statements and transactions of a process, from the spans `@effect/sql` makes
 * for each of them (`sql.execute`, with the statement's text in `db.query.text`, and
 * `sql.transaction`): every statement the engine, the journal, the campaign store and the pacer
 * run, on SQLite or Postgres alike. The spans are the default tracer's, only counted on the way.
 *
 * A *commit* is what makes the database write its log: a transaction that is not nested in
 * another, or a writing statement outside any transaction (each one is its own transaction).
 */
import type * as Context from "effect/Context"
import type * as Exit from "effect/Exit"
import * as Option from "effect/Option"
import * as Tracer from "effect/Tracer"

export interface Counts {
  /** Every statement run. */
  readonly statements: number
  /** Of these, statements that write (INSERT, UPDATE, DELETE, REPLACE, CREATE, …). */
  readonly writes: number
  /** Transactions (`withTransaction`), nested ones (savepoints) included. */
  readonly transactions: number
  /** Outermost transactions plus writing statements outside a transaction. */
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

const reads = new Set(["SELECT", "WITH", "PRAGMA", "SHOW", "EXPLAIN"])

const insideTransaction = (parent: Option.Option<Tracer.AnySpan>): boolean => {
  // bounded: the spans of one statement are a few levels deep
  let current = parent
  for (let depth = 0; depth < 64 && Option.isSome(current); depth++) {
    const span = current.value
    if (span._tag === "ExternalSpan") return false
    if (span.name === "sql.transaction") return true
    current = span.parent
  }
  return false
}

/** A statement's span: counts it once its text is known. */
class StatementSpan implements Tracer.Span {
  readonly _tag = "Span"
  constructor(readonly span: Tracer.Span, readonly inTransaction: boolean) {}
  get name() {
    return this.span.name
  }
  get spanId() {
    return this.span.spanId
  }
  get traceId() {
    return this.span.traceId
  }
  get parent() {
    return this.span.parent
  }
  get context() {
    return this.span.context
  }
  get status() {
    return this.span.status
  }
  get attributes() {
    return this.span.attributes
  }
  get links() {
    return this.span.links
  }
  get sampled() {
    return this.span.sampled
  }
  get kind() {
    return this.span.kind
  }
  end(endTime: bigint, exit: Exit.Exit<unknown, unknown>) {
    this.span.end(endTime, exit)
  }
  attribute(key: string, value: unknown) {
    if (key === "db.query.text" && typeof value === "string") {
      const keyword = /^\s*([A-Za-z]+)/.exec(value)?.[1]?.toUpperCase() ?? ""
      if (!reads.has(keyword)) {
        counts.writes++
        if (!this.inTransaction) counts.commits++
      }
    }
    this.span.attribute(key, value)
  }
  event(name: string, startTime: bigint, attributes?: Record<string, unknown>) {
    this.span.event(name, startTime, attributes)
  }
  addLinks(links: ReadonlyArray<Tracer.SpanLink>) {
    this.span.addLinks(links)
  }
}

/** The default tracer, counting statements and transactions. */
export const tracer = (inner: Tracer.Tracer): Tracer.Tracer =>
  Tracer.make({
    span: (name, parent, context: Context.Context<never>, links, startTime, kind, options) => {
      const span = inner.span(name, parent, context, links, startTime, kind, options)
      if (name === "sql.execute") {
        counts.statements++
        return new StatementSpan(span, insideTransaction(parent))
      }
      if (name === "sql.transaction") {
        counts.transactions++
        if (!insideTransaction(parent)) counts.commits++
      }
      return span
    },
    context: (f, fiber) => inner.context(f, fiber)
  })
