/**
 * Pacing for campaigns: at most `callsPerSecond` callouts started per second and at most
 * `maxLiveCalls` calls alive at once, per campaign, shared by every instance that uses the same
 * storage. `acquire(campaignId, attemptKey)` waits for both (it never fails because of load);
 * `release(attemptKey)` frees the live-call slot when the call has ended.
 *
 * A slot is a lease: it expires after `leaseDuration` (default 15 minutes, longer than ring time
 * plus a call's maximum duration) so that an instance that crashed while holding slots cannot
 * block its campaign. Acquiring again with the same attempt key renews its lease and takes no new
 * slot (an activity re-run after a crash stays within the cap).
 *
 * `layerSql` keeps the state in two tables (created by the layer, safely when instances start at
 * once: on Postgres under an advisory lock) of any `@effect/sql` database, SQLite or Postgres. A slot is granted in a transaction that bumps the campaign row's version
 * with a conditional update, so two instances racing for the last slot cannot both win. Waiters
 * poll the storage every `pollInterval` (one poller per campaign per instance; the others queue
 * behind it in-process). Instances' clocks are assumed to agree to well under a second.
 *
 * @since 0.2.0
 */
import type * as SqlClient from "@effect/sql/SqlClient"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import type * as CampaignError from "./CampaignError.js"
import * as storage from "./internal/pacerStorage.js"
import * as WorkflowError from "./WorkflowError.js"

/**
 * A campaign's pace.
 *
 * @since 0.2.0
 * @category Models
 */
export class Limits extends Schema.Class<Limits>("@effect-sinch/workflow/Pacer/Limits")({
  /** Callouts started per second (a positive number; 0.5 = one every two seconds). */
  callsPerSecond: Schema.Number,
  /** Calls alive at once (a positive integer). */
  maxLiveCalls: Schema.Number
}) {}

/**
 * The limits used for a campaign that has none set: one call per second, ten live calls.
 *
 * @since 0.2.0
 * @category Constants
 */
export const defaultLimits: Limits = new Limits({ callsPerSecond: 1, maxLiveCalls: 10 })

/**
 * Checks limits: `callsPerSecond` positive and finite (at most 1000), `maxLiveCalls` a positive
 * integer (at most 100 000).
 *
 * @since 0.2.0
 * @category Validation
 */
export const validateLimits = (
  campaignId: string,
  limits: Limits
): Effect.Effect<Limits, WorkflowError.InvalidCampaign> => {
  const cps = limits.callsPerSecond
  if (!(Number.isFinite(cps) && cps > 0 && cps <= 1000)) {
    return Effect.fail(
      new WorkflowError.InvalidCampaign({
        field: "callsPerSecond",
        reason: `must be in (0, 1000] (campaign ${campaignId})`
      })
    )
  }
  const live = limits.maxLiveCalls
  if (!(Number.isInteger(live) && live >= 1 && live <= 100_000)) {
    return Effect.fail(
      new WorkflowError.InvalidCampaign({
        field: "maxLiveCalls",
        reason: `must be an integer from 1 to 100000 (campaign ${campaignId})`
      })
    )
  }
  return Effect.succeed(limits)
}

/**
 * @since 0.2.0
 * @category Models
 */
export interface Options {
  /** Limits of campaigns without `setLimits`. Default: `defaultLimits`. */
  readonly defaultLimits?: Limits | undefined
  /** How long a slot is held when not released. Default: 15 minutes. */
  readonly leaseDuration?: Duration.DurationInput | undefined
  /** How often a waiter looks again when all live-call slots are taken. Default: 250 ms. */
  readonly pollInterval?: Duration.DurationInput | undefined
}

/**
 * @since 0.2.0
 * @category Models
 */
export interface Service {
  /** Sets a campaign's limits (for every instance). */
  readonly setLimits: (
    campaignId: string,
    limits: Limits
  ) => Effect.Effect<void, WorkflowError.InvalidCampaign | CampaignError.CampaignStorageError>
  /** Waits for a call slot and a live-call slot; idempotent per attempt key. */
  readonly acquire: (campaignId: string, attemptKey: string) => Effect.Effect<void, CampaignError.CampaignStorageError>
  /** Frees the attempt's live-call slot (nothing when it holds none). */
  readonly release: (attemptKey: string) => Effect.Effect<void, CampaignError.CampaignStorageError>
  /** How many unexpired slots a campaign holds. */
  readonly live: (campaignId: string) => Effect.Effect<number, CampaignError.CampaignStorageError>
}

/**
 * @since 0.2.0
 * @category Context
 */
export class Pacer extends Context.Tag("@effect-sinch/workflow/Pacer")<Pacer, Service>() {}

// the pacer over a storage (memory or SQL); the layers are the public constructors
const make = (store: storage.PacerStorage, options: Options = {}): Effect.Effect<Service> =>
  Effect.gen(function*() {
    const fallback = options.defaultLimits ?? defaultLimits
    // at least a second: a lease shorter than a callout request would free slots of live calls
    const leaseMillis = Math.max(
      1000,
      Duration.toMillis(Duration.decode(options.leaseDuration ?? Duration.minutes(15)))
    )
    const pollMillis = Math.max(1, Duration.toMillis(Duration.decode(options.pollInterval ?? Duration.millis(250))))
    // one poller per campaign in this instance: the others wait their turn here, not in the database
    const gates = new Map<string, Effect.Semaphore>()
    const gateFor = (campaignId: string) => {
      let gate = gates.get(campaignId)
      if (gate === undefined) {
        gate = Effect.unsafeMakeSemaphore(1)
        gates.set(campaignId, gate)
      }
      return gate
    }
    const attempt = (campaignId: string, attemptKey: string): Effect.Effect<void, CampaignError.CampaignStorageError> =>
      Effect.flatMap(Clock.currentTimeMillis, (now) =>
        Effect.flatMap(
          store.tryAcquire({ campaignId, attemptKey, now, leaseMillis, pollMillis, fallback }),
          (result) =>
            result._tag === "Granted"
              ? Effect.void
              : Effect.zipRight(
                Effect.sleep(Duration.millis(Math.max(1, Math.min(result.until - now, 60_000)))),
                attempt(campaignId, attemptKey)
              )
        ))
    return Pacer.of({
      setLimits: (campaignId, limits) =>
        Effect.flatMap(validateLimits(campaignId, limits), (valid) => store.setLimits(campaignId, valid)),
      acquire: (campaignId, attemptKey) => gateFor(campaignId).withPermits(1)(attempt(campaignId, attemptKey)),
      release: (attemptKey) => store.release(attemptKey),
      live: (campaignId) => Effect.flatMap(Clock.currentTimeMillis, (now) => store.live(campaignId, now))
    })
  })

/**
 * A pacer for one process, in memory.
 *
 * @since 0.2.0
 * @category Layers
 */
export const layerMemory = (options: Options = {}): Layer.Layer<Pacer> =>
  Layer.effect(Pacer, Effect.flatMap(Effect.sync(storage.memory), (store) => make(store, options)))

/**
 * A pacer shared by every instance using the same database (SQLite or Postgres). Creates its
 * tables (`esw_pacer_campaigns`, `esw_pacer_leases`) when missing.
 *
 * @since 0.2.0
 * @category Layers
 */
export const layerSql = (
  options: Options = {}
): Layer.Layer<Pacer, CampaignError.CampaignStorageError, SqlClient.SqlClient> =>
  Layer.effect(Pacer, Effect.flatMap(storage.sql, (store) => make(store, options)))
