/**
 * The examples of docs/campaigns.md, type-checked by `pnpm check` and run by
 * `packages/workflow/test/campaignExamples.test.ts` under `TestClock`.
 */
import { NodeCrypto } from "@effect-sinch/platform-node"
import { Simulator, SimulatorScript as Script, WebhookVerifier } from "@effect-sinch/voice"
import {
  CallAnswer,
  CallFlow,
  CallingWindow,
  CallJournal,
  Campaign,
  CampaignStore,
  Contacts,
  OutcomeWebhooks,
  Pacer
} from "@effect-sinch/workflow"
import type * as SqlClient from "@effect/sql/SqlClient"
import * as WorkflowEngine from "@effect/workflow/WorkflowEngine"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"

// 1. A reminder campaign from a CSV export: checked whole, then called on weekdays 09:00–20:00 in
// each contact's zone, 2 calls a second, at most 20 at once, 3 attempts 30 then 60 minutes apart.
export const remind = (csv: string) =>
  Effect.gen(function*() {
    const contacts = yield* Contacts.fromCsv(csv, { defaultTimeZone: "Europe/Stockholm" })
    yield* Campaign.start({
      id: "dentist-2026-12-07",
      contacts,
      message: "Hello {{name}}, this is your dentist: your appointment is on Monday at {{time}}.",
      machine: CallAnswer.leaveVoicemail(
        "Hello {{name}}, a reminder of your dentist appointment on Monday at {{time}}."
      ),
      windows: [{ days: CallingWindow.weekdays, start: "09:00", end: "20:00" }],
      retry: { maxAttempts: 3, retryDelaySeconds: 1800, backoffFactor: 2 },
      callsPerSecond: 2,
      maxLiveCalls: 20
    })
    // running it again (a retried deploy, a second instance) calls nobody twice
    return yield* Campaign.awaitDone("dentist-2026-12-07", { pollInterval: "1 minute" })
  })

// 2. Steering and reporting, e.g. from an admin endpoint.
export const report = (campaignId: string) =>
  Effect.gen(function*() {
    const progress = yield* Campaign.progress(campaignId) // counts by conclusion and disposition
    const rows = yield* Campaign.results(campaignId) // one row per contact
    const csv = yield* Campaign.resultsCsv(campaignId) // the same, for a spreadsheet
    return { progress, rows, csv }
  })

export const pauseForLunch = (campaignId: string) =>
  Effect.zipRight(Campaign.pause(campaignId), Effect.sleep("1 hour")).pipe(
    Effect.zipRight(Campaign.resume(campaignId))
  )

// 3. The services, for several instances: every store on the same database (SQLite for one
// instance, Postgres for several), next to the engine and the call flow's services. The Node
// wiring of `@effect-sinch/platform-node` does this for you.
export const CampaignStorage: Layer.Layer<
  CampaignStore.CampaignStore | Pacer.Pacer | CallJournal.CallJournal,
  unknown,
  SqlClient.SqlClient
> = Layer.mergeAll(CampaignStore.layerSql, Pacer.layerSql(), CallJournal.layerSql())

// 4. Everything in one process on the simulator, for tests and demos: the engine in memory, the
// simulator answering callouts and sending its events to `OutcomeWebhooks`.
const applicationKey = "669E367E-6BBA-48AB-AF15-266871C28135"
const applicationSecret = Redacted.make("BeIukql3pTKJ8RGL5zo0DA==")

const Services = Layer.mergeAll(
  WorkflowEngine.layerMemory,
  CallJournal.layerMemory,
  CampaignStore.layerMemory,
  Pacer.layerMemory(),
  CallFlow.layerSettings({ callbackUrl: "https://app.example.com/sinch/callback" })
)

export const OnSimulator = Campaign.layer.pipe(
  Layer.provideMerge(
    Simulator.layer({ applicationKey, applicationSecret, deliver: Simulator.toWebhooks() }).pipe(
      Layer.provideMerge(
        OutcomeWebhooks.layer().pipe(
          Layer.provideMerge(WebhookVerifier.layer({ credentials: [{ applicationKey, applicationSecret }] }))
        )
      ),
      Layer.provideMerge(NodeCrypto.layer),
      Layer.provideMerge(Services)
    )
  )
)

// a callee who never picks up, for the example's test
export const scriptNoAnswer = (number: string) => Simulator.script(number, Script.neverAnswers)
