/**
 * The campaign section of `pnpm bench` (issue #11), run from `main.ts`: for SQLite (a temp file)
 * and Postgres (a throwaway server, when installed), a campaign process (`campaignWorker.ts`) and
 * its far end (`farEndWorker.ts`, the simulator) in processes of their own; a warm-up campaign,
 * then `rounds` measured campaigns of `contacts` contacts each. Then, on SQLite, memory with
 * `inFlight` contacts whose calls ring at once.
 *
 * Pacing is set to the pacer's maximum (1,000 calls per second, live calls unlimited in effect)
 * so that it is not what limits the campaign.
 */
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Scope from "effect/Scope"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import * as Postgres from "../../test/utils/postgres.js"
import { freePorts } from "../../test/utils/processes.js"
import * as Report from "../report.js"
import * as Shared from "../shared.js"
import type * as CampaignWorker from "./campaignWorker.js"
import type * as FarEndWorker from "./farEndWorker.js"
import type * as CampaignReport from "./report.js"

export interface Settings {
  readonly rounds: number
  readonly contacts: number
  readonly warmUpContacts: number
  readonly inFlight: number
  /** How long to wait for every in-flight call before reading memory anyway. */
  readonly inFlightLimitMillis: number
  /** Which parts run: `sqlite`, `postgres`, `in-flight`. */
  readonly parts: ReadonlySet<string>
  /** The engine's poll interval, when not `NodeCallFlows`' default. */
  readonly pollMillis: number | undefined
  /** `node` options of the campaign process (`--cpu-prof` under `--profile`), by its name. */
  readonly execArgv: (name: string) => ReadonlyArray<string>
  readonly log: (message: string) => void
}

/** The pacer's maximum: the pace is not what limits the campaign. */
const callsPerSecond = 1000

/** Postgres publishes a backend's counters within about a second of a busy one, ten of an idle one. */
const postgresSettleMillis = 11_000

const sleep = (millis: number) => new Promise((resolve) => setTimeout(resolve, millis))

type StorageOf = (ports: { readonly runnerPort: number }) => CampaignWorker.Storage

interface Pair {
  readonly farEnd: Shared.Child
  readonly worker: Shared.Child
  readonly stop: () => Promise<void>
}

/** A far end and a campaign process wired to each other on loopback. */
const startPair = async (name: string, storageOf: StorageOf, settings: Settings): Promise<Pair> => {
  const [webhookPort = 0, runnerPort = 0] = await Effect.runPromise(freePorts(2))
  const farEnd = await Shared.forkChild("campaign/farEndWorker.ts", [`http://127.0.0.1:${webhookPort}/sinch/callback`])
  const ready = farEnd.ready
  const sinchUrl = typeof ready === "object" && ready !== null && "url" in ready ? String(ready.url) : ""
  const options: CampaignWorker.WorkerOptions = {
    storage: storageOf({ runnerPort }),
    sinchUrl,
    webhookPort,
    pollMillis: settings.pollMillis
  }
  const worker = await Shared.forkChild(
    "campaign/campaignWorker.ts",
    [JSON.stringify(options)],
    ["--expose-gc", ...settings.execArgv(name)]
  ).catch(async (error: unknown) => {
    await farEnd.stop()
    throw error
  })
  return { farEnd, worker, stop: () => Promise.all([worker.stop(), farEnd.stop()]).then(() => undefined) }
}

const campaign = (
  campaignId: string,
  prefix: string,
  contacts: number,
  dialTimeoutSeconds = 30
): CampaignWorker.CampaignSettings => ({
  campaignId,
  prefix,
  contacts,
  callsPerSecond,
  maxLiveCalls: contacts,
  dialTimeoutSeconds
})

const run = (pair: Pair, settings: CampaignWorker.CampaignSettings) =>
  pair.worker.request<CampaignWorker.RunMeasurement>({ _tag: "run", campaign: settings }, 600_000)

const storageRow = async (
  storage: "SQLite" | "Postgres",
  storageOf: StorageOf,
  settings: Settings
): Promise<CampaignReport.StorageRow> => {
  const pair = await startPair(`campaign-${storage.toLowerCase()}`, storageOf, settings)
  try {
    await run(pair, campaign("warm-up", "00", settings.warmUpContacts))
    const databaseCounters = async () => {
      if (storage !== "Postgres") return undefined
      await sleep(postgresSettleMillis)
      return pair.worker.request<CampaignWorker.DatabaseCounters>({ _tag: "databaseCounters" })
    }
    const rounds: Array<
      {
        measured: CampaignWorker.RunMeasurement
        callouts: FarEndWorker.Callouts
        database?: CampaignWorker.DatabaseCounters
      }
    > = []
    let before = await databaseCounters()
    for (let round = 1; round <= settings.rounds; round++) {
      await pair.farEnd.request<FarEndWorker.Callouts>({ _tag: "callouts" })
      const measured = await run(pair, campaign(`round-${round}`, String(10 + round), settings.contacts))
      const callouts = await pair.farEnd.request<FarEndWorker.Callouts>({ _tag: "callouts" })
      const after = await databaseCounters()
      const database = before === undefined || after === undefined ? undefined : {
        transactions: after.transactions - before.transactions,
        rowsWritten: after.rowsWritten - before.rowsWritten
      }
      before = after
      if (measured.attempts !== settings.contacts || callouts.count !== settings.contacts) {
        throw new Error(
          `${storage} round ${round}: ${measured.attempts} attempts, ${callouts.count} callouts for ${settings.contacts} contacts`
        )
      }
      rounds.push({ measured, callouts, ...(database === undefined ? {} : { database }) })
      settings.log(
        `campaign ${storage} round ${round}: ${
          ((callouts.count - 1) / ((callouts.lastMillis - callouts.firstMillis) / 1000)).toFixed(0)
        } calls/s, ` +
          `${(measured.cpuMicros / measured.attempts).toFixed(0)} µs/call, ${
            (measured.statements.statements / measured.attempts).toFixed(1)
          } statements/call`
      )
    }
    const perCall = (value: (round: (typeof rounds)[number]) => number | undefined) => {
      const values = rounds.flatMap((round) => {
        const found = value(round)
        return found === undefined ? [] : [found / round.measured.attempts]
      })
      return values.length === 0 ? undefined : Report.figure(values)
    }
    const row: CampaignReport.StorageRow = {
      storage,
      available: true,
      contactsPerRound: settings.contacts,
      callsPerSecond: Report.figure(
        rounds.map(({ callouts }) => (callouts.count - 1) / ((callouts.lastMillis - callouts.firstMillis) / 1000))
      ),
      startMillis: Report.figure(rounds.map(({ measured }) => measured.startMillis)),
      doneMillis: Report.figure(rounds.map(({ measured }) => measured.wallMillis)),
      cpuMicrosPerCall: perCall(({ measured }) => measured.cpuMicros),
      coresBusy: Report.figure(rounds.map(({ measured }) => measured.cpuMicros / 1000 / measured.wallMillis)),
      statementsPerCall: perCall(({ measured }) => measured.statements.statements),
      writesPerCall: perCall(({ measured }) => measured.statements.writes),
      commitsPerCall: perCall(({ measured }) => measured.statements.commits),
      rowsWrittenPerCall: storage === "SQLite"
        ? perCall(({ measured }) => measured.rowsWritten)
        : perCall(({ database }) => database?.rowsWritten)
    }
    const transactions = perCall(({ database }) => database?.transactions)
    return transactions === undefined ? row : { ...row, databaseTransactionsPerCall: transactions }
  } finally {
    await pair.stop()
  }
}

const inFlight = async (storageOf: StorageOf, settings: Settings): Promise<CampaignReport.InFlight> => {
  const pair = await startPair("campaign-in-flight", storageOf, settings)
  try {
    // the code loaded and run once, so that the baseline includes it
    await run(pair, campaign("warm-up", "00", settings.warmUpContacts))
    const baseline = await pair.worker.request<CampaignWorker.Memory>({ _tag: "memory" })
    // a campaign per 1,000 contacts, started at once: `Campaign.start` admits a few contacts at a time
    const parts = Array.from({ length: Math.ceil(settings.inFlight / 1000) }, (_, index) => ({
      campaignId: `in-flight-${index}`,
      prefix: String(50 + index),
      contacts: Math.min(1000, settings.inFlight - index * 1000)
    }))
    for (const { contacts, prefix } of parts) {
      await pair.farEnd.request({ _tag: "ringLong", prefix, count: contacts })
    }
    const started = performance.now()
    let startMillis: number | undefined
    // polled while the campaigns start: they may not all be started by the time limit
    const starting = Promise.all(
      parts.map(({ campaignId, contacts, prefix }) =>
        pair.worker.request<number>({ _tag: "start", campaign: campaign(campaignId, prefix, contacts, 600) }, 900_000)
      )
    ).then((millis) => {
      startMillis = Math.max(...millis)
    })
    starting.catch((error: unknown) =>
      settings.log(`campaign in flight: a start failed: ${String(error).slice(0, 300)}`)
    )
    let activeCalls = 0
    const samples: Array<readonly [number, number]> = []
    let nextSample = 10_000
    // the engine may not get every call in flight: memory is read when it has, or at the time limit
    while (activeCalls < settings.inFlight && performance.now() - started < settings.inFlightLimitMillis) {
      await sleep(250)
      activeCalls = await pair.farEnd.request<number>({ _tag: "activeCalls" })
      const elapsed = performance.now() - started
      if (elapsed >= nextSample) {
        samples.push([Math.round(elapsed), activeCalls])
        settings.log(`campaign in flight: ${activeCalls} calls after ${(elapsed / 1000).toFixed(0)} s`)
        nextSample += 10_000
      }
    }
    const millisToAllInFlight = performance.now() - started
    const memory = await pair.worker.request<CampaignWorker.Memory>({ _tag: "memory" })
    return {
      available: true,
      storage: "SQLite",
      contacts: settings.inFlight,
      activeCalls,
      ...(startMillis === undefined ? {} : { startMillis }),
      millisToAllInFlight,
      samples,
      rssBytes: memory.rssBytes,
      heapUsedBytes: memory.heapUsedBytes,
      heapTotalBytes: memory.heapTotalBytes,
      rssDeltaBytes: memory.rssBytes - baseline.rssBytes,
      heapUsedDeltaBytes: memory.heapUsedBytes - baseline.heapUsedBytes
    }
  } finally {
    await pair.stop()
  }
}

/** A temp directory for SQLite files, removed when `use` ends. */
const withTempDirectory = async <A>(use: (directory: string) => Promise<A>): Promise<A> => {
  const directory = Fs.mkdtempSync(Path.join(Os.tmpdir(), "esw-bench-campaign-"))
  try {
    return await use(directory)
  } finally {
    Fs.rmSync(directory, { recursive: true, force: true })
  }
}

/** A throwaway Postgres server, stopped and removed when `use` ends. */
const withPostgres = async <A>(use: (url: string) => Promise<A>): Promise<A> => {
  const scope = Effect.runSync(Scope.make())
  try {
    const server = await Effect.runPromise(Scope.extend(Postgres.start, scope))
    return await use(`postgres://${server.username}@${server.host}:${server.port}/${server.database}`)
  } finally {
    await Effect.runPromise(Scope.close(scope, Exit.void))
  }
}

export const measure = (settings: Settings): Promise<CampaignReport.Results> =>
  withTempDirectory(async (directory) => {
    const sqlite = (name: string): StorageOf => () => ({ _tag: "Sqlite", filename: Path.join(directory, `${name}.db`) })
    const rows: Array<CampaignReport.StorageRow> = []
    if (settings.parts.has("sqlite")) rows.push(await storageRow("SQLite", sqlite("throughput"), settings))
    if (settings.parts.has("postgres")) {
      rows.push(
        Postgres.available
          ? await withPostgres((url) =>
            storageRow("Postgres", ({ runnerPort }) => ({ _tag: "Postgres", url, runnerPort }), settings)
          )
          : { storage: "Postgres", available: false, reason: "no Postgres (/usr/lib/postgresql/*/bin)" }
      )
    }
    const held: CampaignReport.InFlight = settings.parts.has("in-flight")
      ? await inFlight(sqlite("in-flight"), settings)
      : { available: false, reason: "not run (--campaign-parts)" }
    settings.log(
      `campaign in flight: ${held.activeCalls} calls, RSS ${((held.rssBytes ?? 0) / 1024 / 1024).toFixed(0)} MB`
    )
    return { rows, inFlight: held }
  })
