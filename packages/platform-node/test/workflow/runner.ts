/**
 * A child process for the call-flow crash tests: the durable stack of `NodeCallFlows` (SQLite or
 * Postgres, from the `ESW_RUNNER` JSON), the webhook server with `OutcomeWebhooks` on a fixed
 * loopback port, `NodeSinchVoice` pointed at `sinchUrl` (the test's proxy in front of the
 * simulator), and one `CallFlow.workflow` execution per flow. Started again on the same database
 * it resumes: executing the same ids again attaches to the existing executions.
 *
 * JSON lines on stdout: `{"event":"ready"}` once the webhook server listens and the flows are
 * started; `{"event":"done","id":...,"conclusion":...,"dispositions":[...]}` per finished flow.
 */
import * as NodeCallFlows from "@effect-sinch/platform-node/NodeCallFlows"
import * as NodeSinchVoice from "@effect-sinch/platform-node/NodeSinchVoice"
import * as NodeWebhookServer from "@effect-sinch/platform-node/NodeWebhookServer"
import * as CallFlow from "@effect-sinch/workflow/CallFlow"
import * as CallJournal from "@effect-sinch/workflow/CallJournal"
import * as Campaign from "@effect-sinch/workflow/Campaign"
import * as OutcomeWebhooks from "@effect-sinch/workflow/OutcomeWebhooks"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"
import * as LogLevel from "effect/LogLevel"
import * as Redacted from "effect/Redacted"
import * as Schedule from "effect/Schedule"
import * as Schema from "effect/Schema"

const Storage = Schema.Union(
  Schema.TaggedStruct("Sqlite", { filename: Schema.String }),
  Schema.TaggedStruct("Postgres", { url: Schema.String, runnerPort: Schema.Number })
)

const Options = Schema.Struct({
  name: Schema.String,
  sinchUrl: Schema.String,
  webhookPort: Schema.Number,
  applicationKey: Schema.String,
  applicationSecret: Schema.String,
  storage: Storage,
  flows: Schema.Array(Schema.Struct({
    id: Schema.String,
    destination: Schema.String,
    maxAttempts: Schema.Number,
    retryDelaySeconds: Schema.Number
  })),
  /** A campaign to start (again: `start` is idempotent) and wait for. */
  campaign: Schema.optional(Schema.Struct({
    id: Schema.String,
    contacts: Schema.Array(Schema.Struct({ id: Schema.String, phoneNumber: Schema.String })),
    maxAttempts: Schema.Number,
    retryDelaySeconds: Schema.Number,
    callsPerSecond: Schema.Number,
    maxLiveCalls: Schema.Number,
    /** Only wait for the campaign another runner starts. */
    join: Schema.optional(Schema.Boolean)
  })),
  /** Where the ACE of the calls this runner places goes. Default: its own webhook server. */
  callbackUrl: Schema.optional(Schema.String),
  /** Ringing and call length per attempt: with the margin, they bound an attempt's deadline. */
  dialTimeoutSeconds: Schema.Number,
  maxDurationSeconds: Schema.Number,
  deadlineMarginSeconds: Schema.Number
})

const options = Schema.decodeUnknownSync(Schema.parseJson(Options))(process.env.ESW_RUNNER)
const path = "/sinch/callback"
const applicationSecret = Redacted.make(options.applicationSecret)

const print = (line: Record<string, unknown>) => Effect.sync(() => process.stdout.write(`${JSON.stringify(line)}\n`))

const storage = options.storage
const EngineLive = storage._tag === "Sqlite"
  ? NodeCallFlows.layerSqlite({ filename: storage.filename })
  : NodeCallFlows.layerPostgres({
    url: Redacted.make(storage.url),
    runnerAddress: { host: "127.0.0.1", port: storage.runnerPort }
  })

const VoiceLive = NodeSinchVoice.layer({
  applicationKey: options.applicationKey,
  applicationSecret,
  callingBaseUrl: options.sinchUrl,
  configurationBaseUrl: options.sinchUrl
})

const SettingsLive = CallFlow.layerSettings({
  callbackUrl: options.callbackUrl ?? `http://127.0.0.1:${options.webhookPort}${path}`,
  deadlineMargin: `${options.deadlineMarginSeconds} seconds`
})

const WebhooksLive = NodeWebhookServer.layerHandlers({
  port: options.webhookPort,
  host: "127.0.0.1",
  path,
  credentials: [{ applicationKey: options.applicationKey, applicationSecret }],
  handlers: OutcomeWebhooks.handlers()
})

const AppLive = Layer.mergeAll(CallFlow.layer, Campaign.layer, WebhooksLive).pipe(
  Layer.provide(Layer.merge(VoiceLive, SettingsLive)),
  Layer.provideMerge(EngineLive)
)

const runFlow = (flow: typeof Options.Type["flows"][number]) =>
  CallFlow.workflow.execute({
    id: flow.id,
    request: {
      destination: flow.destination,
      message: "Your appointment is tomorrow at ten.",
      dialTimeoutSeconds: options.dialTimeoutSeconds,
      maxDurationSeconds: options.maxDurationSeconds
    },
    policy: { maxAttempts: flow.maxAttempts, retryDelaySeconds: flow.retryDelaySeconds, backoffFactor: 1 }
  }).pipe(
    Effect.flatMap((report) =>
      print({
        event: "done",
        id: flow.id,
        conclusion: report.conclusion,
        dispositions: report.attempts.map((outcome) => outcome.disposition)
      })
    ),
    Effect.catchAllCause((cause) => print({ event: "failed", id: flow.id, cause: Cause.pretty(cause).slice(0, 2000) }))
  )

type CampaignOptions = NonNullable<typeof Options.Type["campaign"]>

const start = (campaign: CampaignOptions) =>
  Campaign.start({
    id: campaign.id,
    contacts: campaign.contacts,
    message: "Your appointment is tomorrow at ten.",
    retry: { maxAttempts: campaign.maxAttempts, retryDelaySeconds: campaign.retryDelaySeconds, backoffFactor: 1 },
    callsPerSecond: campaign.callsPerSecond,
    maxLiveCalls: campaign.maxLiveCalls,
    dialTimeoutSeconds: options.dialTimeoutSeconds,
    maxDurationSeconds: options.maxDurationSeconds,
    statusCheckInterval: "1 second"
  })

const readRetry = Schedule.spaced("500 millis").pipe(Schedule.upTo("5 minutes"))

const runCampaign = (campaign: CampaignOptions) =>
  Effect.gen(function*() {
    if (campaign.join === true) {
      yield* Campaign.progress(campaign.id).pipe(
        Effect.retry({ while: (error) => error._tag === "CampaignNotFound", schedule: Schedule.spaced("200 millis") })
      )
    } else {
      yield* start(campaign)
    }
    yield* print({ event: "campaign-started", id: campaign.id })
    // for failure messages: what this runner sees of the campaign
    yield* Campaign.progress(campaign.id).pipe(
      Effect.flatMap((progress) =>
        print({
          event: "progress",
          pending: progress.pending,
          inProgress: progress.inProgress,
          concluded: progress.concluded,
          attempts: progress.attempts
        })
      ),
      Effect.ignore,
      Effect.repeat(Schedule.spaced("2 seconds")),
      Effect.forkScoped
    )
    // the waiting side rides out a database outage (as an application would): it only reads
    const progress = yield* Campaign.awaitDone(campaign.id, { pollInterval: "200 millis" }).pipe(
      Effect.retry({ while: (error) => error._tag === "CampaignStorageError", schedule: readRetry })
    )
    const results = yield* Campaign.results(campaign.id).pipe(Effect.retry(readRetry))
    const journal = yield* CallJournal.CallJournal
    const attempts = yield* journal.listByCampaign(campaign.id).pipe(Effect.retry(readRetry))
    yield* print({
      event: "campaign-done",
      id: campaign.id,
      status: progress.status,
      concluded: progress.concluded,
      results: results.map((row) => ({
        contactId: row.contactId,
        attempts: row.attempts,
        conclusion: row.conclusion ?? null
      })),
      journal: attempts.map((attempt) => ({
        key: attempt.key,
        contactId: attempt.contactId ?? null,
        status: attempt.status,
        // `markUnknown` leaves no outcome, only the status
        disposition: attempt.outcome?.disposition ?? (attempt.status === "unknown" ? "unknown" : null)
      }))
    })
  }).pipe(
    Effect.catchAllCause((cause) =>
      print({ event: "failed", id: campaign.id, cause: Cause.pretty(cause).slice(0, 2000) })
    )
  )

const main = Effect.gen(function*() {
  const running = yield* Effect.forkScoped(Effect.all([
    Effect.forEach(options.flows, runFlow, { concurrency: "unbounded" }),
    options.campaign === undefined ? Effect.void : runCampaign(options.campaign)
  ], { concurrency: "unbounded" }))
  yield* print({ event: "ready", name: options.name })
  yield* running.await
  return yield* Effect.never
})

main.pipe(
  Effect.scoped,
  Effect.provide(AppLive),
  Effect.provide(Logger.replace(Logger.defaultLogger, Logger.withConsoleError(Logger.logfmtLogger))),
  Logger.withMinimumLogLevel(LogLevel.Warning),
  NodeRuntime.runMain
)
