import * as SqlClient from "@effect/sql/SqlClient"
import * as Effect from "effect/Effect"
import type * as CampaignError from "../CampaignError.js"
import { createTables } from "./createTables.js"
import { orStorageError, toNumber } from "./storageError.js"

export interface Limits {
  readonly callsPerSecond: number
  readonly maxLiveCalls: number
}

export interface TryAcquire {
  readonly campaignId: string
  readonly attemptKey: string
  readonly now: number
  readonly leaseMillis: number
  readonly pollMillis: number
  readonly fallback: Limits
}

export type Result = { readonly _tag: "Granted" } | { readonly _tag: "Wait"; readonly until: number }

export interface PacerStorage {
  readonly setLimits: (campaignId: string, limits: Limits) => Effect.Effect<void, CampaignError.CampaignStorageError>
  readonly tryAcquire: (request: TryAcquire) => Effect.Effect<Result, CampaignError.CampaignStorageError>
  readonly release: (attemptKey: string) => Effect.Effect<void, CampaignError.CampaignStorageError>
  readonly live: (campaignId: string, now: number) => Effect.Effect<number, CampaignError.CampaignStorageError>
}

const granted: Result = { _tag: "Granted" }

const intervalOf = (limits: Limits) => 1000 / limits.callsPerSecond

export const memory = (): PacerStorage => {
  const campaigns = new Map<string, { limits: Limits; nextSlot: number }>()
  const leases = new Map<string, { campaignId: string; expires: number }>()
  const liveOf = (campaignId: string, now: number) => {
    let live = 0
    for (const [key, lease] of leases) {
      if (lease.expires <= now) leases.delete(key)
      else if (lease.campaignId === campaignId) live++
    }
    return live
  }
  return {
    setLimits: (campaignId, limits) =>
      Effect.sync(() => {
        const current = campaigns.get(campaignId)
        campaigns.set(campaignId, { limits, nextSlot: current?.nextSlot ?? 0 })
      }),
    tryAcquire: (request) =>
      Effect.sync((): Result => {
        const held = leases.get(request.attemptKey)
        if (held !== undefined && held.expires > request.now) {
          held.expires = request.now + request.leaseMillis
          return granted
        }
        let campaign = campaigns.get(request.campaignId)
        if (campaign === undefined) {
          campaign = { limits: request.fallback, nextSlot: 0 }
          campaigns.set(request.campaignId, campaign)
        }
        if (liveOf(request.campaignId, request.now) >= campaign.limits.maxLiveCalls) {
          return { _tag: "Wait", until: request.now + request.pollMillis }
        }
        if (campaign.nextSlot > request.now) return { _tag: "Wait", until: campaign.nextSlot }
        campaign.nextSlot = request.now + intervalOf(campaign.limits)
        leases.set(request.attemptKey, { campaignId: request.campaignId, expires: request.now + request.leaseMillis })
        return granted
      }),
    release: (attemptKey) => Effect.sync(() => void leases.delete(attemptKey)),
    live: (campaignId, now) => Effect.sync(() => liveOf(campaignId, now))
  }
}

export const sql: Effect.Effect<PacerStorage, CampaignError.CampaignStorageError, SqlClient.SqlClient> = Effect.gen(
  function*() {
    const sql = yield* SqlClient.SqlClient
    yield* createTables(sql, [
      sql`CREATE TABLE IF NOT EXISTS esw_pacer_campaigns (
        campaign_id VARCHAR(200) PRIMARY KEY,
        calls_per_second DOUBLE PRECISION NOT NULL,
        max_live_calls INTEGER NOT NULL,
        next_slot_ms BIGINT NOT NULL,
        version BIGINT NOT NULL
      )`,
      sql`CREATE TABLE IF NOT EXISTS esw_pacer_leases (
        attempt_key VARCHAR(300) PRIMARY KEY,
        campaign_id VARCHAR(200) NOT NULL,
        expires_ms BIGINT NOT NULL
      )`,
      sql`CREATE INDEX IF NOT EXISTS esw_pacer_leases_campaign ON esw_pacer_leases (campaign_id, expires_ms)`
    ]).pipe(orStorageError("Pacer: create tables"))

    const ensureCampaign = (campaignId: string, limits: Limits) =>
      sql`INSERT INTO esw_pacer_campaigns (campaign_id, calls_per_second, max_live_calls, next_slot_ms, version)
        VALUES (${campaignId}, ${limits.callsPerSecond}, ${limits.maxLiveCalls}, 0, 0)
        ON CONFLICT (campaign_id) DO NOTHING`

    const live = (campaignId: string, now: number) =>
      Effect.map(
        sql<{ live: unknown }>`SELECT COUNT(*) AS live FROM esw_pacer_leases
          WHERE campaign_id = ${campaignId} AND expires_ms > ${now}`,
        (rows) => toNumber(rows[0]?.live ?? 0)
      )

    const tryAcquire = (request: TryAcquire) =>
      Effect.gen(function*() {
        const { attemptKey, campaignId, now } = request
        const expires = now + request.leaseMillis
        const renewed = yield* sql<{ attempt_key: string }>`UPDATE esw_pacer_leases SET expires_ms = ${expires}
          WHERE attempt_key = ${attemptKey} AND expires_ms > ${now} RETURNING attempt_key`
        if (renewed.length > 0) return granted
        yield* ensureCampaign(campaignId, request.fallback)
        const rows = yield* sql<{
          calls_per_second: unknown
          max_live_calls: unknown
          next_slot_ms: unknown
          version: unknown
        }>`SELECT calls_per_second, max_live_calls, next_slot_ms, version FROM esw_pacer_campaigns
          WHERE campaign_id = ${campaignId}`
        const row = rows[0]
        if (row === undefined) return { _tag: "Wait", until: now + request.pollMillis } satisfies Result
        const limits = { callsPerSecond: toNumber(row.calls_per_second), maxLiveCalls: toNumber(row.max_live_calls) }
        yield* sql`DELETE FROM esw_pacer_leases WHERE campaign_id = ${campaignId} AND expires_ms <= ${now}`
        if ((yield* live(campaignId, now)) >= limits.maxLiveCalls) {
          return { _tag: "Wait", until: now + request.pollMillis } satisfies Result
        }
        const nextSlot = toNumber(row.next_slot_ms)
        if (nextSlot > now) return { _tag: "Wait", until: nextSlot } satisfies Result
        // the version guards the count read above: another instance granting meanwhile bumped it
        const version = toNumber(row.version)
        const bumped = yield* sql<{ version: unknown }>`UPDATE esw_pacer_campaigns
          SET next_slot_ms = ${Math.ceil(now + intervalOf(limits))}, version = ${version + 1}
          WHERE campaign_id = ${campaignId} AND version = ${version} RETURNING version`
        if (bumped.length === 0) return { _tag: "Wait", until: now } satisfies Result
        yield* sql`INSERT INTO esw_pacer_leases (attempt_key, campaign_id, expires_ms)
          VALUES (${attemptKey}, ${campaignId}, ${expires})
          ON CONFLICT (attempt_key) DO UPDATE SET campaign_id = ${campaignId}, expires_ms = ${expires}`
        return granted
      }).pipe(sql.withTransaction, orStorageError("Pacer.acquire"))

    return {
      setLimits: (campaignId, limits) =>
        sql`INSERT INTO esw_pacer_campaigns (campaign_id, calls_per_second, max_live_calls, next_slot_ms, version)
          VALUES (${campaignId}, ${limits.callsPerSecond}, ${limits.maxLiveCalls}, 0, 0)
          ON CONFLICT (campaign_id) DO UPDATE SET calls_per_second = ${limits.callsPerSecond},
            max_live_calls = ${limits.maxLiveCalls}`.pipe(Effect.asVoid, orStorageError("Pacer.setLimits")),
      tryAcquire,
      release: (attemptKey) =>
        sql`DELETE FROM esw_pacer_leases WHERE attempt_key = ${attemptKey}`.pipe(
          Effect.asVoid,
          orStorageError("Pacer.release")
        ),
      live: (campaignId, now) => live(campaignId, now).pipe(orStorageError("Pacer.live"))
    } satisfies PacerStorage
  }
)
