/**
 * How the CLI prints results: JSON with `--json`, readable tables otherwise. Everything goes
 * through Effect's `Console`, so a test can capture it.
 *
 * What `--json` prints, one document per command: for a command that reads something, the API's
 * answer **as the client decoded it, encoded back** — the documented fields under the Voice API's
 * names, fields the client does not know left out, timestamps in ISO 8601 (UTC); for a command
 * whose API answer is empty, an object naming what was done (`{"callId": "…", "updated": true}`).
 *
 * @since 0.1.0
 */
import * as Console from "effect/Console"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"

/**
 * Columns of plain text, padded to the widest cell, with a header line.
 *
 * @since 0.1.0
 * @category Formatting
 */
export const table = (
  columns: ReadonlyArray<string>,
  rows: ReadonlyArray<ReadonlyArray<string>>
): string => {
  const widths = columns.map((column, index) =>
    Math.max(column.length, ...rows.map((row) => (row[index] ?? "").length))
  )
  const line = (cells: ReadonlyArray<string>) =>
    cells.map((cell, index) => index === cells.length - 1 ? cell : cell.padEnd(widths[index] ?? 0)).join("  ")
      .trimEnd()
  return [line(columns), line(widths.map((width) => "-".repeat(width))), ...rows.map(line)].join("\n")
}

/**
 * `key  value` lines, keys aligned; absent values are left out.
 *
 * @since 0.1.0
 * @category Formatting
 */
export const fields = (pairs: ReadonlyArray<readonly [string, string | number | boolean | undefined]>): string => {
  const present = pairs.filter((pair): pair is readonly [string, string | number | boolean] => pair[1] !== undefined)
  const width = Math.max(0, ...present.map(([key]) => key.length))
  return present.map(([key, value]) => `${key.padEnd(width)}  ${String(value)}`).join("\n")
}

/**
 * Prints `json` (as indented JSON) when `asJson` is set, `text` otherwise.
 *
 * @since 0.1.0
 * @category Printing
 */
export const print = (
  asJson: boolean,
  output: { readonly json: unknown; readonly text: string }
): Effect.Effect<void> => asJson ? Console.log(JSON.stringify(output.json, null, 2)) : Console.log(output.text)

/**
 * Prints an answer of the API: with `--json` as its schema encodes the decoded answer (the API's
 * field names; fields the schema does not know are not kept), otherwise as `text` formats it.
 *
 * @since 0.1.0
 * @category Printing
 */
export const printAnswer = <A, I>(
  asJson: boolean,
  schema: Schema.Schema<A, I>,
  answer: A,
  text: (answer: A) => string
): Effect.Effect<void> =>
  Effect.flatMap(
    // an answer the client decoded with this schema encodes again
    Effect.orDie(Schema.encode(schema)(answer)),
    (json) => print(asJson, { json, text: text(answer) })
  )

/**
 * Which output streams may carry colours (ANSI escapes): only terminals, and never when
 * `NO_COLOR` is set.
 *
 * @since 0.2.0
 * @category Models
 */
export interface Colors {
  readonly stdout: boolean
  readonly stderr: boolean
}

/**
 * No colours anywhere: the default, e.g. for a pipe or a file.
 *
 * @since 0.2.0
 * @category Constants
 */
export const noColors: Colors = { stdout: false, stderr: false }

/**
 * The streams that may carry colours in the command running now (set by `SinchVoiceCli.run`): a
 * command that redraws a line (the campaign's progress bar) does so only on such a stream.
 *
 * @since 0.2.0
 * @category Context
 */
export class CurrentColors extends Context.Reference<CurrentColors>()(
  "@effect-sinch/platform-node/cli/Output/CurrentColors",
  { defaultValue: (): Colors => noColors }
) {}

const ansi = /\u001b\[[0-9;]*[A-Za-z]/g

const strip = (args: ReadonlyArray<unknown>): ReadonlyArray<unknown> =>
  args.map((arg) => typeof arg === "string" ? arg.replace(ansi, "") : arg)

/**
 * `console` with the ANSI escapes (of `@effect/cli`'s help and usage errors) removed from the
 * streams that may not carry colours. With `dropErrors`, `Console.error` prints nothing: under
 * `--json` the CLI reports a failure as one JSON object instead of `@effect/cli`'s text (the
 * verbose log, on `Console.warn`, still shows).
 *
 * @since 0.2.0
 * @category Printing
 */
export const filteredConsole = (
  console: Console.Console,
  options: { readonly colors: Colors; readonly dropErrors: boolean }
): Console.Console => {
  const out = (args: ReadonlyArray<unknown>) => options.colors.stdout ? args : strip(args)
  const err = (args: ReadonlyArray<unknown>) => options.colors.stderr ? args : strip(args)
  return {
    [Console.TypeId]: Console.TypeId,
    assert: (condition, ...args) => console.assert(condition, ...err(args)),
    clear: console.clear,
    count: (label) => console.count(label),
    countReset: (label) => console.countReset(label),
    debug: (...args) => console.debug(...err(args)),
    dir: (item, options) => console.dir(item, options),
    dirxml: (...args) => console.dirxml(...out(args)),
    error: (...args) => options.dropErrors ? Effect.void : console.error(...err(args)),
    group: (options) => console.group(options),
    groupEnd: console.groupEnd,
    info: (...args) => console.info(...out(args)),
    log: (...args) => console.log(...out(args)),
    table: (data, properties) => console.table(data, properties),
    time: (label) => console.time(label),
    timeEnd: (label) => console.timeEnd(label),
    timeLog: (label, ...args) => console.timeLog(label, ...out(args)),
    trace: (...args) => console.trace(...err(args)),
    warn: (...args) => console.warn(...err(args)),
    unsafe: console.unsafe
  }
}

/**
 * A duration as people read it: `254 ms`, `2 s`, `12.5 s`, `3 min 20 s`.
 *
 * @since 0.2.0
 * @category Formatting
 */
export const duration = (value: Duration.Duration): string => {
  const millis = Duration.toMillis(value)
  if (!Number.isFinite(millis)) return "forever"
  if (millis < 1000) return `${Math.round(millis)} ms`
  if (millis < 60_000) return `${(millis / 1000).toFixed(1).replace(/\.0$/, "")} s`
  const seconds = Math.round(millis / 1000)
  return `${Math.floor(seconds / 60)} min${seconds % 60 === 0 ? "" : ` ${seconds % 60} s`}`
}
