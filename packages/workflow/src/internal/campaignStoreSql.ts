import * as SqlClient from "@effect/sql/SqlClient"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as CampaignError from "../CampaignError.js"
import * as CampaignStore from "../CampaignStore.js"
import * as Contacts from "../Contacts.js"
import * as WorkflowError from "../WorkflowError.js"
import { createTables } from "./createTables.js"
import { orStorageError, toNumber } from "./storageError.js"

const Variables = Schema.parseJson(Schema.Record({ key: Schema.String, value: Schema.String }))
const decodeVariables = Schema.decodeUnknownOption(Variables)
const encodeVariables = Schema.encodeSync(Variables)

// SQLite allows 32766 bound values per statement; 8 columns × 500 rows stays far below
const batchSize = 500

const optionalString = (value: unknown): string | undefined =>
  value === null || value === undefined ? undefined : String(value)

const conclusionOf = (value: unknown): CampaignStore.Conclusion | undefined => {
  const decoded = Schema.decodeUnknownOption(CampaignStore.Conclusion)(value)
  return decoded._tag === "Some" ? decoded.value : undefined
}

const statusOf = (value: unknown): CampaignStore.Status => {
  const decoded = Schema.decodeUnknownOption(CampaignStore.Status)(value)
  return decoded._tag === "Some" ? decoded.value : "running"
}

export const make: Effect.Effect<CampaignStore.Service, CampaignError.CampaignStorageError, SqlClient.SqlClient> =
  Effect
    .gen(function*() {
      const sql = yield* SqlClient.SqlClient
      yield* createTables(sql, [
        sql`CREATE TABLE IF NOT EXISTS esw_campaigns (
        campaign_id VARCHAR(200) PRIMARY KEY,
        status VARCHAR(20) NOT NULL,
        definition TEXT NOT NULL,
        sealed INTEGER NOT NULL,
        created_ms BIGINT NOT NULL,
        updated_ms BIGINT NOT NULL
      )`,
        sql`CREATE TABLE IF NOT EXISTS esw_campaign_contacts (
        campaign_id VARCHAR(200) NOT NULL,
        contact_id VARCHAR(200) NOT NULL,
        seq BIGINT NOT NULL,
        phone_number VARCHAR(20) NOT NULL,
        time_zone VARCHAR(100) NOT NULL,
        variables TEXT NOT NULL,
        attempts INTEGER NOT NULL,
        last_disposition VARCHAR(20),
        last_call_id VARCHAR(200),
        conclusion VARCHAR(20),
        updated_ms BIGINT,
        PRIMARY KEY (campaign_id, contact_id)
      )`,
        sql`CREATE TABLE IF NOT EXISTS esw_campaign_attempts (
        campaign_id VARCHAR(200) NOT NULL,
        contact_id VARCHAR(200) NOT NULL,
        attempt INTEGER NOT NULL,
        disposition VARCHAR(20) NOT NULL,
        call_id VARCHAR(200),
        at_ms BIGINT NOT NULL,
        PRIMARY KEY (campaign_id, contact_id, attempt)
      )`
      ]).pipe(orStorageError("CampaignStore: create tables"))

      const selectCampaign = (campaignId: string) =>
        Effect.flatMap(
          sql<
            { status: unknown; definition: unknown; sealed: unknown; created_ms: unknown; updated_ms: unknown }
          >`SELECT
          status, definition, sealed, created_ms, updated_ms FROM esw_campaigns WHERE campaign_id = ${campaignId}`.pipe(
            orStorageError("CampaignStore.get")
          ),
          (rows) => {
            const row = rows[0]
            return row === undefined
              ? Effect.fail(new WorkflowError.CampaignNotFound({ campaignId }))
              : Effect.succeed(
                new CampaignStore.CampaignRecord({
                  id: campaignId,
                  status: statusOf(row.status),
                  definition: String(row.definition),
                  sealed: toNumber(row.sealed) === 1,
                  createdAt: toNumber(row.created_ms),
                  updatedAt: toNumber(row.updated_ms)
                })
              )
          }
        )

      const service: CampaignStore.Service = {
        create: (campaignId, definition, now) =>
          Effect.gen(function*() {
            const inserted = yield* sql<{ campaign_id: string }>`INSERT INTO esw_campaigns
            (campaign_id, status, definition, sealed, created_ms, updated_ms)
            VALUES (${campaignId}, 'running', ${definition}, 0, ${now}, ${now})
            ON CONFLICT (campaign_id) DO NOTHING RETURNING campaign_id`.pipe(orStorageError("CampaignStore.create"))
            if (inserted.length > 0) return "created" as const
            const existing = yield* selectCampaign(campaignId).pipe(
              Effect.catchTag("CampaignNotFound", () =>
                new CampaignError.CampaignStorageError({
                  operation: "CampaignStore.create",
                  reason: "campaign vanished"
                }))
            )
            if (existing.definition !== definition) {
              return yield* new CampaignError.CampaignRefused({
                campaignId,
                reason: "the id is used by a campaign with other settings"
              })
            }
            return "exists" as const
          }),
        get: selectCampaign,
        transition: (campaignId, from, to, now) =>
          Effect.gen(function*() {
            if (from.length === 0) return false
            const moved = yield* sql<{ campaign_id: string }>`UPDATE esw_campaigns
            SET status = ${to}, updated_ms = ${now}
            WHERE campaign_id = ${campaignId} AND ${sql.in("status", from)} RETURNING campaign_id`.pipe(
              orStorageError("CampaignStore.transition")
            )
            if (moved.length > 0) return true
            yield* selectCampaign(campaignId)
            return false
          }),
        seal: (campaignId) =>
          sql`UPDATE esw_campaigns SET sealed = 1 WHERE campaign_id = ${campaignId}`.pipe(
            Effect.asVoid,
            orStorageError("CampaignStore.seal")
          ),
        // one statement: two instances concluding the last contacts at once both see the same answer
        completeIfDone: (campaignId, now) =>
          sql<{ campaign_id: string }>`UPDATE esw_campaigns SET status = 'done', updated_ms = ${now}
          WHERE campaign_id = ${campaignId} AND status = 'running' AND sealed = 1 AND NOT EXISTS (
            SELECT 1 FROM esw_campaign_contacts
            WHERE esw_campaign_contacts.campaign_id = ${campaignId} AND esw_campaign_contacts.conclusion IS NULL
          ) RETURNING campaign_id`.pipe(
            Effect.map((rows) => rows.length > 0),
            orStorageError("CampaignStore.completeIfDone")
          ),
        addContacts: (campaignId, contacts) =>
          Effect.gen(function*() {
            let added = 0
            for (let start = 0; start < contacts.length; start += batchSize) {
              const batch = contacts.slice(start, start + batchSize)
              const max = yield* sql<{ seq: unknown }>`SELECT MAX(seq) AS seq FROM esw_campaign_contacts
              WHERE campaign_id = ${campaignId}`
              const first = max[0]?.seq === null || max[0]?.seq === undefined ? 0 : toNumber(max[0].seq) + 1
              const rows = batch.map((contact, index) => ({
                campaign_id: campaignId,
                contact_id: contact.id,
                seq: first + index,
                phone_number: contact.phoneNumber,
                time_zone: contact.timeZone,
                variables: encodeVariables(contact.variables),
                attempts: 0
              }))
              const inserted = yield* sql<{ contact_id: string }>`INSERT INTO esw_campaign_contacts ${sql.insert(rows)}
              ON CONFLICT (campaign_id, contact_id) DO NOTHING RETURNING contact_id`
              added += inserted.length
            }
            return added
          }).pipe(sql.withTransaction, orStorageError("CampaignStore.addContacts")),
        contacts: (campaignId) =>
          sql<{ contact_id: unknown; phone_number: unknown; time_zone: unknown; variables: unknown }>`SELECT contact_id,
          phone_number, time_zone, variables FROM esw_campaign_contacts WHERE campaign_id = ${campaignId}
          ORDER BY seq`.pipe(
            Effect.map((rows) =>
              rows.map((row) =>
                new Contacts.Contact({
                  id: String(row.contact_id),
                  phoneNumber: String(row.phone_number),
                  timeZone: String(row.time_zone),
                  variables: decodeVariables(row.variables).pipe((option) => option._tag === "Some" ? option.value : {})
                })
              )
            ),
            orStorageError("CampaignStore.contacts")
          ),
        recordAttempt: (campaignId, attempt) =>
          Effect.gen(function*() {
            const callId = attempt.callId ?? null
            yield* sql`INSERT INTO esw_campaign_attempts (campaign_id, contact_id, attempt, disposition, call_id, at_ms)
            VALUES (${campaignId}, ${attempt.contactId}, ${attempt.attempt}, ${attempt.disposition}, ${callId},
              ${attempt.at})
            ON CONFLICT (campaign_id, contact_id, attempt) DO UPDATE SET disposition = ${attempt.disposition},
              call_id = ${callId}, at_ms = ${attempt.at}`
            yield* sql`UPDATE esw_campaign_contacts SET attempts = ${attempt.attempt},
            last_disposition = ${attempt.disposition}, last_call_id = ${callId}, updated_ms = ${attempt.at}
            WHERE campaign_id = ${campaignId} AND contact_id = ${attempt.contactId} AND attempts <= ${attempt.attempt}`
          }).pipe(sql.withTransaction, orStorageError("CampaignStore.recordAttempt")),
        conclude: (campaignId, contactId, conclusion, now) =>
          sql`UPDATE esw_campaign_contacts SET conclusion = ${conclusion}, updated_ms = ${now}
          WHERE campaign_id = ${campaignId} AND contact_id = ${contactId} AND conclusion IS NULL`.pipe(
            Effect.asVoid,
            orStorageError("CampaignStore.conclude")
          ),
        attempts: (campaignId) =>
          sql<{ contact_id: unknown; attempt: unknown; disposition: unknown; call_id: unknown; at_ms: unknown }>`SELECT
          contact_id, attempt, disposition, call_id, at_ms FROM esw_campaign_attempts
          WHERE campaign_id = ${campaignId} ORDER BY contact_id, attempt`.pipe(
            Effect.map((rows) =>
              rows.map((row) =>
                new CampaignStore.AttemptRecord({
                  contactId: String(row.contact_id),
                  attempt: toNumber(row.attempt),
                  disposition: String(row.disposition),
                  at: toNumber(row.at_ms),
                  // absent, not undefined: rows read back equal the records written
                  ...(row.call_id === null || row.call_id === undefined ? {} : { callId: String(row.call_id) })
                })
              )
            ),
            orStorageError("CampaignStore.attempts")
          ),
        progress: (campaignId) =>
          Effect.gen(function*() {
            const campaign = yield* selectCampaign(campaignId)
            const contacts = yield* sql<{ conclusion: unknown; started: unknown; count: unknown }>`SELECT conclusion,
            CASE WHEN attempts > 0 THEN 1 ELSE 0 END AS started, COUNT(*) AS count FROM esw_campaign_contacts
            WHERE campaign_id = ${campaignId} GROUP BY conclusion, CASE WHEN attempts > 0 THEN 1 ELSE 0 END`.pipe(
              orStorageError("CampaignStore.progress")
            )
            const attempts = yield* sql<{ disposition: unknown; count: unknown }>`SELECT disposition, COUNT(*) AS count
            FROM esw_campaign_attempts WHERE campaign_id = ${campaignId} GROUP BY disposition`.pipe(
              orStorageError("CampaignStore.progress")
            )
            let total = 0
            let pending = 0
            const conclusions: Record<string, number> = {}
            for (const row of contacts) {
              const count = toNumber(row.count)
              total += count
              const conclusion = conclusionOf(row.conclusion)
              if (conclusion !== undefined) conclusions[conclusion] = (conclusions[conclusion] ?? 0) + count
              else if (toNumber(row.started) === 0) pending += count
            }
            const dispositions: Record<string, number> = {}
            for (const row of attempts) dispositions[String(row.disposition)] = toNumber(row.count)
            return CampaignStore.makeProgress(campaign, { contacts: total, pending, conclusions, dispositions })
          }),
        results: (campaignId) =>
          sql<{
            contact_id: unknown
            phone_number: unknown
            time_zone: unknown
            attempts: unknown
            last_disposition: unknown
            last_call_id: unknown
            conclusion: unknown
            updated_ms: unknown
          }>`SELECT contact_id, phone_number, time_zone, attempts, last_disposition, last_call_id, conclusion,
          updated_ms FROM esw_campaign_contacts WHERE campaign_id = ${campaignId} ORDER BY seq`.pipe(
            Effect.map((rows) =>
              rows.map((row) =>
                new CampaignStore.ResultRow({
                  contactId: String(row.contact_id),
                  phoneNumber: String(row.phone_number),
                  timeZone: String(row.time_zone),
                  attempts: toNumber(row.attempts),
                  lastDisposition: optionalString(row.last_disposition),
                  lastCallId: optionalString(row.last_call_id),
                  conclusion: conclusionOf(row.conclusion),
                  updatedAt: row.updated_ms === null ? undefined : toNumber(row.updated_ms)
                })
              )
            ),
            orStorageError("CampaignStore.results")
          )
      }
      return service
    })
