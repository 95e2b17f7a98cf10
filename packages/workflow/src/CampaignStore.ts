/**
 * Where campaigns live: each campaign's definition and status, its contacts, every attempt's
 * disposition and each contact's conclusion, from which the live progress and the results
 * report are computed. `layerMemory` for one process and tests, `layerSql` for any `@effect/sql`
 * database (SQLite, Postgres; it creates its tables).
 *
 * Every write is idempotent, because activities are at-least-once: creating a campaign that
 * exists with the same definition is a no-op, adding a contact that exists is skipped, recording
 * an attempt twice overwrites it. Status changes are conditional updates (`transition` names the
 * statuses it may leave), so concurrent pause / resume / cancel from several instances settle on
 * one answer.
 *
 * @since 0.2.0
 */
import type * as SqlClient from "@effect/sql/SqlClient"
import * as Context from "effect/Context"
import type * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import type * as CampaignError from "./CampaignError.js"
import type * as Contacts from "./Contacts.js"
import * as internalMemory from "./internal/campaignStoreMemory.js"
import * as internalSql from "./internal/campaignStoreSql.js"
import type * as WorkflowError from "./WorkflowError.js"

/**
 * A campaign's status. `running` → `paused` ↔ `running`; `running` / `paused` → `cancelled`;
 * `running` → `done` once every contact has a conclusion. `cancelled` and `done` are final.
 *
 * @since 0.2.0
 * @category Schemas
 */
export const Status = Schema.Literal("running", "paused", "cancelled", "done")

/**
 * @since 0.2.0
 * @category Models
 */
export type Status = typeof Status.Type

/**
 * How a contact's calls ended: `CallFlow`'s conclusions, plus `cancelled` (the campaign was
 * cancelled before the contact's calls were over) and `failed` (the contact's workflow failed for
 * good — e.g. its storage stayed unreachable longer than `CallFlow.Settings.storageOutage` — and
 * no further call is placed for it).
 *
 * @since 0.2.0
 * @category Schemas
 */
export const Conclusion = Schema.Literal(
  "reached",
  "voicemail",
  "machine",
  "exhausted",
  "refused",
  "unknown",
  "cancelled",
  "failed"
)

/**
 * @since 0.2.0
 * @category Models
 */
export type Conclusion = typeof Conclusion.Type

/**
 * A stored campaign; `definition` is the campaign's settings as JSON (owned by `Campaign`).
 *
 * @since 0.2.0
 * @category Models
 */
export class CampaignRecord
  extends Schema.Class<CampaignRecord>("@effect-sinch/workflow/CampaignStore/CampaignRecord")({
    id: Schema.String,
    status: Status,
    definition: Schema.String,
    /** Every contact has been added (`seal`): the campaign can be `done`. */
    sealed: Schema.Boolean,
    createdAt: Schema.Number,
    updatedAt: Schema.Number
  })
{}

/**
 * One attempt of one contact.
 *
 * @since 0.2.0
 * @category Models
 */
export class AttemptRecord extends Schema.Class<AttemptRecord>("@effect-sinch/workflow/CampaignStore/AttemptRecord")({
  contactId: Schema.String,
  attempt: Schema.Number,
  /** The attempt's `CallOutcome` disposition (`human`, `machine`, `no-answer`, `busy`, `failed`, `unknown`). */
  disposition: Schema.String,
  callId: Schema.optional(Schema.String),
  at: Schema.Number
}) {}

/**
 * One row of the results report.
 *
 * @since 0.2.0
 * @category Models
 */
export class ResultRow extends Schema.Class<ResultRow>("@effect-sinch/workflow/CampaignStore/ResultRow")({
  contactId: Schema.String,
  phoneNumber: Schema.String,
  timeZone: Schema.String,
  /** Attempts placed so far. */
  attempts: Schema.Number,
  lastDisposition: Schema.optional(Schema.String),
  lastCallId: Schema.optional(Schema.String),
  /** Absent while the contact's calls are not over. */
  conclusion: Schema.optional(Conclusion),
  /** Epoch millis of the last attempt's record or of the conclusion. */
  updatedAt: Schema.optional(Schema.Number)
}) {}

/**
 * Live counts of a campaign.
 *
 * @since 0.2.0
 * @category Models
 */
export class Progress extends Schema.Class<Progress>("@effect-sinch/workflow/CampaignStore/Progress")({
  campaignId: Schema.String,
  status: Status,
  contacts: Schema.Number,
  /** Contacts not called yet. */
  pending: Schema.Number,
  /** Contacts called at least once, without a conclusion yet. */
  inProgress: Schema.Number,
  /** Contacts with a conclusion. */
  concluded: Schema.Number,
  /** Concluded contacts by conclusion. */
  conclusions: Schema.Record({ key: Schema.String, value: Schema.Number }),
  /** All attempts so far. */
  attempts: Schema.Number,
  /** Attempts by disposition. */
  dispositions: Schema.Record({ key: Schema.String, value: Schema.Number })
}) {}

/**
 * @since 0.2.0
 * @category Models
 */
export interface Service {
  /** Stores a campaign in `running`; `"exists"` when it is stored with the same definition. */
  readonly create: (
    campaignId: string,
    definition: string,
    now: number
  ) => Effect.Effect<"created" | "exists", CampaignError.CampaignRefused | CampaignError.CampaignStorageError>
  readonly get: (
    campaignId: string
  ) => Effect.Effect<CampaignRecord, WorkflowError.CampaignNotFound | CampaignError.CampaignStorageError>
  /** Moves to `to` when the status is one of `from`; false (and no change) otherwise. */
  readonly transition: (
    campaignId: string,
    from: ReadonlyArray<Status>,
    to: Status,
    now: number
  ) => Effect.Effect<boolean, WorkflowError.CampaignNotFound | CampaignError.CampaignStorageError>
  /** Marks the contact list complete: once every contact has a conclusion, the campaign can be done. */
  readonly seal: (campaignId: string) => Effect.Effect<void, CampaignError.CampaignStorageError>
  /** Moves a sealed `running` campaign whose contacts all have a conclusion to `done`; true when it did. */
  readonly completeIfDone: (
    campaignId: string,
    now: number
  ) => Effect.Effect<boolean, CampaignError.CampaignStorageError>
  /** Adds contacts; those already in the campaign (same id) are skipped. Returns how many were new. */
  readonly addContacts: (
    campaignId: string,
    contacts: ReadonlyArray<Contacts.Contact>
  ) => Effect.Effect<number, CampaignError.CampaignStorageError>
  readonly contacts: (
    campaignId: string
  ) => Effect.Effect<ReadonlyArray<Contacts.Contact>, CampaignError.CampaignStorageError>
  /** Records an attempt's disposition (again: overwritten). */
  readonly recordAttempt: (
    campaignId: string,
    attempt: AttemptRecord
  ) => Effect.Effect<void, CampaignError.CampaignStorageError>
  /** Records a contact's conclusion (the first one stays). */
  readonly conclude: (
    campaignId: string,
    contactId: string,
    conclusion: Conclusion,
    now: number
  ) => Effect.Effect<void, CampaignError.CampaignStorageError>
  readonly attempts: (
    campaignId: string
  ) => Effect.Effect<ReadonlyArray<AttemptRecord>, CampaignError.CampaignStorageError>
  readonly progress: (
    campaignId: string
  ) => Effect.Effect<Progress, WorkflowError.CampaignNotFound | CampaignError.CampaignStorageError>
  /** The results report, one row per contact in the order they were added. */
  readonly results: (campaignId: string) => Effect.Effect<ReadonlyArray<ResultRow>, CampaignError.CampaignStorageError>
}

/**
 * @since 0.2.0
 * @category Context
 */
export class CampaignStore extends Context.Tag("@effect-sinch/workflow/CampaignStore")<CampaignStore, Service>() {}

/**
 * The store of one process, in memory.
 *
 * @since 0.2.0
 * @category Layers
 */
export const layerMemory: Layer.Layer<CampaignStore> = Layer.sync(CampaignStore, internalMemory.make)

/**
 * The store in any `@effect/sql` database (SQLite or Postgres); creates its tables
 * (`esw_campaigns`, `esw_campaign_contacts`, `esw_campaign_attempts`) when missing; instances
 * starting at once on one Postgres database may all do so (the creation takes an advisory lock).
 *
 * @since 0.2.0
 * @category Layers
 */
export const layerSql: Layer.Layer<CampaignStore, CampaignError.CampaignStorageError, SqlClient.SqlClient> = Layer
  .effect(CampaignStore, internalSql.make)

/**
 * Builds a `Progress` from counts (shared by both stores, so they report alike).
 *
 * @since 0.2.0
 * @category Constructors
 */
export const makeProgress = (
  campaign: CampaignRecord,
  counts: {
    readonly contacts: number
    readonly pending: number
    readonly conclusions: Readonly<Record<string, number>>
    readonly dispositions: Readonly<Record<string, number>>
  }
): Progress => {
  const concluded = Object.values(counts.conclusions).reduce((sum, count) => sum + count, 0)
  return new Progress({
    campaignId: campaign.id,
    status: campaign.status,
    contacts: counts.contacts,
    pending: counts.pending,
    inProgress: counts.contacts - counts.pending - concluded,
    concluded,
    conclusions: { ...counts.conclusions },
    attempts: Object.values(counts.dispositions).reduce((sum, count) => sum + count, 0),
    dispositions: { ...counts.dispositions }
  })
}
