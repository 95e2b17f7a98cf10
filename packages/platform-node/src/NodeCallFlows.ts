/**
 * The durable engine for `@effect-sinch/workflow` on Node: the `WorkflowEngine` of
 * `@effect/cluster`, its message and runner storage, and the workflow package's own tables, all on
 * one SQL database.
 *
 * - `layerSqlite({ filename })` — one process, an embedded SQLite file. Only one process may use a
 *   file at a time (SQLite's lock; several give "database is locked").
 * - `layerPostgres({ url, runnerAddress })` — several processes (runners) on one Postgres database,
 *   talking to each other over TCP (`NodeClusterSocket`). When a runner dies, the others take over
 *   its workflows. `layerPostgresClientOnly` is for a process that runs no workflows but starts them
 *   or completes their waits, e.g. a webhook-only instance.
 *
 * ```ts
 * import { NodeCallFlows } from "@effect-sinch/platform-node"
 *
 * const EngineLive = NodeCallFlows.layerSqlite({ filename: "/var/lib/calls/flows.db" })
 * // or, for several instances:
 * const EngineLive = NodeCallFlows.layerPostgres({
 *   url: Redacted.make("postgres://calls@db/calls"),
 *   runnerAddress: { host: "10.0.0.7", port: 34431 }
 * })
 * ```
 *
 * Timing, set deliberately rather than left to upstream defaults:
 * - Stored timers and messages are picked up from storage every `pollInterval` (default 1 second;
 *   upstream's is 10 s): a durable retry delay or deadline fires up to that late. Shorter means more
 *   queries while idle.
 * - On Postgres, a runner that stops is noticed by the others' health check (every
 *   `failover.healthCheckInterval`, 2 s; its socket refuses) and its shards move; at the latest
 *   they move once its locks expire (`failover.lockExpiration`, 10 s; upstream's 35 s gave ~30 s
 *   failovers). Runners refresh their locks every `failover.lockRefreshInterval` (3 s); a refresh
 *   slower than that makes a runner drop its shards until the database answers in time again.
 * - The engine's fibers run in `setImmediate` batches instead of Effect's default microtask rounds:
 *   Node polls for I/O between every batch, so a busy engine does not hold webhooks back (a late
 *   ACE answer is a call that does not hang up). See docs/performance.md, "Campaigns".
 *
 * Several instances may start at the same time on a fresh Postgres database: their starts take turns
 * (a Postgres advisory lock on a connection of its own, held while an instance starts), since two
 * concurrent creations of one table clash; the workflow package's own table creation is safe
 * concurrently by itself too.
 *
 * `ShardingConfig` values not set here are read from the environment as `@effect/cluster` does
 * (`SHARDS_PER_GROUP`, ...); `shardingConfig` overrides everything. All runners of one database
 * must agree on `shardsPerGroup`.
 *
 * @since 0.2.0
 */
import * as CallJournal from "@effect-sinch/workflow/CallJournal"
import type * as CampaignError from "@effect-sinch/workflow/CampaignError"
import * as CampaignStore from "@effect-sinch/workflow/CampaignStore"
import * as Pacer from "@effect-sinch/workflow/Pacer"
import type * as WorkflowError from "@effect-sinch/workflow/WorkflowError"
import * as ClusterWorkflowEngine from "@effect/cluster/ClusterWorkflowEngine"
import * as RunnerAddress from "@effect/cluster/RunnerAddress"
import type * as Sharding from "@effect/cluster/Sharding"
import type * as ShardingConfig from "@effect/cluster/ShardingConfig"
import * as SingleRunner from "@effect/cluster/SingleRunner"
import * as NodeClusterSocket from "@effect/platform-node/NodeClusterSocket"
import type * as SocketServer from "@effect/platform/SocketServer"
import * as PgClient from "@effect/sql-pg/PgClient"
import * as SqliteClient from "@effect/sql-sqlite-node/SqliteClient"
import * as SqlClient from "@effect/sql/SqlClient"
import type * as SqlError from "@effect/sql/SqlError"
import type * as WorkflowEngine from "@effect/workflow/WorkflowEngine"
import * as Config from "effect/Config"
import type * as ConfigError from "effect/ConfigError"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import type * as Redacted from "effect/Redacted"
import * as Scheduler from "effect/Scheduler"

/**
 * What the layers provide: the engine, the cluster it runs on, the workflow package's stores (call
 * journal, campaigns, pacer), and the database (for the application's own tables too).
 *
 * @since 0.2.0
 * @category Models
 */
export type Services =
  | WorkflowEngine.WorkflowEngine
  | Sharding.Sharding
  | SqlClient.SqlClient
  | CallJournal.CallJournal
  | CampaignStore.CampaignStore
  | Pacer.Pacer

/**
 * Errors of building the workflow package's tables.
 *
 * @since 0.2.0
 * @category Models
 */
export type TablesError = WorkflowError.JournalError | CampaignError.CampaignStorageError

/**
 * @since 0.2.0
 * @category Models
 */
export interface TimingOptions {
  /** How often stored messages and timers are polled: durable timers fire up to this late. Default: 1 second. */
  readonly pollInterval?: Duration.DurationInput | undefined
  /** Anything else of `@effect/cluster`'s `ShardingConfig`; wins over every other setting. */
  readonly shardingConfig?: Partial<ShardingConfig.ShardingConfig["Type"]> | undefined
  /** The call journal's table (see `CallJournal.layerSql`). */
  readonly journal?: CallJournal.SqlOptions | undefined
  /** The campaign pacer's lease duration and polling (see `Pacer.layerSql`). */
  readonly pacer?: Pacer.Options | undefined
}

/**
 * @since 0.2.0
 * @category Models
 */
export interface SqliteOptions extends TimingOptions {
  /** The database file, created if missing. One process per file. */
  readonly filename: string
}

/**
 * How fast a Postgres cluster moves the work of a runner that stopped.
 *
 * @since 0.2.0
 * @category Models
 */
export interface FailoverOptions {
  /**
   * A runner's shard locks and heartbeat count as stale after this: the longest a dead runner's
   * work waits when no health check notices it. Default: 10 seconds.
   */
  readonly lockExpiration?: Duration.DurationInput | undefined
  /**
   * How often a runner refreshes its locks and heartbeat, at most a third of `lockExpiration`. A
   * refresh slower than this counts as a storage failure (the runner drops its shards until the
   * storage answers in time again), so not too short on a busy database. Default: 3 seconds.
   */
  readonly lockRefreshInterval?: Duration.DurationInput | undefined
  /** How often one runner pings the others. Default: 2 seconds. */
  readonly healthCheckInterval?: Duration.DurationInput | undefined
  /** How often a runner re-reads the runner list and shard assignments. Default: 1 second. */
  readonly refreshAssignmentsInterval?: Duration.DurationInput | undefined
}

/**
 * The Postgres connection: a `url`, or its parts.
 *
 * @since 0.2.0
 * @category Models
 */
export interface PostgresConnection {
  readonly url?: Redacted.Redacted<string> | undefined
  readonly host?: string | undefined
  readonly port?: number | undefined
  readonly database?: string | undefined
  readonly username?: string | undefined
  readonly password?: Redacted.Redacted<string> | undefined
  /** Connections in the pool. Default: `@effect/sql-pg`'s (10). */
  readonly maxConnections?: number | undefined
}

/**
 * @since 0.2.0
 * @category Models
 */
export interface PostgresOptions extends PostgresConnection, TimingOptions {
  /** Where the other runners reach this one (host and TCP port). Unique per runner. */
  readonly runnerAddress: { readonly host: string; readonly port: number }
  /** Where this runner listens, when it differs from `runnerAddress` (e.g. `0.0.0.0` in a container). */
  readonly listenAddress?: { readonly host: string; readonly port: number } | undefined
  readonly failover?: FailoverOptions | undefined
}

/**
 * @since 0.2.0
 * @category Models
 */
export interface PostgresClientOptions extends PostgresConnection, TimingOptions {}

/**
 * The timing this module sets, before `shardingConfig`.
 *
 * @since 0.2.0
 * @category Constants
 */
export const defaults = {
  pollInterval: Duration.seconds(1),
  lockExpiration: Duration.seconds(10),
  lockRefreshInterval: Duration.seconds(3),
  healthCheckInterval: Duration.seconds(2),
  refreshAssignmentsInterval: Duration.seconds(1)
} as const

const timing = (
  options: TimingOptions,
  failover: FailoverOptions = {}
): Partial<ShardingConfig.ShardingConfig["Type"]> => ({
  entityMessagePollInterval: options.pollInterval ?? defaults.pollInterval,
  shardLockExpiration: failover.lockExpiration ?? defaults.lockExpiration,
  shardLockRefreshInterval: failover.lockRefreshInterval ?? defaults.lockRefreshInterval,
  runnerHealthCheckInterval: failover.healthCheckInterval ?? defaults.healthCheckInterval,
  refreshAssignmentsInterval: failover.refreshAssignmentsInterval ?? defaults.refreshAssignmentsInterval,
  ...options.shardingConfig
})

const pgClient = (options: PostgresConnection): Layer.Layer<SqlClient.SqlClient, SqlError.SqlError> =>
  PgClient.layer({
    url: options.url,
    host: options.host,
    port: options.port,
    database: options.database,
    username: options.username,
    password: options.password,
    maxConnections: options.maxConnections,
    applicationName: "effect-sinch"
  })

const singleRunnerAddress = RunnerAddress.make("localhost", 34431)

// Instances starting together on a fresh database race to create the cluster's tables, and Postgres
// refuses one of two concurrent `CREATE TABLE IF NOT EXISTS` (measured: "type \"cluster_runners\"
// already exists"). A session advisory lock, on a connection of its own, makes them start one after
// the other; it is released when the instance has started (or failed to), or its connection died.
const startupLockKey = 6_573_677_402

const oneStartAtATime = <A, E, R>(
  connection: PostgresConnection,
  layer: Layer.Layer<A, E, R>
): Layer.Layer<A, E | SqlError.SqlError, R> =>
  Layer.scopedContext(Effect.gen(function*() {
    const scope = yield* Effect.scope
    return yield* Effect.scoped(Effect.gen(function*() {
      const lockClient = yield* Layer.build(pgClient({ ...connection, maxConnections: 1 }))
      const sql = Context.get(lockClient, SqlClient.SqlClient)
      yield* sql.unsafe(`SELECT pg_advisory_lock(${startupLockKey})`)
      // the instance lives in the layer's scope; the lock's connection closes when it has started
      return yield* Layer.buildWithScope(layer, scope)
    }))
  }))

// Effect's default scheduler runs ready fibers in microtasks, up to 2,048 rounds before it lets Node
// poll for I/O: with hundreds of workflows busy, the event loop stalled for 0.5–0.75 s at a time, and
// a webhook needing several turns of the loop took over 5 s — past Sinch's callback timeout, so the
// ACE's hang-up never arrived and the call stayed up until its maximum duration (measured: the
// "minute-long tail" of SQLite campaigns, docs/performance.md). Running the engine's fibers in
// `setImmediate` batches lets I/O in between every batch.
const ioFriendlyScheduler = Layer.setScheduler(Scheduler.makeBatched((runBatch) => setImmediate(runBatch)))

// the workflow package's tables, on the engine's database
const tables = (options: TimingOptions) =>
  Layer.mergeAll(CallJournal.layerSql(options.journal), CampaignStore.layerSql, Pacer.layerSql(options.pacer))

/**
 * The engine on one SQLite file, in this process only.
 *
 * @since 0.2.0
 * @category Layers
 */
export const layerSqlite = (
  options: SqliteOptions
): Layer.Layer<Services, ConfigError.ConfigError | TablesError> =>
  Layer.merge(ClusterWorkflowEngine.layer, tables(options)).pipe(
    Layer.provideMerge(SingleRunner.layer({
      runnerStorage: "sql",
      // always the same address (not `HOST` / `PORT` from the environment): a restarted process
      // takes its shard locks back at once instead of waiting for them to expire
      shardingConfig: { runnerAddress: Option.some(singleRunnerAddress), ...timing(options) }
    })),
    Layer.provideMerge(SqliteClient.layer({ filename: options.filename })),
    Layer.provide(ioFriendlyScheduler)
  )

/**
 * A runner of a cluster on one Postgres database: runs its share of the workflows and takes over
 * those of runners that stop.
 *
 * @since 0.2.0
 * @category Layers
 */
export const layerPostgres = (
  options: PostgresOptions
): Layer.Layer<
  Services,
  ConfigError.ConfigError | SqlError.SqlError | SocketServer.SocketServerError | TablesError
> =>
  oneStartAtATime(
    options,
    Layer.merge(ClusterWorkflowEngine.layer, tables(options)).pipe(
      Layer.provideMerge(NodeClusterSocket.layer({
        storage: "sql",
        shardingConfig: {
          runnerAddress: Option.some(RunnerAddress.make(options.runnerAddress.host, options.runnerAddress.port)),
          runnerListenAddress: options.listenAddress === undefined
            ? Option.none()
            : Option.some(RunnerAddress.make(options.listenAddress.host, options.listenAddress.port)),
          ...timing(options, options.failover)
        }
      })),
      Layer.provideMerge(pgClient(options)),
      Layer.provide(ioFriendlyScheduler)
    )
  )

/**
 * A process of a Postgres cluster that runs no workflows: it starts them, polls them and completes
 * their waits (e.g. a webhook-only instance), the runners do the work.
 *
 * @since 0.2.0
 * @category Layers
 */
export const layerPostgresClientOnly = (
  options: PostgresClientOptions
): Layer.Layer<Services, ConfigError.ConfigError | SqlError.SqlError | TablesError> =>
  oneStartAtATime(
    options,
    Layer.merge(ClusterWorkflowEngine.layer, tables(options)).pipe(
      Layer.provideMerge(NodeClusterSocket.layer({
        clientOnly: true,
        storage: "sql",
        shardingConfig: { runnerAddress: Option.none(), ...timing(options) }
      })),
      Layer.provideMerge(pgClient(options)),
      Layer.provide(ioFriendlyScheduler)
    )
  )

/**
 * Which layer `layerConfig` builds, from the environment by default (`fromEnv`).
 *
 * @since 0.2.0
 * @category Models
 */
export type Options =
  | { readonly _tag: "Sqlite"; readonly options: SqliteOptions }
  | { readonly _tag: "Postgres"; readonly options: PostgresOptions }
  | { readonly _tag: "PostgresClientOnly"; readonly options: PostgresClientOptions }

/**
 * `SINCH_FLOWS_DATABASE_URL` (a `postgres://` URL) selects Postgres, with this runner reachable at
 * `SINCH_FLOWS_RUNNER_HOST`:`SINCH_FLOWS_RUNNER_PORT` (default port 34431; without a host the
 * process is client-only); otherwise `SINCH_FLOWS_SQLITE_FILE` (default `sinch-flows.db`).
 * `SINCH_FLOWS_POLL_INTERVAL` (e.g. `1 second`) sets the poll interval.
 *
 * @since 0.2.0
 * @category Config
 */
export const fromEnv: Config.Config<Options> = Config.all({
  url: Config.option(Config.redacted("SINCH_FLOWS_DATABASE_URL")),
  runnerHost: Config.option(Config.string("SINCH_FLOWS_RUNNER_HOST")),
  runnerPort: Config.integer("SINCH_FLOWS_RUNNER_PORT").pipe(Config.withDefault(34431)),
  filename: Config.string("SINCH_FLOWS_SQLITE_FILE").pipe(Config.withDefault("sinch-flows.db")),
  pollInterval: Config.duration("SINCH_FLOWS_POLL_INTERVAL").pipe(Config.withDefault(defaults.pollInterval))
}).pipe(
  Config.map(({ filename, pollInterval, runnerHost, runnerPort, url }): Options =>
    Option.match(url, {
      onNone: () => ({ _tag: "Sqlite", options: { filename, pollInterval } }),
      onSome: (url) =>
        Option.match(runnerHost, {
          onNone: () => ({ _tag: "PostgresClientOnly", options: { url, pollInterval } }),
          onSome: (host) => ({
            _tag: "Postgres",
            options: { url, pollInterval, runnerAddress: { host, port: runnerPort } }
          })
        })
    })
  )
)

/**
 * The layer `config` selects (by default from the environment, see `fromEnv`).
 *
 * @since 0.2.0
 * @category Layers
 */
export const layerConfig = (
  config: Config.Config<Options> = fromEnv
): Layer.Layer<
  Services,
  ConfigError.ConfigError | SqlError.SqlError | SocketServer.SocketServerError | TablesError
> =>
  Layer.unwrapEffect(Effect.map(config, (selected) => {
    switch (selected._tag) {
      case "Sqlite":
        return layerSqlite(selected.options)
      case "Postgres":
        return layerPostgres(selected.options)
      case "PostgresClientOnly":
        return layerPostgresClientOnly(selected.options)
    }
  }))
