/**
 * What the `sinch-voice campaign` commands read: the contact list and the settings file (size-capped,
 * checked whole, refused with one short usage error), the campaign id, and the SQLite file the
 * campaign lives in (`--db`, else `SINCH_FLOWS_SQLITE_FILE`, else `sinch-flows.db`, as
 * `NodeCallFlows.fromEnv`), opened read-only for `status` and `results`.
 *
 * @since 0.2.0
 */
import * as Campaign from "@effect-sinch/workflow/Campaign"
import * as CampaignError from "@effect-sinch/workflow/CampaignError"
import * as CampaignStore from "@effect-sinch/workflow/CampaignStore"
import * as Contacts from "@effect-sinch/workflow/Contacts"
import * as WorkflowError from "@effect-sinch/workflow/WorkflowError"
import * as Options from "@effect/cli/Options"
import * as FileSystem from "@effect/platform/FileSystem"
import * as Path from "@effect/platform/Path"
import * as SqliteClient from "@effect/sql-sqlite-node/SqliteClient"
import * as Config from "effect/Config"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as CampaignScript from "./CampaignScript.js"
import { NotFound, UsageError } from "./ExitCode.js"

/**
 * `--db <file>`: the campaign's SQLite file.
 *
 * @since 0.2.0
 * @category Options
 */
export const db = Options.text("db").pipe(
  Options.withDescription(
    "The SQLite file the campaign lives in (created by `run`); default SINCH_FLOWS_SQLITE_FILE, else sinch-flows.db."
  ),
  Options.withFallbackConfig(Config.string("SINCH_FLOWS_SQLITE_FILE").pipe(Config.withDefault("sinch-flows.db")))
)

/**
 * The largest contact list read, in bytes.
 *
 * @since 0.2.0
 * @category Constants
 */
export const maxContactsBytes = 64 * 1024 * 1024

const shorten = (text: string, max: number) => text.length <= max ? text : `${text.slice(0, max - 1)}…`

/**
 * A text file, refused (usage error) when missing, unreadable or larger than `maxBytes`.
 *
 * @since 0.2.0
 * @category Reading
 */
export const readText = (
  label: string,
  file: string,
  maxBytes: number
): Effect.Effect<string, UsageError, FileSystem.FileSystem> =>
  Effect.gen(function*() {
    const fs = yield* FileSystem.FileSystem
    const shown = JSON.stringify(shorten(file, 80))
    const cannot = (error: { readonly message: string }) =>
      new UsageError({ message: `${label} ${shown}: cannot read it (${shorten(error.message, 120)})` })
    const info = yield* Effect.mapError(fs.stat(file), cannot)
    if (info.type !== "File") return yield* new UsageError({ message: `${label} ${shown}: not a file` })
    if (Number(info.size) > maxBytes) {
      return yield* new UsageError({ message: `${label} ${shown}: larger than ${Math.round(maxBytes / 1024)} KiB` })
    }
    return yield* Effect.mapError(fs.readFileString(file), cannot)
  })

/**
 * The settings file, decoded (see `CampaignScript`).
 *
 * @since 0.2.0
 * @category Reading
 */
export const readScript = (file: string): Effect.Effect<CampaignScript.Script, UsageError, FileSystem.FileSystem> =>
  Effect.flatMap(readText("--script", file, CampaignScript.maxBytes), (text) => CampaignScript.parse(file, text))

/**
 * The contact list: JSON when the file ends in `.json` or its text starts with `[`, CSV otherwise;
 * checked whole (`InvalidContacts`, a usage error naming the first problems by line or item).
 *
 * @since 0.2.0
 * @category Reading
 */
export const readContacts = (
  file: string,
  options: Contacts.Options
): Effect.Effect<ReadonlyArray<Contacts.Contact>, UsageError | CampaignError.InvalidContacts, FileSystem.FileSystem> =>
  Effect.flatMap(readText("contacts", file, maxContactsBytes), (text) => {
    const json = file.toLowerCase().endsWith(".json") || text.trimStart().startsWith("[")
    return json ? Contacts.fromJson(text, options) : Contacts.fromCsv(text, options)
  })

/**
 * The campaign id for a contact file without `--id`: its name without the extension, with
 * characters an id may not hold replaced by `-` (so the same command names the same campaign).
 *
 * @since 0.2.0
 * @category Constructors
 */
export const idFromFile = (file: string): Effect.Effect<string, never, Path.Path> =>
  Effect.map(Path.Path, (path) => {
    const base = path.basename(file, path.extname(file)).replace(/[^A-Za-z0-9._:-]+/g, "-").slice(0, 100)
    return base.replace(/^-+|-+$/g, "") || "campaign"
  })

const missingDatabase = (file: string) =>
  new NotFound({
    message: `no campaign database at ${JSON.stringify(shorten(file, 80))} (give --db, or start the campaign with` +
      " `sinch-voice campaign run`)"
  })

/**
 * The campaign store of an existing SQLite file, read-only: it may be read while `campaign run`
 * writes it from another process (SQLite's WAL lets readers and the writer go on together).
 *
 * @since 0.2.0
 * @category Layers
 */
export const layerReadOnly = (
  file: string
): Layer.Layer<CampaignStore.CampaignStore, NotFound | CampaignError.CampaignStorageError, FileSystem.FileSystem> =>
  Layer.unwrapEffect(Effect.gen(function*(): Effect.fn.Return<
    Layer.Layer<CampaignStore.CampaignStore, NotFound | CampaignError.CampaignStorageError>,
    never,
    FileSystem.FileSystem
  > {
    const fs = yield* FileSystem.FileSystem
    const exists = yield* Effect.orElseSucceed(fs.exists(file), () => false)
    if (!exists) return Layer.fail(missingDatabase(file))
    return CampaignStore.layerSql.pipe(
      Layer.provide(SqliteClient.layer({ filename: file, readonly: true })),
      Layer.catchAll((error) =>
        Layer.fail(
          error._tag === "CampaignStorageError"
            ? error
            : new CampaignError.CampaignStorageError({
              operation: "open the campaign database",
              reason: WorkflowError.boundedReason(error.message)
            })
        )
      )
    )
  }))

/**
 * The campaign's progress; an unknown id is `NotFound` naming the database.
 *
 * @since 0.2.0
 * @category Reading
 */
export const progressIn = (
  file: string,
  campaignId: string
): Effect.Effect<CampaignStore.Progress, NotFound | CampaignError.CampaignStorageError, CampaignStore.CampaignStore> =>
  Campaign.progress(campaignId).pipe(
    Effect.catchTag("CampaignNotFound", () =>
      new NotFound({
        message: `no campaign ${JSON.stringify(shorten(campaignId, 100))} in ${JSON.stringify(shorten(file, 80))}`
      }))
  )

/**
 * Parses `--listen host:port` (or just a port, on 127.0.0.1; `[::1]:8080` for IPv6).
 *
 * @since 0.2.0
 * @category Parsing
 */
export const parseListen = (
  value: string
): Either.Either<{ readonly host: string; readonly port: number }, UsageError> => {
  const match = /^(?:\[([^\]]+)\]|([^:]*)):(\d{1,5})$/.exec(value) ?? /^()()(\d{1,5})$/.exec(value)
  const port = Number(match?.[3])
  if (match === null || !Number.isInteger(port) || port > 65535) {
    return Either.left(
      new UsageError({
        message: `--listen: expected host:port (e.g. 127.0.0.1:8080) or a port, got ${
          JSON.stringify(shorten(value, 60))
        }`
      })
    )
  }
  const host = match[1] ?? match[2] ?? ""
  return Either.right({ host: host === "" ? "127.0.0.1" : host, port })
}
