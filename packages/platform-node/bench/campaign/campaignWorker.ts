/**
 * The campaign process of the benchmark: `NodeCallFlows` (SQLite file or Postgres, from the JSON
 * of `process.argv[2]`), `Campaign` and `CallFlow` with `NodeSinchVoice` pointed at the far end
 * (the simulator, in another process), and the webhook server with `OutcomeWebhooks` on a loopback
 * port, where the far end sends the calls' events. What a deployment of one instance runs.
 *
 * Each `run` request starts a campaign, waits until it is done and answers with this process's
 * CPU time, the SQL statements counted by `StatementCounter` at the drivers and, on SQLite, the rows written
 * (`total_changes()`). Run with `--expose-gc` for `memory`.
 */
import * as NodeCallFlows from "@effect-sinch/platform-node/NodeCallFlows"
import * as NodeSinchVoice from "@effect-sinch/platform-node/NodeSinchVoice"
import * as NodeWebhookServer from "@effect-sinch/platform-node/NodeWebhookServer"
import * as CallFlow from "@effect-sinch/workflow/CallFlow"
import * as Campaign from "@effect-sinch/workflow/Campaign"
import * as OutcomeWebhooks from "@effect-sinch/workflow/OutcomeWebhooks"
import * as SqlClient from "@effect/sql/SqlClient"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"
import * as LogLevel from "effect/LogLevel"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Redacted from "effect/Redacted"
import * as Shared from "../shared.js"
import * as Contacts from "./contacts.js"
// first: it wraps the database drivers before any connection is made
import * as StatementCounter from "./statementCounter.js"

export type Storage =
  | { readonly _tag: "Sqlite"; readonly filename: string }
  | { readonly _tag: "Postgres"; readonly url: string; readonly runnerPort: number }

export interface WorkerOptions {
  readonly storage: Storage
  readonly sinchUrl: string
  readonly webhookPort: number
  /** The engine's storage poll interval (`NodeCallFlows`' `pollInterval`); its default when absent. */
  readonly pollMillis?: number | undefined
}

export interface CampaignSettings {
  readonly campaignId: string
  /** The contacts' numbers: `Contacts.phoneNumbers(prefix, contacts)`. */
  readonly prefix: string
  readonly contacts: number
  readonly callsPerSecond: number
  readonly maxLiveCalls: number
  readonly dialTimeoutSeconds: number
}

export type CampaignRequest =
  /** Starts a campaign and waits until it is done. */
  | { readonly _tag: "run"; readonly campaign: CampaignSettings }
  /** Starts a campaign and answers once every contact's workflow is started. */
  | { readonly _tag: "start"; readonly campaign: CampaignSettings }
  | { readonly _tag: "progress"; readonly campaignId: string }
  /** Memory after two full collections. */
  | { readonly _tag: "memory" }
  /** Postgres only: the database's counters (`pg_stat_database`). */
  | { readonly _tag: "databaseCounters" }

export interface RunMeasurement {
  readonly contacts: number
  readonly attempts: number
  /** `Campaign.start`: storing the contacts and starting their workflows. */
  readonly startMillis: number
  /** From `Campaign.start` until the campaign was done. */
  readonly wallMillis: number
  /** This process's CPU (user + system) over `wallMillis`. */
  readonly cpuMicros: number
  /** The engine's statements: the benchmark's own polls of `Campaign.progress` are subtracted. */
  readonly statements: StatementCounter.Counts
  /** How often the benchmark read the campaign's progress (every 250 ms). */
  readonly progressPolls: number
  /** SQLite: rows inserted, updated or deleted (`total_changes()`). */
  readonly rowsWritten?: number
}

export interface DatabaseCounters {
  /** Transactions committed, read-only ones included (every statement outside a transaction is one). */
  readonly transactions: number
  /** `tup_inserted + tup_updated + tup_deleted`. */
  readonly rowsWritten: number
}

export interface Memory {
  readonly rssBytes: number
  readonly heapUsedBytes: number
  readonly heapTotalBytes: number
  readonly externalBytes: number
}

const options: WorkerOptions = JSON.parse(process.argv[2] ?? "{}")
const path = "/sinch/callback"
const applicationSecret = Redacted.make(Shared.applicationSecret)
const message = "Your appointment is tomorrow at ten."

const storage = options.storage
const enginePollInterval = options.pollMillis === undefined ? undefined : Duration.millis(options.pollMillis)
const EngineLive = storage._tag === "Sqlite"
  ? NodeCallFlows.layerSqlite({ filename: storage.filename, pollInterval: enginePollInterval })
  : NodeCallFlows.layerPostgres({
    url: Redacted.make(storage.url),
    pollInterval: enginePollInterval,
    runnerAddress: { host: "127.0.0.1", port: storage.runnerPort }
  })

const AppLive = Layer.mergeAll(
  CallFlow.layer,
  Campaign.layer,
  NodeWebhookServer.layerHandlers({
    port: options.webhookPort,
    host: "127.0.0.1",
    path,
    credentials: [{ applicationKey: Shared.applicationKey, applicationSecret }],
    handlers: OutcomeWebhooks.handlers()
  })
).pipe(
  Layer.provide(Layer.merge(
    NodeSinchVoice.layer({
      applicationKey: Shared.applicationKey,
      applicationSecret,
      callingBaseUrl: options.sinchUrl,
      configurationBaseUrl: options.sinchUrl
    }),
    CallFlow.layerSettings({ callbackUrl: `http://127.0.0.1:${options.webhookPort}${path}` })
  )),
  Layer.provideMerge(EngineLive),
  Layer.provide(Logger.minimumLogLevel(LogLevel.Warning))
)

const runtime = ManagedRuntime.make(AppLive)
await runtime.runPromise(Effect.void)

const start = (campaign: CampaignSettings) =>
  Campaign.start({
    id: campaign.campaignId,
    contacts: Contacts.contacts(campaign.prefix, campaign.contacts),
    message,
    retry: { maxAttempts: 1 },
    callsPerSecond: campaign.callsPerSecond,
    maxLiveCalls: campaign.maxLiveCalls,
    dialTimeoutSeconds: campaign.dialTimeoutSeconds,
    maxDurationSeconds: 60
  })

const pollInterval = Duration.millis(250)

const totalChanges = storage._tag === "Sqlite"
  ? Effect.flatMap(SqlClient.SqlClient, (sql) => sql<{ n: number }>`SELECT total_changes() AS n`).pipe(
    Effect.map((rows) => Number(rows[0]?.n ?? 0))
  )
  : Effect.succeed(undefined)

/** The statements of one `Campaign.progress`, the benchmark's own: subtracted from the engine's. */
const statementsOfProgress = (campaignId: string) =>
  Effect.gen(function*() {
    const before = StatementCounter.snapshot()
    yield* Campaign.progress(campaignId)
    return StatementCounter.difference(StatementCounter.snapshot(), before)
  })

const run = (campaign: CampaignSettings) =>
  Effect.gen(function*() {
    // the counters are read outside the measured window, in this order, so that they count nothing of their own
    const changesBefore = yield* totalChanges
    const countsBefore = StatementCounter.snapshot()
    const cpuBefore = process.cpuUsage()
    const started = performance.now()
    yield* start(campaign)
    const startMillis = performance.now() - started
    // as `Campaign.awaitDone`, counting the polls
    let polls = 0
    let done = yield* Campaign.progress(campaign.campaignId)
    while (done.status !== "done" && done.status !== "cancelled") {
      yield* Effect.sleep(pollInterval)
      polls++
      done = yield* Campaign.progress(campaign.campaignId)
    }
    const wallMillis = performance.now() - started
    const cpuMicros = Shared.cpuMicrosSince(cpuBefore)
    const counted = StatementCounter.difference(StatementCounter.snapshot(), countsBefore)
    const changesAfter = yield* totalChanges
    const perPoll = yield* statementsOfProgress(campaign.campaignId)
    const statements: StatementCounter.Counts = {
      statements: counted.statements - (polls + 1) * perPoll.statements,
      writes: counted.writes - (polls + 1) * perPoll.writes,
      transactions: counted.transactions - (polls + 1) * perPoll.transactions,
      commits: counted.commits - (polls + 1) * perPoll.commits
    }
    const measurement: RunMeasurement = {
      contacts: done.contacts,
      attempts: done.attempts,
      startMillis,
      wallMillis,
      cpuMicros,
      statements,
      progressPolls: polls + 1,
      ...(changesBefore === undefined || changesAfter === undefined
        ? {}
        : { rowsWritten: changesAfter - changesBefore })
    }
    return measurement
  })

const databaseCounters = Effect.flatMap(
  SqlClient.SqlClient,
  (sql) =>
    sql<{ transactions: string; rows_written: string }>`
      SELECT xact_commit AS transactions, tup_inserted + tup_updated + tup_deleted AS rows_written
      FROM pg_stat_database WHERE datname = current_database()`
).pipe(
  Effect.map((rows): DatabaseCounters => ({
    transactions: Number(rows[0]?.transactions ?? 0),
    rowsWritten: Number(rows[0]?.rows_written ?? 0)
  }))
)

const collectGarbage = () => {
  const gc: unknown = Reflect.get(globalThis, "gc")
  if (typeof gc === "function") {
    gc()
    gc()
  }
}

const handle = (request: CampaignRequest): Promise<unknown> => {
  switch (request._tag) {
    case "run":
      return runtime.runPromise(run(request.campaign))
    case "start":
      return runtime.runPromise(
        Effect.map(Effect.timed(start(request.campaign)), ([duration]) => Duration.toMillis(duration))
      )
    case "progress":
      return runtime.runPromise(Campaign.progress(request.campaignId))
    case "memory": {
      collectGarbage()
      const usage = process.memoryUsage()
      const memory: Memory = {
        rssBytes: usage.rss,
        heapUsedBytes: usage.heapUsed,
        heapTotalBytes: usage.heapTotal,
        externalBytes: usage.external
      }
      return Promise.resolve(memory)
    }
    case "databaseCounters":
      return runtime.runPromise(databaseCounters)
  }
}

Shared.serveParent<CampaignRequest>({ available: true }, handle, () => void runtime.dispose())
