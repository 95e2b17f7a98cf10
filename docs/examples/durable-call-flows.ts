/**
 * The complete example of docs/durable-call-flows.md, type-checked by `pnpm check`; the in-process
 * wait, the reminder and the workflow of one's own (`Escalation`) run on the simulator in
 * `packages/workflow/test/durableCallFlowsExample.test.ts` (the campaign's twin is
 * docs/examples/campaigns.ts, run by `campaignExamples.test.ts`).
 *
 * One Node process of a clinic: the three ways of calling someone and waiting for the outcome —
 * in process (`AwaitCall`), durably (`CallFlow.workflow`, and `CallFlow.call` inside a workflow of
 * one's own), and a whole list (`Campaign`) — on the durable engine of `NodeCallFlows` (SQLite for
 * one process, Postgres runners for several), with the webhook server whose `OutcomeWebhooks`
 * close the loop of every call.
 */
import { NodeCallFlows, NodeSinchVoice, NodeWebhookServer } from "@effect-sinch/platform-node"
import {
  AwaitCall,
  CallAnswer,
  CallFlow,
  CallingWindow,
  CallJournal,
  Campaign,
  Contacts,
  OutcomeWebhooks,
  WorkflowError
} from "@effect-sinch/workflow"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as Workflow from "@effect/workflow/Workflow"
import * as Config from "effect/Config"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import { fileURLToPath } from "node:url"

// 1. In process, no engine: call and get the outcome when the call ends. A crash forgets the wait
// (the journal keeps the attempt), so this is for scripts, simple apps and tests.
export const tableReady = (phoneNumber: string) =>
  Effect.gen(function*() {
    const outcome = yield* AwaitCall.placeAndAwait({
      destination: phoneNumber,
      message: "Hello, your table is ready.",
      machine: CallAnswer.leaveVoicemail("Hello, your table is ready: please come to the front desk.")
    })
    return outcome.disposition // "human" | "machine" | "no-answer" | "busy" | "failed" | "unknown"
  })

// 2. Durable: one person, with retries. The id is the idempotency key: executing it again (a retried
// request, a restarted process) attaches to the same flow and calls nobody twice.
export const reminder = (patientId: string, phoneNumber: string) =>
  CallFlow.workflow.execute({
    id: `reminder-2026-12-07-${patientId}`,
    request: {
      destination: phoneNumber,
      message: "Hello, this is Acme Clinic: your appointment is on Monday at ten.",
      machine: CallAnswer.leaveVoicemail("Hello, Acme Clinic here: a reminder of your appointment on Monday at ten.")
    },
    policy: { maxAttempts: 3, retryDelaySeconds: 600, backoffFactor: 2 }
  }) // → CallReport: conclusion "reached" | "voicemail" | "machine" | "exhausted" | "refused" | "unknown"

// 3. Durable, your own flow from the building blocks: call the nurse on duty; if nobody picks up,
// the backup. Each `CallFlow.call` is a journaled attempt (never sent twice) whose outcome arrives
// through the webhooks; attempt numbers are unique within the execution.
export const Escalation = Workflow.make({
  name: "Clinic/Escalation",
  payload: { alertId: Schema.String, onDuty: Schema.String, backup: Schema.String, message: Schema.String },
  success: Schema.Literal("on-duty", "backup", "nobody"),
  error: WorkflowError.JournalError,
  idempotencyKey: (payload) => payload.alertId
})

export const EscalationLive = Escalation.toLayer((payload) =>
  Effect.gen(function*() {
    const request = (destination: string) => ({ destination, message: payload.message, dialTimeoutSeconds: 30 })
    const first = yield* CallFlow.call({ attempt: 1, request: request(payload.onDuty) })
    if (first.disposition === "human") return "on-duty" as const
    const second = yield* CallFlow.call({ attempt: 2, request: request(payload.backup) })
    return second.disposition === "human" ? "backup" as const : "nobody" as const
  })
)

// 4. A list: a campaign, from a CSV export. Checked whole first; then one durable flow per contact,
// inside each contact's calling hours, paced across all instances, with a results report.
export const fluShots = (csv: string) =>
  Effect.gen(function*() {
    const contacts = yield* Contacts.fromCsv(csv, { defaultTimeZone: "Europe/Stockholm" })
    yield* Campaign.start({
      id: "flu-shots-2026-12",
      contacts,
      message: "Hello {{name}}, this is Acme Clinic: your flu shot is booked for {{time}}.",
      machine: CallAnswer.leaveVoicemail("Hello {{name}}, Acme Clinic here: your flu shot is booked for {{time}}."),
      windows: [{ days: CallingWindow.weekdays, start: "09:00", end: "19:00" }],
      retry: { maxAttempts: 3, retryDelaySeconds: 1800 },
      callsPerSecond: 2,
      maxLiveCalls: 20
    })
    yield* Campaign.awaitDone("flu-shots-2026-12", { pollInterval: "1 minute" })
    return yield* Campaign.resultsCsv("flu-shots-2026-12")
  })

// 5. The wiring. The webhook server answers at PUBLIC_URL + path: `OutcomeWebhooks` handles the
// callbacks of our calls (ACE: the message or the voicemail; DiCE: the outcome), the app's own
// handlers (none here) the rest. It is built with the engine and the journal in its context.
const path = "/sinch/callback"

const WebhooksLive = Layer.unwrapEffect(
  Effect.map(
    Config.all({
      applicationKey: Config.string("SINCH_APPLICATION_KEY"),
      applicationSecret: Config.redacted("SINCH_APPLICATION_SECRET"),
      port: Config.integer("PORT").pipe(Config.withDefault(8080))
    }),
    ({ applicationKey, applicationSecret, port }) =>
      NodeWebhookServer.layerHandlers({
        port,
        path,
        credentials: [{ applicationKey, applicationSecret }],
        handlers: OutcomeWebhooks.handlers()
      })
  )
)

const SettingsLive = Layer.unwrapEffect(
  Effect.map(Config.string("PUBLIC_URL"), (url) => CallFlow.layerSettings({ callbackUrl: `${url}${path}` }))
)

// The engine, journal, campaign store and pacer on one database: SQLite for one process (one
// process per file), or a Postgres runner (each instance reachable by the others at its address).
// `NodeCallFlows.layerConfig()` picks one from the environment (SINCH_FLOWS_DATABASE_URL, ...).
export const EngineOnSqlite = NodeCallFlows.layerSqlite({ filename: "/var/lib/clinic/flows.db" })

export const EngineOnPostgres = (url: Redacted.Redacted, runnerHost: string) =>
  NodeCallFlows.layerPostgres({ url, runnerAddress: { host: runnerHost, port: 34431 } })

// Every workflow registered (`CallFlow.layer`, `Campaign.layer`, your own) and the webhooks, on the
// engine; the Voice API client, the settings and `AwaitCall.layer` (the in-process waits) shared by
// the program and the webhooks.
export const AppLive = Layer.mergeAll(CallFlow.layer, Campaign.layer, EscalationLive, WebhooksLive).pipe(
  Layer.provideMerge(Layer.mergeAll(NodeSinchVoice.layerConfig(), SettingsLive, AwaitCall.layer)),
  Layer.provideMerge(NodeCallFlows.layerConfig())
)

// An alert: executed again with the same id (a retried request, a restart), it calls nobody again.
export const alert = Escalation.execute({
  alertId: "fridge-3-2026-12-04T03:12",
  onDuty: "+46700000301",
  backup: "+46700000302",
  message: "The vaccine fridge 3 is above 8 degrees."
})

// The journal keeps every attempt, also for your own reports.
export const attemptsOf = (campaignId: string) =>
  Effect.flatMap(CallJournal.CallJournal, (journal) => journal.listByCampaign(campaignId))

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  Effect.gen(function*() {
    yield* Effect.logInfo("alert", yield* alert)
    yield* Effect.logInfo("reminder", (yield* reminder("ann", "+46700000001")).conclusion)
    return yield* Effect.never // keep serving the webhooks
  }).pipe(Effect.provide(AppLive), NodeRuntime.runMain)
}
