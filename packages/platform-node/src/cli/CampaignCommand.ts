/**
 * `sinch-voice campaign run | status | results`: outbound campaigns from a contact list, on an
 * embedded SQLite file (`@effect-sinch/workflow`'s `Campaign`). `run` calls (see
 * `CampaignRunCommand`); `status` and `results` read the same file, also while a `run` is going on
 * in another process.
 *
 * @since 0.2.0
 */
import * as Campaign from "@effect-sinch/workflow/Campaign"
import * as CampaignStore from "@effect-sinch/workflow/CampaignStore"
import * as Args from "@effect/cli/Args"
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as CampaignInput from "./CampaignInput.js"
import * as CampaignProgress from "./CampaignProgress.js"
import * as CampaignRunCommand from "./CampaignRunCommand.js"
import { UsageError } from "./ExitCode.js"
import * as Output from "./Output.js"

const campaignId = Args.text({ name: "id" }).pipe(Args.withDescription("The campaign's id."))

const json = Options.boolean("json").pipe(Options.withDescription("Print JSON instead of text. Errors too, on stderr."))

const encodeProgress = Schema.encodeSync(CampaignStore.Progress)

/**
 * `campaign status <id> [--db <file>] [--json]`.
 *
 * @since 0.2.0
 * @category Commands
 */
export const status = Command.make(
  "status",
  { campaignId, db: CampaignInput.db, json },
  (input) =>
    Effect.gen(function*() {
      const progress = yield* CampaignInput.progressIn(input.db, input.campaignId)
      yield* Output.print(input.json, { json: encodeProgress(progress), text: CampaignProgress.summary(progress) })
    }).pipe(Effect.provide(CampaignInput.layerReadOnly(input.db)))
).pipe(
  Command.withDescription("Show a campaign's progress: status, contacts done by conclusion, attempts by outcome.")
)

const iso = (millis: number | undefined) => millis === undefined ? undefined : new Date(millis).toISOString()

/**
 * A results row as `--json` prints it (`updatedAt` in ISO 8601).
 *
 * @since 0.2.0
 * @category Formatting
 */
export const rowJson = (row: CampaignStore.ResultRow) => ({
  contactId: row.contactId,
  phoneNumber: row.phoneNumber,
  timeZone: row.timeZone,
  attempts: row.attempts,
  ...(row.lastDisposition === undefined ? {} : { lastDisposition: row.lastDisposition }),
  ...(row.lastCallId === undefined ? {} : { lastCallId: row.lastCallId }),
  ...(row.conclusion === undefined ? {} : { conclusion: row.conclusion }),
  ...(row.updatedAt === undefined ? {} : { updatedAt: iso(row.updatedAt) })
})

/**
 * The results as a table.
 *
 * @since 0.2.0
 * @category Formatting
 */
export const formatResults = (rows: ReadonlyArray<CampaignStore.ResultRow>): string =>
  Output.table(
    ["contact", "phone", "attempts", "last outcome", "conclusion", "last call id"],
    rows.map((row) => [
      row.contactId,
      row.phoneNumber,
      String(row.attempts),
      row.lastDisposition ?? "-",
      row.conclusion ?? (row.attempts === 0 ? "(pending)" : "(in progress)"),
      row.lastCallId ?? "-"
    ])
  )

/**
 * `campaign results <id> [--db <file>] [--json | --csv]`.
 *
 * @since 0.2.0
 * @category Commands
 */
export const results = Command.make("results", {
  campaignId,
  db: CampaignInput.db,
  json,
  csv: Options.boolean("csv").pipe(
    Options.withDescription(
      "Print CSV (RFC 4180: contactId, phoneNumber, timeZone, attempts, lastDisposition, lastCallId, conclusion," +
        " updatedAt) instead of a table."
    )
  )
}, (input) =>
  Effect.gen(function*() {
    if (input.json && input.csv) return yield* new UsageError({ message: "give --json or --csv, not both" })
    // an unknown id is not found, not an empty report
    yield* CampaignInput.progressIn(input.db, input.campaignId)
    if (input.csv) return yield* Effect.flatMap(Campaign.resultsCsv(input.campaignId), Console.log)
    const rows = yield* Campaign.results(input.campaignId)
    yield* Output.print(input.json, {
      json: { campaignId: input.campaignId, results: rows.map(rowJson) },
      text: formatResults(rows)
    })
  }).pipe(Effect.provide(CampaignInput.layerReadOnly(input.db)))).pipe(
    Command.withDescription("Show a campaign's results: one row per contact (attempts, last outcome, conclusion).")
  )

/**
 * `campaign …`.
 *
 * @since 0.2.0
 * @category Commands
 */
export const command = Command.make("campaign").pipe(
  Command.withDescription("Call a contact list (run) and follow it (status, results), on an embedded SQLite file."),
  Command.withSubcommands([CampaignRunCommand.command, status, results])
)
