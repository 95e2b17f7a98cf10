/**
 * The settings file of `sinch-voice campaign run --script <file>`: what the campaign says and how it
 * calls, as JSON. Every field but `message` is optional.
 *
 * ```json
 * {
 *   "message": "Hello {{name}}, your appointment is on Monday at {{time}}.",
 *   "machine": { "voicemail": "Hello {{name}}, a reminder of your appointment on Monday at {{time}}." },
 *   "cli": "+46700000000",
 *   "windows": [{ "days": "weekdays", "start": "09:00", "end": "20:00" }],
 *   "defaultTimeZone": "Europe/Stockholm",
 *   "retry": { "maxAttempts": 3, "retryDelaySeconds": 1800, "backoffFactor": 2 },
 *   "callsPerSecond": 2,
 *   "maxLiveCalls": 20,
 *   "dialTimeoutSeconds": 30,
 *   "maxDurationSeconds": 300
 * }
 * ```
 *
 * | field | meaning |
 * |---|---|
 * | `message` | what a person hears: a text (`{{column}}` placeholders from the contact list), or ACE SVAML |
 * | `machine` | on an answering machine: `"hang-up"` (default), `"hang-up-and-retry"`, `"treat-as-human"`, or `{ "voicemail": text }` |
 * | `windows` | when contacts may be called, in their own zones: `days` (`"weekdays"`, `"every-day"` or `["mon", …]`), `start`, `end` (`HH:MM`) |
 * | `retry` | `maxAttempts`, `retryDelaySeconds`, `backoffFactor`, `maxRetryDelaySeconds` (`CallFlow.RetryPolicy`) |
 *
 * An unknown field is refused (a typo must not silently change a campaign). Problems are reported
 * as one short line naming the field (at most three problems), a usage error (exit code 2).
 *
 * @since 0.2.0
 */
import * as CallAnswer from "@effect-sinch/workflow/CallAnswer"
import * as CallFlow from "@effect-sinch/workflow/CallFlow"
import * as CallingWindow from "@effect-sinch/workflow/CallingWindow"
import type * as Campaign from "@effect-sinch/workflow/Campaign"
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import { UsageError } from "./ExitCode.js"

const Machine = Schema.Union(
  Schema.Literal("hang-up", "hang-up-and-retry", "treat-as-human"),
  Schema.Struct({ voicemail: CallAnswer.Message })
)

const Days = Schema.Union(
  Schema.Literal("weekdays", "every-day"),
  Schema.NonEmptyArray(CallingWindow.Weekday)
)

const Window = Schema.Struct({ days: Days, start: Schema.String, end: Schema.String })

/**
 * The settings file's schema.
 *
 * @since 0.2.0
 * @category Schemas
 */
export const Script = Schema.Struct({
  message: CallAnswer.Message,
  machine: Schema.optional(Machine),
  cli: Schema.optional(Schema.String),
  windows: Schema.optional(Schema.Array(Window)),
  defaultTimeZone: Schema.optional(Schema.String),
  retry: Schema.optional(CallFlow.RetryPolicy),
  callsPerSecond: Schema.optional(Schema.Number.pipe(Schema.positive())),
  maxLiveCalls: Schema.optional(Schema.Int.pipe(Schema.positive())),
  dialTimeoutSeconds: Schema.optional(Schema.Int.pipe(Schema.positive())),
  maxDurationSeconds: Schema.optional(Schema.Int.pipe(Schema.positive()))
})

/**
 * @since 0.2.0
 * @category Models
 */
export type Script = typeof Script.Type

/**
 * The largest settings file read, in bytes.
 *
 * @since 0.2.0
 * @category Constants
 */
export const maxBytes = 256 * 1024

const shorten = (text: string, max: number) => text.length <= max ? text : `${text.slice(0, max - 1)}…`

const pathText = (path: ReadonlyArray<PropertyKey>) =>
  path.length === 0 ? "(file)" : path.map((key) => typeof key === "number" ? `[${key}]` : String(key)).join(".")
    .replace(/\.\[/g, "[")

const knownFields = Object.keys(Script.fields).join(", ")

/** The first problems of a failed decoding, one short clause per field. */
const describe = (error: ParseResult.ParseError): string => {
  const byPath = new Map<string, string>()
  for (const issue of ParseResult.ArrayFormatter.formatErrorSync(error)) {
    const path = pathText(issue.path)
    // a union (text or SVAML; an optional field's `undefined`) reports each member: the first says enough
    if (byPath.has(path) || issue.message.startsWith("Expected undefined,")) continue
    byPath.set(
      path,
      issue._tag === "Unexpected"
        ? `unknown field${issue.path.length === 1 ? ` (the fields are ${knownFields})` : ""}`
        : shorten(issue.message, 120)
    )
  }
  const problems = Array.from(byPath, ([path, message]) => `${path}: ${message}`)
  const more = problems.length - 3
  return problems.slice(0, 3).join("; ") + (more > 0 ? `; and ${more} more` : "")
}

const decodeScript = Schema.decodeUnknownEither(Script, { errors: "all", onExcessProperty: "error" })

/**
 * Parses the settings file's text: a usage error naming the file and the fields that are wrong.
 *
 * @since 0.2.0
 * @category Decoding
 */
export const parse = (file: string, text: string): Either.Either<Script, UsageError> => {
  const problem = (text: string) => new UsageError({ message: `--script ${shorten(file, 80)}: ${shorten(text, 400)}` })
  const fail = (text: string) => Either.left(problem(text))
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    return fail(`not JSON (${shorten(error instanceof Error ? error.message : "unreadable", 100)})`)
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    return fail("expected a JSON object of settings, e.g. {\"message\": \"Hello {{name}}\"}")
  }
  return Either.mapLeft(decodeScript(json), (error) => problem(describe(error)))
}

const machinePolicy = (machine: Script["machine"]): CallAnswer.MachinePolicy | undefined => {
  if (machine === undefined) return undefined
  switch (machine) {
    case "hang-up":
      return CallAnswer.hangUp
    case "hang-up-and-retry":
      return CallAnswer.hangUpAndRetry
    case "treat-as-human":
      return CallAnswer.treatAsHuman
    default:
      return CallAnswer.leaveVoicemail(machine.voicemail)
  }
}

const days = (value: typeof Days.Type): ReadonlyArray<string> =>
  value === "weekdays" ? CallingWindow.weekdays : value === "every-day" ? CallingWindow.everyDay : value

/**
 * The campaign's settings for `Campaign.start`, without its id and contacts.
 *
 * @since 0.2.0
 * @category Conversions
 */
export const toStartOptions = (script: Script): Omit<Campaign.StartOptions, "id" | "contacts"> => ({
  message: script.message,
  machine: machinePolicy(script.machine),
  cli: script.cli,
  windows: script.windows?.map((window) => ({ days: days(window.days), start: window.start, end: window.end })),
  defaultTimeZone: script.defaultTimeZone,
  retry: script.retry,
  callsPerSecond: script.callsPerSecond,
  maxLiveCalls: script.maxLiveCalls,
  dialTimeoutSeconds: script.dialTimeoutSeconds,
  maxDurationSeconds: script.maxDurationSeconds
})
