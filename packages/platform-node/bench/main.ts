/**
 * `pnpm bench` — the benchmarks of issue #7, all in one run:
 *
 * - client: CPU µs per request and requests/s of effect-sinch, a hand-written node:http client
 *   (the floor) and `@sinch/voice`, against a loopback fake of Sinch in its own process;
 * - webhooks: signed callbacks/s of effect-sinch's webhook server and a hand-written node:http
 *   handler, driven by a load generator in its own process;
 * - SVAML: encode and decode per second with the `Documents` schemas;
 * - simulator: memory holding 10,000 concurrent calls;
 * - campaign (issue #11): a campaign of `@effect-sinch/workflow` against the simulator (in its own
 *   process) on SQLite and on a throwaway Postgres: calls started per second, the campaign process's
 *   CPU and SQL statements per call, and its memory with contacts in flight (`campaign/measure.ts`).
 *
 * Every implementation runs in its own process; rounds alternate between them (the order rotates
 * each round) and the tables report the median round. Figures go to `bench-results/latest.json`.
 *
 * The fake Sinch answers as Sinch does (`Shared.sinchAnswer`: after a delay, with a gateway's
 * headers); `--answer=instant` makes it answer at once with minimal headers, as the fake of the
 * runs before issue #13 did (see docs/performance.md for what that changes); `--answer-delay=MS`
 * changes the delay of the Sinch-like answer (1 ms by default).
 *
 * Options: `--quick` (2 rounds, smaller batches: a smoke test, not figures to quote),
 * `--only=client,webhooks,svaml,simulator,campaign`, `--rounds=N`, `--out=FILE`, `--profile` (each client
 * and webhook worker runs under `--cpu-prof`; the profiles go to `bench-results/profiles/` and a
 * summary of where the CPU time goes is printed — the figures of a profiled run are not the
 * figures to quote, profiling slows everything down), `--impl=floor,effect,…` (only these
 * implementations), `--concurrency=1,32` (client loads), `--breakdown` (diagnostic rows next to
 * effect-sinch's: undici alone, undici in one `Effect.async`, effect-sinch's transport alone,
 * `@effect/platform`'s `HttpClient`, effect-sinch on that `HttpClient`, and the webhook stages; figures
 * to `bench-results/breakdown.json`).
 *
 * Campaign options: `--campaign-rounds=N` (measured campaigns per storage, 1),
 * `--campaign-contacts=N` (contacts per measured campaign; 200, `--quick` 50),
 * `--campaign-in-flight=N` (contacts held in flight; 1,000, `--quick` 200),
 * `--campaign-in-flight-limit=S` (seconds to wait for them all, 240), `--campaign-parts=sqlite,postgres,in-flight`,
 * `--campaign-poll=MS` (the engine's storage poll interval instead of `NodeCallFlows`' default).
 *
 * `--one-process` runs every client in one worker process, alternating batches: the comparison is then
 * on one heap and one JIT, which a loaded machine disturbs less than separate processes (but
 * garbage left by one client's batch may be collected in another's). `--worker-flags=a,b` passes `node`
 * flags (`--max-semi-space-size=64`, `--single-threaded-gc`) to the client workers only. Client rows
 * report, besides the CPU, the garbage collector's pauses, the main thread's share of the CPU and the
 * young-generation collections per 1,000 requests.
 *
 * effect-sinch runs as published, from its compiled output (`pnpm bench` builds it first; see
 * `Shared.effectSinchAsBuilt`).
 */
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import * as Campaign from "./campaign/measure.js"
import * as CampaignReport from "./campaign/report.js"
import * as ClientRegistry from "./clients/registry.js"
import type * as Types from "./clients/types.js"
import type * as ClientStages from "./clientStages.js"
import type * as ClientWorker from "./clientWorker.js"
import type * as LoadGenerator from "./loadGenerator.js"
import * as Profile from "./profile.js"
import * as Report from "./report.js"
import * as Shared from "./shared.js"
import type * as SvamlWorker from "./svamlWorker.js"
import * as WebhookRegistry from "./webhooks/registry.js"
import type * as WebhookStages from "./webhookStages.js"

const argument = (name: string): string | undefined =>
  process.argv.slice(2).find((arg) => arg === `--${name}` || arg.startsWith(`--${name}=`))?.slice(name.length + 3) ?? (
    process.argv.includes(`--${name}`) ? "" : undefined
  )

const quick = argument("quick") !== undefined
const breakdown = argument("breakdown") !== undefined
/** `--impl=a,b`: measure only these implementations (names of the registries). */
const only = argument("impl")?.split(",")
const sections = new Set(
  (argument("only") ?? (breakdown ? "client,webhooks" : "client,webhooks,svaml,simulator,campaign")).split(",")
)
const rounds = Number(argument("rounds") ?? (quick ? 2 : 5))
const answerName = argument("answer") ?? "sinch"
const answerDelay = argument("answer-delay")
const answer: Shared.Answer = answerName === "instant"
  ? Shared.instantAnswer
  : answerDelay === undefined
  ? Shared.sinchAnswer
  : { ...Shared.sinchAnswer, delayMillis: Number(answerDelay) }
if (answerName !== "instant" && answerName !== "sinch") throw new Error(`--answer=${answerName}: instant or sinch`)
const profile = argument("profile") !== undefined
/**
 * `--worker-flags=--max-semi-space-size=64,--single-threaded-gc`: `node` flags of the measured client
 * workers only (not the fake's; `NODE_OPTIONS` refuses some V8 flags and reaches every process).
 */
const workerFlags = argument("worker-flags")?.split(",").filter((flag) => flag.length > 0) ?? []
/** `--one-process`: the clients share one worker process (an A/B comparison on one heap and JIT). */
const oneProcess = argument("one-process") !== undefined
const outFile = Path.resolve(
  Shared.repositoryRoot,
  argument("out") ??
    (breakdown ? "bench-results/breakdown.json" : profile ? "bench-results/profiled.json" : "bench-results/latest.json")
)
const profileDirectory = Path.join(Shared.repositoryRoot, "bench-results", "profiles")
const profiles: Array<{ readonly title: string; readonly directory: string }> = []

/**
 * `node` options of a measured worker: under `--profile`, CPU profiles in a directory of its own
 * (tsx's loader thread writes one too; the main thread's is the largest).
 */
const profiling = (name: string): ReadonlyArray<string> => {
  if (!profile) return []
  const directory = Path.join(profileDirectory, name)
  Fs.rmSync(directory, { recursive: true, force: true })
  profiles.push({ title: name, directory })
  return ["--cpu-prof", `--cpu-prof-dir=${directory}`]
}

const mainThreadProfile = (directory: string): string | undefined =>
  Fs.existsSync(directory)
    ? Fs.readdirSync(directory).filter((file) => file.endsWith(".cpuprofile"))
      .map((file) => Path.join(directory, file))
      .sort((a, b) => Fs.statSync(b).size - Fs.statSync(a).size)[0]
    : undefined

const settings = {
  rounds,
  clientRequestsPerBatch: quick ? 500 : 2000,
  clientConcurrencies: argument("concurrency")?.split(",").map(Number) ?? [1, 32, 256],
  webhookCallbacksPerBatch: quick ? 1000 : 4000,
  webhookConcurrencies: [32],
  svamlOperationsPerBatch: quick ? 2000 : 20000,
  simulatorCalls: 10_000,
  // a SQLite campaign lasts about a minute whatever its size (docs/performance.md, Campaigns)
  campaignRounds: Number(argument("campaign-rounds") ?? 1),
  campaignContacts: Number(argument("campaign-contacts") ?? (quick ? 50 : 200)),
  campaignInFlight: Number(argument("campaign-in-flight") ?? (quick ? 200 : 1000)),
  answer,
  oneProcess
}

const log = (message: string) => process.stderr.write(`${message}\n`)

/** The order of the implementations in round `round`: rotated, so that none always goes first. */
const rotate = <A>(items: ReadonlyArray<A>, round: number): ReadonlyArray<A> =>
  items.map((_, index) => items[(index + round) % items.length]!)

const stopAll = (children: ReadonlyArray<Shared.Child>) => Promise.all(children.map((child) => child.stop()))

const isAvailable = (ready: unknown): boolean =>
  typeof ready === "object" && ready !== null && "available" in ready && ready.available === true

const runClient = async (): Promise<ReadonlyArray<Report.ClientRow>> => {
  const fake = await Shared.forkChild("fakeSinch.ts", [JSON.stringify(answer)])
  const port = typeof fake.ready === "object" && fake.ready !== null && "port" in fake.ready ? fake.ready.port : 0
  const baseUrl = `http://127.0.0.1:${port}`
  const implementations = ClientRegistry.implementations.filter((implementation) =>
    only !== undefined
      ? only.includes(implementation.name)
      : breakdown
      ? implementation.diagnostic === true || implementation.name !== "official"
      : !implementation.diagnostic
  )
  const forkWorker = async (names: string) => {
    const worker = await Shared.forkChild("clientWorker.ts", [names, baseUrl], [
      ...workerFlags,
      ...profiling(`client-${names}`)
    ])
    if (!isAvailable(worker.ready)) throw new Error(`${names} did not load`)
    return worker
  }
  // --one-process: every client in one worker (one heap, one JIT), otherwise a worker each
  const shared = oneProcess ? await forkWorker(implementations.map(({ name }) => name).join(",")) : undefined
  const running = await Promise.all(implementations.map(async (implementation) => ({
    implementation,
    worker: shared ?? await forkWorker(implementation.name)
  })))
  try {
    const rows: Array<Report.ClientRow> = []
    for (const operation of ["callout", "get"] satisfies ReadonlyArray<Types.Operation>) {
      for (const concurrency of settings.clientConcurrencies) {
        const measurements = new Map<string, Array<Shared.Measurement & { readonly fakeCpuMicros: number }>>()
        for (let round = 0; round < rounds; round++) {
          for (const { implementation, worker } of rotate(running, round)) {
            const request: ClientWorker.BatchRequest = {
              implementation: implementation.name,
              operation,
              concurrency,
              count: settings.clientRequestsPerBatch
            }
            const fakeBefore = await fake.request<number>("cpu")
            const measurement = await worker.request<Shared.Measurement>(request)
            // the fake's CPU covers the worker's warm-up too: it is divided by every request it served
            const fakeCpuMicros = ((await fake.request<number>("cpu")) - fakeBefore) *
              measurement.count / (measurement.count + Shared.warmUpCount(concurrency))
            measurements.set(implementation.name, [
              ...measurements.get(implementation.name) ?? [],
              { ...measurement, fakeCpuMicros }
            ])
          }
        }
        rows.push({
          operation,
          concurrency,
          cells: running.map(({ implementation }): Report.ClientCell => {
            const batches = measurements.get(implementation.name) ?? []
            return {
              implementation: implementation.name,
              label: implementation.label,
              available: true,
              cpuMicrosPerRequest: Report.figure(batches.map((batch) => batch.cpuMicros / batch.count)),
              gcMicrosPerRequest: Report.figure(batches.map((batch) => (batch.gcMicros ?? 0) / batch.count)),
              mainThreadMicrosPerRequest: batches.every((batch) => batch.mainThreadMicros !== undefined)
                ? Report.figure(batches.map((batch) => (batch.mainThreadMicros ?? 0) / batch.count))
                : undefined,
              youngCollectionsPerThousand: Report.figure(
                batches.map((batch) => (batch.youngCollections ?? 0) * 1000 / batch.count)
              ),
              fakeCpuMicrosPerRequest: Report.figure(batches.map((batch) => batch.fakeCpuMicros / batch.count)),
              requestsPerSecond: Report.figure(batches.map((batch) => batch.count / (batch.wallMillis / 1000)))
            }
          })
        })
        const row = rows[rows.length - 1]!
        log(
          `client ${operation} c=${concurrency}: ` +
            row.cells.map((c) =>
              `${c.implementation} ${c.cpuMicrosPerRequest?.median.toFixed(1) ?? "—"} µs ${
                c.requestsPerSecond?.median.toFixed(0) ?? "—"
              } req/s`
            ).join(", ")
        )
      }
    }
    const stats = await fake.request<{ accepted: number; rejected: number; lastRejection: string }>("stats")
    if (stats.rejected > 0) {
      throw new Error(`the fake Sinch rejected ${stats.rejected} requests (last: ${stats.lastRejection})`)
    }
    return rows
  } finally {
    await stopAll([...new Set(running.map(({ worker }) => worker)), fake])
  }
}

const runWebhooks = async (): Promise<ReadonlyArray<Report.WebhookRow>> => {
  const generator = await Shared.forkChild("loadGenerator.ts")
  const implementations = WebhookRegistry.implementations.filter((implementation) =>
    only !== undefined ? only.includes(implementation.name) : breakdown || !implementation.diagnostic
  )
  const running = await Promise.all(implementations.map(async (implementation) => {
    const server = await Shared.forkChild(
      "webhookWorker.ts",
      [implementation.name],
      profiling(`webhooks-${implementation.name}`)
    )
    const ready = server.ready
    if (!isAvailable(ready) || typeof ready !== "object" || ready === null || !("port" in ready)) {
      throw new Error(`${implementation.name} did not start`)
    }
    return { implementation, server, port: Number(ready.port) }
  }))
  try {
    const rows: Array<Report.WebhookRow> = []
    for (const concurrency of settings.webhookConcurrencies) {
      const perRound = new Map<string, Array<{ cpuMicros: number; wallMillis: number }>>()
      for (let round = 0; round < rounds; round++) {
        for (const { implementation, port, server } of rotate(running, round)) {
          const warmUp: LoadGenerator.LoadRequest = {
            port,
            concurrency,
            count: Math.max(4 * concurrency, 400),
            checkAnswers: true
          }
          await generator.request<LoadGenerator.LoadResult>(warmUp)
          const cpuBefore = await server.request<number>("cpu")
          const measured: LoadGenerator.LoadRequest = {
            port,
            concurrency,
            count: settings.webhookCallbacksPerBatch,
            checkAnswers: false
          }
          const { wallMillis } = await generator.request<LoadGenerator.LoadResult>(measured)
          const cpuMicros = (await server.request<number>("cpu")) - cpuBefore
          perRound.set(implementation.name, [...perRound.get(implementation.name) ?? [], { cpuMicros, wallMillis }])
        }
      }
      const count = settings.webhookCallbacksPerBatch
      rows.push({
        concurrency,
        cells: running.map(({ implementation }): Report.WebhookCell => {
          const batches = perRound.get(implementation.name) ?? []
          return {
            implementation: implementation.name,
            label: implementation.label,
            available: true,
            callbacksPerSecond: Report.figure(batches.map((batch) => count / (batch.wallMillis / 1000))),
            serverCpuMicrosPerCallback: Report.figure(batches.map((batch) => batch.cpuMicros / count))
          }
        })
      })
      log(
        `webhooks c=${concurrency}: ` +
          rows[rows.length - 1]!.cells.map((c) =>
            `${c.implementation} ${c.callbacksPerSecond?.median.toFixed(0) ?? "—"} cb/s ${
              c.serverCpuMicrosPerCallback?.median.toFixed(1) ?? "—"
            } µs`
          ).join(", ")
      )
    }
    return rows
  } finally {
    await stopAll([...running.map(({ server }) => server), generator])
  }
}

/** The in-process stages of `script` (`webhookStages.ts` or `clientStages.ts`), median of the rounds. */
const runStages = async (script: string): Promise<ReadonlyArray<Report.StageRow>> => {
  const worker = await Shared.forkChild(script)
  try {
    const perRound = new Map<string, Array<number>>()
    for (let round = 0; round < rounds; round++) {
      const request: WebhookStages.StageRequest & ClientStages.StageRequest = { count: quick ? 2000 : 10_000 }
      for (
        const { cpuMicrosPerOperation, name } of await worker.request<
          ReadonlyArray<WebhookStages.StageMeasurement | ClientStages.StageMeasurement>
        >(request)
      ) {
        perRound.set(name, [...perRound.get(name) ?? [], cpuMicrosPerOperation])
      }
    }
    return [...perRound].map(([name, values]) => ({ name, cpuMicrosPerOperation: Report.figure(values) }))
  } finally {
    await worker.stop()
  }
}

const runSvaml = async (): Promise<ReadonlyArray<Report.SvamlRow>> => {
  const worker = await Shared.forkChild("svamlWorker.ts")
  try {
    if (!isAvailable(worker.ready)) throw new Error("the SVAML worker did not load")
    const perRound = new Map<string, { schema: Array<number>; plain: Array<number> }>()
    for (let round = 0; round < rounds; round++) {
      const request: SvamlWorker.SvamlRequest = { count: settings.svamlOperationsPerBatch }
      const measured = await worker.request<ReadonlyArray<SvamlWorker.SvamlMeasurement>>(request)
      for (const { name, plainOpsPerSecond, schemaOpsPerSecond } of measured) {
        const entry = perRound.get(name) ?? { schema: [], plain: [] }
        entry.schema.push(schemaOpsPerSecond)
        entry.plain.push(plainOpsPerSecond)
        perRound.set(name, entry)
      }
    }
    return [...perRound].map(([name, { plain, schema }]) => ({
      name,
      available: true,
      operationsPerSecond: Report.figure(schema),
      plainJsonPerSecond: Report.figure(plain)
    }))
  } finally {
    await worker.stop()
  }
}

/** Each measurement in a fresh process: `wave` calls started at a time (default: all at once). */
const runSimulator = async (wave?: number): Promise<Report.SimulatorResult> => {
  const worker = await Shared.forkChild("simulatorWorker.ts", [], ["--expose-gc"])
  try {
    return await worker.request<Report.SimulatorResult>({ calls: settings.simulatorCalls, wave }, 240_000)
  } finally {
    await worker.stop()
  }
}

const runCampaign = (): Promise<CampaignReport.Results> =>
  Campaign.measure({
    rounds: settings.campaignRounds,
    contacts: settings.campaignContacts,
    warmUpContacts: quick ? 20 : 50,
    inFlightLimitMillis: Number(argument("campaign-in-flight-limit") ?? 240) * 1000,
    inFlight: settings.campaignInFlight,
    parts: new Set((argument("campaign-parts") ?? "sqlite,postgres,in-flight").split(",")),
    pollMillis: argument("campaign-poll") === undefined ? undefined : Number(argument("campaign-poll")),
    execArgv: profiling,
    log
  })

const startedAt = new Date()
const loadAverageAtStart = Os.loadavg()
const started = performance.now()
const notRun = (what: string): Report.Availability => ({ available: false, reason: `${what} not run (--only)` })

const client = sections.has("client") ? await runClient() : []
const webhooks = sections.has("webhooks") ? await runWebhooks() : []
const clientStages = breakdown && sections.has("client") ? await runStages("clientStages.ts") : []
const webhookStages = breakdown && sections.has("webhooks") ? await runStages("webhookStages.ts") : []
const svaml = sections.has("svaml") ? await runSvaml() : []
const simulator = sections.has("simulator") ? await runSimulator() : notRun("simulator")
// --breakdown: the same 10,000 calls admitted 1,000 at a time, to tell the setup's peak from the calls.
const simulatorInWaves = breakdown && sections.has("simulator") ? await runSimulator(1000) : undefined
const campaign = sections.has("campaign") ? await runCampaign() : undefined

const results: Report.Results = {
  startedAt: startedAt.toISOString(),
  durationSeconds: (performance.now() - started) / 1000,
  machine: {
    cpuModel: Os.cpus()[0]?.model.trim() ?? "unknown",
    cores: Os.availableParallelism(),
    node: process.version,
    platform: `${Os.platform()} ${Os.release()} ${Os.arch()}`,
    // the other processes' share of the 2 cores: the figures of a loaded machine are not comparable
    loadAverage: { start: loadAverageAtStart, end: Os.loadavg() }
  },
  settings,
  client,
  webhooks,
  ...(breakdown ? { clientStages, webhookStages } : {}),
  svaml,
  simulator,
  ...(simulatorInWaves === undefined ? {} : { simulatorInWaves }),
  ...(campaign === undefined ? {} : { campaign }),
  targets: [
    ...Report.clientTargets(client),
    ...Report.webhookTargets(webhooks),
    ...Report.simulatorTargets(simulator)
  ]
}

Fs.mkdirSync(Path.dirname(outFile), { recursive: true })
Fs.writeFileSync(outFile, `${JSON.stringify(results, null, 2)}\n`)
if (profile) {
  const summaries = profiles.flatMap(({ directory, title }) => {
    const file = mainThreadProfile(directory)
    return file === undefined ? [] : [Profile.render(title, Profile.summarise(file))]
  }).join("\n\n")
  Fs.writeFileSync(Path.join(profileDirectory, "summary.txt"), `${summaries}\n`)
  process.stdout.write(`${summaries}\n\n`)
}
const simulatorLines = breakdown && sections.has("simulator")
  ? [
    Report.renderSimulator("Simulator, all calls at once", simulator),
    ...(simulatorInWaves === undefined
      ? []
      : [Report.renderSimulator("Simulator, 1,000 calls at a time", simulatorInWaves)])
  ]
  : []
const campaignLines = campaign === undefined ? [] : [CampaignReport.render(campaign)]
process.stdout.write(
  `${
    [breakdown ? Report.renderBreakdown(results) : Report.render(results), ...simulatorLines, ...campaignLines]
      .join("\n\n")
  }` +
    `\n\nFigures written to ${Path.relative(process.cwd(), outFile)}\n`
)
