/**
 * How the CLI prints results: JSON with `--json` (the API's own field names, one document per
 * command), readable tables otherwise. Everything goes through Effect's `Console`, so a test can
 * capture it.
 *
 * @since 0.1.0
 */
import * as Console from "effect/Console"
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
 * Prints an answer of the API: with `--json` as its schema encodes it (the API's own field names),
 * otherwise as `text` formats it.
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
