/**
 * The example of docs/running-call-flows.md, type-checked by `pnpm check`; the same wiring runs in
 * `packages/platform-node/test/workflow/runner.ts`, the process the crash tests kill.
 *
 * One Node process that places durable calls and runs campaigns: the engine and the workflow
 * package's stores on a database chosen by the environment (`NodeCallFlows.layerConfig`), the
 * Voice API client, and the webhook server whose `OutcomeWebhooks` close the loop of each call.
 * Run it with `tsx docs/examples/call-flows-node.ts` after setting SINCH_APPLICATION_KEY,
 * SINCH_APPLICATION_SECRET and PUBLIC_URL (where Sinch reaches this process), and optionally
 * SINCH_FLOWS_DATABASE_URL + SINCH_FLOWS_RUNNER_HOST for a Postgres cluster.
 */
import { NodeCallFlows, NodeSinchVoice, NodeWebhookServer } from "@effect-sinch/platform-node"
import { CallAnswer, CallFlow, Campaign, OutcomeWebhooks } from "@effect-sinch/workflow"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as Config from "effect/Config"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { fileURLToPath } from "node:url"

const path = "/sinch/callback"

// The webhook server: OutcomeWebhooks answers the ACE of our calls and turns their DiCE into
// outcomes; the app's own handlers (none here) get every other callback.
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

// Where Sinch sends the ACE of each call (this process, or any instance of the cluster).
const SettingsLive = Layer.unwrapEffect(
  Effect.map(Config.string("PUBLIC_URL"), (url) => CallFlow.layerSettings({ callbackUrl: `${url}${path}` }))
)

// The durable stack: SQLite by default (one process per file), Postgres runners from the environment.
export const AppLive = Layer.mergeAll(CallFlow.layer, Campaign.layer, WebhooksLive).pipe(
  Layer.provide(Layer.merge(NodeSinchVoice.layerConfig(), SettingsLive)),
  Layer.provideMerge(NodeCallFlows.layerConfig())
)

// One reminder, called durably: up to 3 attempts 10 minutes apart; a machine gets a voicemail.
// Running this again (or after a crash) attaches to the same flow: nobody is called twice.
export const remind = CallFlow.workflow.execute({
  id: "reminder-2026-12-07-ann",
  request: {
    destination: "+46700000001",
    message: "Hello Ann, your appointment is on Monday at ten.",
    machine: CallAnswer.leaveVoicemail("Hello Ann, a reminder of your appointment on Monday at ten.")
  },
  policy: { maxAttempts: 3, retryDelaySeconds: 600 }
})

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  remind.pipe(
    Effect.tap((report) => Effect.logInfo("reminder done", report.conclusion)),
    Effect.zipRight(Effect.never),
    Effect.provide(AppLive),
    NodeRuntime.runMain
  )
}
