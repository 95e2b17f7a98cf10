/**
 * The last part of `pnpm demo`: a short outbound campaign, durable, on an embedded SQLite file (a
 * temporary one, removed afterwards) — `@effect-sinch/workflow`'s `Campaign` run by
 * `NodeCallFlows.layerSqlite`, placing its calls through the same client and simulator as the rest
 * of the story. See docs/durable-call-flows.md.
 *
 * Six patients, six behaviours: one answers, one is busy and answers when called again, one never
 * answers, one is busy every time, one has an answering machine (a voicemail is left), one answers
 * after a long ring. Two attempts each at most, 10 seconds apart. The campaign is then started a
 * second time, which calls nobody: the engine knows each contact's workflow.
 */
import * as NodeCallFlows from "@effect-sinch/platform-node/NodeCallFlows"
import * as NodeWebhookServer from "@effect-sinch/platform-node/NodeWebhookServer"
import { Applications, Simulator, SimulatorScript as Script } from "@effect-sinch/voice"
import type * as SimulatorTranscript from "@effect-sinch/voice/SimulatorTranscript"
import type * as Webhooks from "@effect-sinch/voice/Webhooks"
import { CallAnswer, CallFlow, Campaign, OutcomeWebhooks } from "@effect-sinch/workflow"
import type * as CampaignStore from "@effect-sinch/workflow/CampaignStore"
import * as FileSystem from "@effect/platform/FileSystem"
import * as HttpServer from "@effect/platform/HttpServer"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import type * as Redacted from "effect/Redacted"
import * as Schedule from "effect/Schedule"

/** The demo's patients for the campaign, by name. */
export const contacts = [
  { id: "ana", phoneNumber: "+46700000201", variables: { name: "Ana" } },
  { id: "bo", phoneNumber: "+46700000202", variables: { name: "Bo" } },
  { id: "cleo", phoneNumber: "+46700000203", variables: { name: "Cleo" } },
  { id: "dag", phoneNumber: "+46700000204", variables: { name: "Dag" } },
  { id: "eve", phoneNumber: "+46700000205", variables: { name: "Eve" } },
  { id: "finn", phoneNumber: "+46700000206", variables: { name: "Finn" } }
] as const

const number = (id: typeof contacts[number]["id"]) => contacts.find((contact) => contact.id === id)?.phoneNumber ?? ""

export const campaignId = "flu-shots-demo"

/** The calls in which the simulator rang `destination`. */
export const callsTo = (calls: ReadonlyArray<SimulatorTranscript.Transcript>, destination: string) =>
  calls.filter((call) => call.entries.some((entry) => entry._tag === "Ringing" && entry.number === destination))

const path = "/sinch/campaign"

const simulatedCalls = Effect.flatMap(Simulator.Simulator, (simulator) => simulator.calls)

// the campaign's webhook server: OutcomeWebhooks for the campaign's calls, the app's own handlers
// for everything else (one server serves both)
const ServerLive = <E>(options: {
  readonly credentials: { readonly applicationKey: string; readonly applicationSecret: Redacted.Redacted }
  readonly handlers: Webhooks.Handlers<E>
}) =>
  Layer.unwrapEffect(
    HttpServer.addressWith((address) =>
      Effect.succeed(CallFlow.layerSettings({
        callbackUrl: address._tag === "TcpAddress" ? `http://127.0.0.1:${address.port}${path}` : ""
      }))
    )
  ).pipe(
    Layer.provide(NodeWebhookServer.layerHandlers({
      port: 0,
      host: "127.0.0.1",
      path,
      credentials: [options.credentials],
      handlers: OutcomeWebhooks.handlers(options.handlers)
    }))
  )

// The durable stack on one SQLite file: the engine, the journal, the campaign store, the pacer,
// and the campaign's webhooks built with them (they complete the workflows' waits).
const CampaignLive = <E>(
  filename: string,
  options: Parameters<typeof ServerLive<E>>[0]
) =>
  Campaign.layer.pipe(
    Layer.provideMerge(ServerLive(options)),
    Layer.provideMerge(NodeCallFlows.layerSqlite({
      filename,
      // the demo's clock runs 5× faster, and so would the shard lock refresh, whose deadline is its
      // interval: keep it at the usual ~3 s of real time so a busy machine does not drop the shards
      shardingConfig: { shardLockRefreshInterval: "15 seconds", shardLockExpiration: "60 seconds" }
    }))
  )

// Bo is busy the first time and picks up when called again (the simulator plays one script per
// number: his is changed once his first call has rung)
const boAnswersTheRetry = Effect.gen(function*() {
  yield* Simulator.script(number("bo"), Script.busy)
  yield* simulatedCalls.pipe(
    Effect.filterOrFail((calls) => callsTo(calls, number("bo")).length > 0),
    Effect.retry(Schedule.spaced("200 millis"))
  )
  yield* Simulator.script(number("bo"), Script.answersAfter("2 seconds"))
})

const showProgress = (progress: CampaignStore.Progress) =>
  Console.log(
    `  ${progress.status}: ${progress.concluded}/${progress.contacts} concluded, ${progress.inProgress} in progress, ` +
      `${progress.pending} not called yet; ${progress.attempts} call(s) placed`
  )

const pad = (text: string, width: number) => text.padEnd(width)

const showResults = (rows: ReadonlyArray<CampaignStore.ResultRow>) =>
  Effect.gen(function*() {
    yield* Console.log(`${pad("contact", 9)}${pad("attempts", 10)}${pad("last disposition", 18)}conclusion`)
    for (const row of rows) {
      yield* Console.log(
        `${pad(row.contactId, 9)}${pad(String(row.attempts), 10)}${pad(row.lastDisposition ?? "-", 18)}${
          row.conclusion ?? "-"
        }`
      )
    }
  })

/**
 * The campaign, start to report, with its own webhook server and a temporary SQLite file. The
 * app's callback URL is pointed at the campaign's webhook server first: the DiCE of each call is
 * what ends its attempt.
 */
export const run = <E>(options: Parameters<typeof ServerLive<E>>[0]) =>
  Effect.gen(function*() {
    const fs = yield* FileSystem.FileSystem
    const directory = yield* fs.makeTempDirectoryScoped({ prefix: "sinch-demo-" })
    const filename = `${directory}/flows.db`

    yield* Effect.gen(function*() {
      const settings = yield* CallFlow.Settings
      const applications = yield* Applications.Applications
      yield* applications.updateCallbackUrls(options.credentials.applicationKey, {
        url: { primary: settings.callbackUrl }
      })
      yield* Console.log(`Engine, journal and campaign store on SQLite (${filename}); webhooks on ${path}.`)

      yield* Simulator.script(number("ana"), Script.answersAfter("2 seconds"))
      yield* Simulator.script(number("cleo"), Script.neverAnswers)
      yield* Simulator.script(number("dag"), Script.answeringMachine)
      yield* Simulator.script(number("eve"), Script.answersAfter("8 seconds"))
      yield* Simulator.script(number("finn"), Script.busy)
      yield* Effect.forkScoped(boAnswersTheRetry)

      const start = Campaign.start({
        id: campaignId,
        contacts,
        message: "Hello {{name}}, this is Acme Clinic: your flu shot is on Monday at nine.",
        machine: CallAnswer.leaveVoicemail("Hello {{name}}, Acme Clinic here: your flu shot is on Monday at nine."),
        retry: { maxAttempts: 2, retryDelaySeconds: 10, backoffFactor: 1 },
        callsPerSecond: 2,
        maxLiveCalls: 3,
        dialTimeoutSeconds: 10,
        maxDurationSeconds: 60
      })
      const started = yield* start
      yield* Console.log(
        `Campaign.start("${campaignId}"): ${started.added} contacts; 2 calls a second, 3 at once, 2 attempts each`
      )
      const ticker = yield* Campaign.progress(campaignId).pipe(
        Effect.flatMap(showProgress),
        Effect.repeat(Schedule.spaced("5 seconds")),
        Effect.fork
      )
      const done = yield* Campaign.awaitDone(campaignId, { pollInterval: "1 second" })
      yield* Fiber.interrupt(ticker)
      yield* showProgress(done)

      yield* Console.log("\nThe results report (Campaign.results):")
      yield* showResults(yield* Campaign.results(campaignId))

      const again = yield* start
      yield* Console.log(
        `\nCampaign.start("${campaignId}") again: ${again.added} new contacts, nobody called twice.`
      )
      const calls = yield* simulatedCalls
      yield* Console.log(
        `Calls the simulator received: ${
          contacts.map((contact) => `${contact.id} ${callsTo(calls, contact.phoneNumber).length}`).join(", ")
        }.`
      )
    }).pipe(Effect.scoped, Effect.provide(CampaignLive(filename, options)))
  }).pipe(Effect.scoped)
