/**
 * The far end of the call-flow crash tests: `NodeSimulator` on loopback, delivering events over
 * HTTP to the runners' webhook URLs, behind a counting proxy (`FarEnd`) the runners send their
 * REST requests to; and the runner child processes (`runner.ts`).
 */
import * as NodeSimulator from "@effect-sinch/platform-node/NodeSimulator"
import * as Applications from "@effect-sinch/voice/Applications"
import * as Simulator from "@effect-sinch/voice/Simulator"
import type * as SimulatorTranscript from "@effect-sinch/voice/SimulatorTranscript"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as PgClient from "@effect/sql-pg/PgClient"
import * as SqlClient from "@effect/sql/SqlClient"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { fileURLToPath } from "node:url"
import * as FarEnd from "../utils/farEnd.js"
import { spawn } from "../utils/processes.js"
import { applicationKey, applicationSecret } from "../utils/simulator.js"

export const webhookPath = "/sinch/callback"

export const tempDir = Effect.acquireRelease(
  Effect.sync(() => Fs.mkdtempSync(Path.join(Os.tmpdir(), "esw-flows-"))),
  (dir) => Effect.sync(() => Fs.rmSync(dir, { recursive: true, force: true }))
)

/** The simulator (events to `webhookPorts` in order: primary, fallback) behind a counting proxy. */
export const farEnd = (webhookPorts: ReadonlyArray<number>) =>
  Effect.gen(function*() {
    const [primary, fallback] = webhookPorts.map((port) => `http://127.0.0.1:${port}${webhookPath}`)
    const context = yield* Layer.build(
      NodeSimulator.layer({
        applicationKey,
        applicationSecret,
        deliver: Simulator.toCallbackUrls,
        callbackUrl: primary,
        numbers: ["+46700000000"]
      }).pipe(Layer.provide(NodeHttpClient.layerUndici))
    )
    const simulator = Context.get(context, Simulator.Simulator)
    if (fallback !== undefined) {
      // the second runner takes the events the first cannot take
      const applications = Context.get(simulator.services, Applications.Applications)
      yield* Effect.orDie(applications.updateCallbackUrls(applicationKey, { url: { primary, fallback } }))
    }
    const url = Context.get(context, NodeSimulator.NodeSimulator).url
    const proxy = yield* FarEnd.make({ target: url })
    return { simulator, proxy, url }
  })

export const isCallout = (request: FarEnd.Received) =>
  request.method === "POST" && request.path.startsWith("/calling/v1/callouts")

/** The calls in which the simulator rang `destination`: what the callee really experienced. */
export const callsTo = (calls: ReadonlyArray<SimulatorTranscript.Transcript>, destination: string) =>
  calls.filter((call) => call.entries.some((entry) => entry._tag === "Ringing" && entry.number === destination))

export interface Flow {
  readonly id: string
  readonly destination: string
  readonly maxAttempts: number
  readonly retryDelaySeconds: number
}

export interface Campaign {
  readonly id: string
  readonly contacts: ReadonlyArray<{ readonly id: string; readonly phoneNumber: string }>
  readonly maxAttempts: number
  readonly retryDelaySeconds: number
  readonly callsPerSecond: number
  readonly maxLiveCalls: number
  readonly join?: boolean
}

const runnerScript = fileURLToPath(new URL("./runner.ts", import.meta.url))

export const runner = (options: {
  readonly name: string
  readonly sinchUrl: string
  readonly webhookPort: number
  readonly storage: { readonly _tag: "Sqlite"; readonly filename: string } | {
    readonly _tag: "Postgres"
    readonly url: string
    readonly runnerPort: number
  }
  readonly flows?: ReadonlyArray<Flow>
  readonly campaign?: Campaign
  readonly dialTimeoutSeconds?: number
  readonly maxDurationSeconds?: number
  readonly deadlineMarginSeconds?: number
  readonly callbackUrl?: string
}) =>
  spawn(options.name, runnerScript, {
    ESW_RUNNER: JSON.stringify({
      applicationKey,
      applicationSecret: Redacted.value(applicationSecret),
      dialTimeoutSeconds: 5,
      maxDurationSeconds: 10,
      deadlineMarginSeconds: 2,
      flows: [],
      ...options
    })
  })

/**
 * Runners `a` and `b` of one campaign on one Postgres database, each sending its REST requests to
 * its own URL (a proxy: the callouts each placed are known); returned once both are ready and `a`
 * has stored the campaign and registered its launch.
 */
export const twoRunnersOnPostgres = (options: {
  readonly databaseUrl: string
  readonly ports: {
    readonly webhookA: number
    readonly webhookB: number
    readonly runnerA: number
    readonly runnerB: number
  }
  readonly sinchUrls: { readonly a: string; readonly b: string }
  readonly campaign: Campaign
  readonly callbackUrl?: string
}) =>
  Effect.gen(function*() {
    const { campaign, databaseUrl, ports, sinchUrls } = options
    const common = {
      dialTimeoutSeconds: 2,
      maxDurationSeconds: 5,
      ...(options.callbackUrl === undefined ? {} : { callbackUrl: options.callbackUrl })
    }
    const a = yield* runner({
      name: "a",
      sinchUrl: sinchUrls.a,
      webhookPort: ports.webhookA,
      storage: { _tag: "Postgres", url: databaseUrl, runnerPort: ports.runnerA },
      campaign,
      ...common
    })
    const b = yield* runner({
      name: "b",
      sinchUrl: sinchUrls.b,
      webhookPort: ports.webhookB,
      storage: { _tag: "Postgres", url: databaseUrl, runnerPort: ports.runnerB },
      campaign: { ...campaign, join: true },
      ...common
    })
    yield* a.waitFor("ready", (line) => line.event === "ready", "60 seconds")
    yield* b.waitFor("ready", (line) => line.event === "ready", "60 seconds")
    // the contacts are stored and their launch registered (a start killed part way is
    // `Campaign.startCrash`'s subject)
    yield* a.waitFor("the campaign started", (line) => line.event === "campaign-started", "60 seconds")
    return { a, b }
  })

/**
 * What a failed Postgres crash test logs: the runners, their shard locks, the pacer, the contacts,
 * the journal and the engine's messages, each query's error in place of its rows if it fails.
 */
export const postgresState = (url: Redacted.Redacted) => {
  const query = (text: string) =>
    Effect.flatMap(SqlClient.SqlClient, (sql) => sql.unsafe(text)).pipe(
      Effect.provide(PgClient.layer({ url })),
      Effect.either
    )
  return Effect.all({
    runners: query("SELECT address, healthy, last_heartbeat FROM cluster_runners"),
    locks: query("SELECT address, COUNT(*) AS shards FROM cluster_locks GROUP BY address"),
    leases: query("SELECT * FROM esw_pacer_leases"),
    pacer: query("SELECT * FROM esw_pacer_campaigns"),
    contacts: query("SELECT * FROM esw_campaign_contacts"),
    journal: query("SELECT attempt_key, status, note FROM effect_sinch_call_attempts"),
    messages: query(
      "SELECT tag, processed, COUNT(*) AS n FROM cluster_messages GROUP BY tag, processed ORDER BY tag"
    )
  })
}
