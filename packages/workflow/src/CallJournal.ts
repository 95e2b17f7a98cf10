/**
 * The durable journal of call attempts: one row per attempt key, written **before** the callout
 * request leaves and updated as the answer and the callbacks arrive. It is what makes "never call
 * twice" hold across crashes: an attempt whose intent is recorded but whose answer is not is never
 * sent again — it is reconciled by a later callback carrying its correlation, or marked `unknown`.
 *
 * | status | meaning |
 * |---|---|
 * | `intended` | the intent is stored; the callout may or may not have reached Sinch |
 * | `placed` | Sinch answered with the call id |
 * | `refused` | Sinch refused the callout (no call exists) |
 * | `answered` | the ACE arrived (AMD verdict recorded) |
 * | `ended` | the DiCE arrived (the outcome is recorded) — final |
 * | `unknown` | no DiCE before the deadline; a later DiCE still reconciles it to `ended` |
 *
 * Status moves forward only: a late or duplicated callback never undoes a later state, and every
 * write is idempotent (the same callback twice leaves the row as once).
 *
 * ```ts
 * const JournalLive = CallJournal.layerSql().pipe(Layer.provide(SqliteClient.layer({ filename: "calls.db" })))
 * // or, for tests and in-process apps:
 * const JournalTest = CallJournal.layerMemory
 * ```
 *
 * `layerSql` works on any `@effect/sql` `SqlClient` (SQLite, Postgres) and creates its table
 * (`effect_sinch_call_attempts` by default) if it is missing. Each write is its own statement,
 * committed when it returns: `intend` has committed before the callout is sent.
 *
 * The table: `attempt_key` (primary key), `campaign_id`, `contact_id`, `destination`, `answer`
 * (JSON), `deferred_token`, `status`, `call_id`, `amd` (JSON), `outcome` (JSON), `note`,
 * `intended_at` and `updated_at` (epoch milliseconds), with an index on
 * (`campaign_id`, `intended_at`). It needs SQLite 3.35+ (`RETURNING`) or Postgres.
 *
 * @since 0.2.0
 */
import type * as SqlClient from "@effect/sql/SqlClient"
import * as Context from "effect/Context"
import type * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as Option from "effect/Option"
import type * as CallAnswer from "./CallAnswer.js"
import type * as CallOutcome from "./CallOutcome.js"
import * as internalAttempt from "./internal/attempt.js"
import * as internalMemory from "./internal/journalMemory.js"
import * as internalSql from "./internal/journalSql.js"
import type * as WorkflowError from "./WorkflowError.js"

/**
 * @since 0.2.0
 * @category Schemas
 */
export const Status = internalAttempt.Status

/**
 * @since 0.2.0
 * @category Models
 */
export type Status = internalAttempt.Status

/**
 * One attempt as stored: key, campaign and contact, destination, the answer plan (read by the ACE
 * handler), the deferred token (workflow mode), status, call id, AMD verdict, outcome, a note (why
 * refused or unknown), and the epoch milliseconds it was intended and last updated.
 *
 * @since 0.2.0
 * @category Schemas
 */
export const Attempt = internalAttempt.Attempt

/**
 * @since 0.2.0
 * @category Models
 */
export type Attempt = internalAttempt.Attempt

/**
 * What `intend` records.
 *
 * @since 0.2.0
 * @category Models
 */
export interface Intent {
  readonly campaignId?: string | undefined
  readonly contactId?: string | undefined
  readonly destination: string
  readonly answer: CallAnswer.Plan
  readonly deferredToken?: string | undefined
}

/**
 * The answer of `intend`: a fresh row (send the callout), or the row an earlier run wrote (do not
 * send: its call id, if any, is the answer).
 *
 * @since 0.2.0
 * @category Models
 */
export type Intended =
  | { readonly _tag: "Fresh"; readonly attempt: Attempt }
  | { readonly _tag: "Existing"; readonly attempt: Attempt }

/**
 * @since 0.2.0
 * @category Models
 */
export interface Service {
  /**
   * Records the intent to call, before the callout is sent. When the key is known already the
   * existing row is returned (and a missing deferred token is filled in); nothing is overwritten.
   */
  readonly intend: (key: string, intent: Intent) => Effect.Effect<Intended, WorkflowError.JournalError>
  /** Sinch answered the callout with `callId`. */
  readonly placed: (key: string, callId: string) => Effect.Effect<void, WorkflowError.JournalError>
  /** Sinch refused the callout: no call exists. Only an `intended` row becomes `refused`. */
  readonly refused: (key: string, reason: string) => Effect.Effect<void, WorkflowError.JournalError>
  /** The ACE arrived: the call id (reconciling an `intended` row) and the AMD verdict. */
  readonly answered: (
    key: string,
    callId: string,
    amd: CallOutcome.Amd | undefined
  ) => Effect.Effect<void, WorkflowError.JournalError>
  /** The DiCE arrived: the final outcome (the first one recorded wins). */
  readonly ended: (key: string, outcome: CallOutcome.Outcome) => Effect.Effect<void, WorkflowError.JournalError>
  /** No DiCE before the deadline. An `ended` or `refused` row is left as it is. */
  readonly markUnknown: (key: string, note: string) => Effect.Effect<void, WorkflowError.JournalError>
  readonly get: (key: string) => Effect.Effect<Option.Option<Attempt>, WorkflowError.JournalError>
  /** The attempts of a campaign, oldest first. */
  readonly listByCampaign: (campaignId: string) => Effect.Effect<ReadonlyArray<Attempt>, WorkflowError.JournalError>
}

/**
 * @since 0.2.0
 * @category Context
 */
export class CallJournal extends Context.Tag("@effect-sinch/workflow/CallJournal")<CallJournal, Service>() {}

/**
 * The journal in memory (lost with the process): for tests and in-process apps.
 *
 * @since 0.2.0
 * @category Layers
 */
export const layerMemory: Layer.Layer<CallJournal> = Layer.sync(CallJournal, internalMemory.make)

/**
 * @since 0.2.0
 * @category Models
 */
export interface SqlOptions {
  /** The table's name. Default: `effect_sinch_call_attempts`. */
  readonly table?: string | undefined
}

/**
 * The default table name.
 *
 * @since 0.2.0
 * @category Constants
 */
export const defaultTable = "effect_sinch_call_attempts"

/**
 * The journal on the `SqlClient` in context (SQLite or Postgres); creates its table when missing.
 * Instances starting at once on one Postgres database may all do so (the creation takes an
 * advisory lock).
 *
 * @since 0.2.0
 * @category Constructors
 */
export const makeSql = (
  options: SqlOptions = {}
): Effect.Effect<Service, WorkflowError.JournalError, SqlClient.SqlClient> =>
  internalSql.make(options.table ?? defaultTable)

/**
 * @since 0.2.0
 * @category Layers
 */
export const layerSql = (
  options: SqlOptions = {}
): Layer.Layer<CallJournal, WorkflowError.JournalError, SqlClient.SqlClient> =>
  Layer.effect(CallJournal, makeSql(options))
