/**
 * The `CallJournal` on an `@effect/sql` `SqlClient`: one table, plain SQL that SQLite (3.35+) and
 * Postgres both run (`INSERT … ON CONFLICT DO NOTHING RETURNING`), JSON text for the nested values.
 * Times are epoch milliseconds (`BIGINT`; Postgres returns them as strings, decoded either way).
 */
import * as SqlClient from "@effect/sql/SqlClient"
import type * as SqlError from "@effect/sql/SqlError"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import type * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as CallAnswer from "../CallAnswer.js"
import type * as CallJournal from "../CallJournal.js"
import * as CallOutcome from "../CallOutcome.js"
import * as WorkflowError from "../WorkflowError.js"
import * as Attempt from "./attempt.js"
import { createTables } from "./createTables.js"
import { retryTransient } from "./storageOutage.js"

const Millis = Schema.Union(Schema.Number, Schema.NumberFromString)

const Row = Schema.Struct({
  attempt_key: Schema.String,
  campaign_id: Schema.NullOr(Schema.String),
  contact_id: Schema.NullOr(Schema.String),
  destination: Schema.String,
  answer: Schema.parseJson(CallAnswer.Plan),
  deferred_token: Schema.NullOr(Schema.String),
  status: Attempt.Status,
  call_id: Schema.NullOr(Schema.String),
  amd: Schema.NullOr(Schema.parseJson(CallOutcome.Amd)),
  outcome: Schema.NullOr(Schema.parseJson(CallOutcome.Outcome)),
  note: Schema.NullOr(Schema.String),
  intended_at: Millis,
  updated_at: Millis
})

const decodeRow = Schema.decodeUnknown(Row)
const encodePlan = Schema.encode(Schema.parseJson(CallAnswer.Plan))
const encodeAmd = Schema.encode(Schema.parseJson(CallOutcome.Amd))
const encodeOutcome = Schema.encode(Schema.parseJson(CallOutcome.Outcome))

const optional = <A>(value: A | null): A | undefined => value === null ? undefined : value

const toAttempt = (row: typeof Row.Type): Attempt.Attempt =>
  new Attempt.Attempt({
    key: row.attempt_key,
    campaignId: optional(row.campaign_id),
    contactId: optional(row.contact_id),
    destination: row.destination,
    answer: row.answer,
    deferredToken: optional(row.deferred_token),
    status: row.status,
    callId: optional(row.call_id),
    amd: optional(row.amd),
    outcome: optional(row.outcome),
    note: optional(row.note),
    intendedAt: row.intended_at,
    updatedAt: row.updated_at
  })

const journalError = (operation: string) => (error: SqlError.SqlError | ParseResult.ParseError) =>
  new WorkflowError.JournalError({ operation, reason: WorkflowError.boundedReason(error.message) })

export const make = (
  table: string
): Effect.Effect<CallJournal.Service, WorkflowError.JournalError, SqlClient.SqlClient> =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const t = sql(table)
    const index = sql(`${table}_campaign`)

    yield* createTables(sql, [
      sql`CREATE TABLE IF NOT EXISTS ${t} (
      attempt_key TEXT PRIMARY KEY,
      campaign_id TEXT NULL,
      contact_id TEXT NULL,
      destination TEXT NOT NULL,
      answer TEXT NOT NULL,
      deferred_token TEXT NULL,
      status TEXT NOT NULL,
      call_id TEXT NULL,
      amd TEXT NULL,
      outcome TEXT NULL,
      note TEXT NULL,
      intended_at BIGINT NOT NULL,
      updated_at BIGINT NOT NULL
    )`,
      sql`CREATE INDEX IF NOT EXISTS ${index} ON ${t} (campaign_id, intended_at)`
    ]).pipe(Effect.mapError(journalError("create table")))

    const select = (key: string) =>
      Effect.flatMap(
        sql`SELECT * FROM ${t} WHERE attempt_key = ${key}`,
        (rows) =>
          rows.length === 0 ? Effect.succeedNone : Effect.map(decodeRow(rows[0]), (row) => Option.some(toAttempt(row)))
      )

    const run = <A>(
      operation: string,
      effect: Effect.Effect<A, SqlError.SqlError | ParseResult.ParseError | WorkflowError.JournalError>
    ) =>
      Effect.mapError(
        // a database outage is ridden out as long as the running step allows
        retryTransient(operation)(effect),
        (error) => error._tag === "JournalError" ? error : journalError(operation)(error)
      )

    const service: CallJournal.Service = {
      intend: (key, intent) =>
        run(
          "intend",
          Effect.gen(function*() {
            const now = yield* Clock.currentTimeMillis
            const answer = yield* encodePlan(intent.answer)
            const inserted = yield* sql`INSERT INTO ${t} (attempt_key, campaign_id, contact_id, destination, answer,
              deferred_token, status, intended_at, updated_at)
              VALUES (${key}, ${intent.campaignId ?? null}, ${intent.contactId ?? null}, ${intent.destination},
              ${answer}, ${intent.deferredToken ?? null}, 'intended', ${now}, ${now})
              ON CONFLICT (attempt_key) DO NOTHING RETURNING attempt_key`
            if (inserted.length === 0 && intent.deferredToken !== undefined) {
              yield* sql`UPDATE ${t} SET deferred_token = ${intent.deferredToken}, updated_at = ${now}
                WHERE attempt_key = ${key} AND deferred_token IS NULL`
            }
            const row = yield* select(key)
            if (Option.isNone(row)) {
              // only a concurrent DELETE by someone else gets here
              return yield* new WorkflowError.JournalError({
                operation: "intend",
                reason: "the row vanished after its insert"
              })
            }
            return inserted.length > 0
              ? { _tag: "Fresh", attempt: row.value } as const
              : { _tag: "Existing", attempt: row.value } as const
          })
        ),
      placed: (key, callId) =>
        run(
          "placed",
          Effect.flatMap(Clock.currentTimeMillis, (now) =>
            sql`UPDATE ${t} SET call_id = COALESCE(call_id, ${callId}),
              status = CASE WHEN status = 'intended' THEN 'placed' ELSE status END, updated_at = ${now}
              WHERE attempt_key = ${key}`)
        ),
      refused: (key, reason) =>
        run(
          "refused",
          Effect.flatMap(Clock.currentTimeMillis, (now) =>
            sql`UPDATE ${t} SET status = 'refused', note = ${WorkflowError.boundedReason(reason)}, updated_at = ${now}
              WHERE attempt_key = ${key} AND status = 'intended'`)
        ),
      answered: (key, callId, amd) =>
        run(
          "answered",
          Effect.gen(function*() {
            const now = yield* Clock.currentTimeMillis
            const amdJson = amd === undefined ? null : yield* encodeAmd(amd)
            yield* sql`UPDATE ${t} SET call_id = COALESCE(call_id, ${callId}), amd = COALESCE(${amdJson}, amd),
              status = CASE WHEN status IN ('intended', 'placed', 'unknown') THEN 'answered' ELSE status END,
              updated_at = ${now}
              WHERE attempt_key = ${key}`
          })
        ),
      ended: (key, outcome) =>
        run(
          "ended",
          Effect.gen(function*() {
            const now = yield* Clock.currentTimeMillis
            const json = yield* encodeOutcome(outcome)
            yield* sql`UPDATE ${t} SET call_id = COALESCE(call_id, ${outcome.callId ?? null}), status = 'ended',
              outcome = ${json}, updated_at = ${now}
              WHERE attempt_key = ${key} AND status <> 'ended'`
          })
        ),
      markUnknown: (key, note) =>
        run(
          "markUnknown",
          Effect.flatMap(Clock.currentTimeMillis, (now) =>
            sql`UPDATE ${t} SET status = 'unknown', note = ${WorkflowError.boundedReason(note)}, updated_at = ${now}
              WHERE attempt_key = ${key} AND status IN ('intended', 'placed', 'answered')`)
        ),
      get: (key) => run("get", select(key)),
      listByCampaign: (campaignId) =>
        run(
          "listByCampaign",
          Effect.flatMap(
            sql`SELECT * FROM ${t} WHERE campaign_id = ${campaignId} ORDER BY intended_at, attempt_key`,
            (rows) => Effect.forEach(rows, (row) => Effect.map(decodeRow(row), toAttempt))
          )
        )
    }
    return service
  })
