/**
 * The error raised when a SVAML document breaks one of Sinch's rules. It is raised before anything
 * is sent, names where the problem is (`path`) and which rule it breaks (`rule`), and lists every
 * violation found, not only the first.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"

/**
 * Where a violation is inside a document: object keys and array indexes, from the root.
 *
 * @since 0.1.0
 * @category Models
 */
export const Path = Schema.Array(Schema.Union(Schema.String, Schema.Number))

/**
 * @since 0.1.0
 * @category Models
 */
export type Path = typeof Path.Type

/**
 * The rules `Documents.validate` checks, by name.
 *
 * - `one-action`: a document holds exactly one action.
 * - `schema`: the document does not have the shape of a SVAML document at all.
 * - `context`: an action or instruction the document's context does not allow (e.g. `continue`
 *   in an ICE response), or one that does not exist.
 * - `required`: a field the wire format leaves optional but the instruction needs (e.g. `say.text`).
 * - `dtmf`: DTMF strings hold only `0-9`, `#` and `w`.
 * - `tts-length`: text to speak is at most 600 characters (configurable).
 * - `conference-id`: 1 to 64 characters.
 * - `max-duration`: `maxDuration` within 0..14400 s (`park`: 0..600 s).
 * - `non-negative`: counts, timeouts and rates are whole numbers ≥ 0.
 * - `e164`: a phone number in E.164 form.
 * - `cli`: a caller id in E.164 form, or `private`.
 * - `main-menu`: a `runMenu` has the menu it starts with (`mainMenu`, or `main`).
 * - `menu-id`: menu ids are unique.
 * - `menu-option`: an option's action is `menu(<id>)` or `return(<value>)`.
 * - `menu-reference`: a `menu(<id>)` option points at a menu that exists.
 * - `cookie-size`: cookie keys and values total at most 1024 bytes (UTF-8).
 * - `call-header-size`: a call header's key and value total at most 1024 bytes (UTF-8).
 * - `recording-destination`: a recording goes to `s3://`, `azure://` or `sdrive://`.
 * - `websocket-url`: a stream goes to a `ws://` or `wss://` URL.
 *
 * @since 0.1.0
 * @category Models
 */
export type Rule =
  | "one-action"
  | "schema"
  | "context"
  | "required"
  | "dtmf"
  | "tts-length"
  | "conference-id"
  | "max-duration"
  | "non-negative"
  | "e164"
  | "cli"
  | "main-menu"
  | "menu-id"
  | "menu-option"
  | "menu-reference"
  | "cookie-size"
  | "call-header-size"
  | "recording-destination"
  | "websocket-url"

/**
 * One broken rule at one place in a document.
 *
 * @since 0.1.0
 * @category Models
 */
export class Violation extends Schema.Class<Violation>("@effect-sinch/svaml/Violation")({
  path: Path,
  rule: Schema.String,
  message: Schema.String
}) {}

/**
 * Renders a path the way a reader finds it in JSON: `action.menus[0].options[1].action`.
 *
 * @since 0.1.0
 * @category Formatting
 */
export const formatPath = (path: Path): string =>
  path.reduce<string>(
    (rendered, segment) =>
      typeof segment === "number" ? `${rendered}[${segment}]` : rendered === "" ? segment : `${rendered}.${segment}`,
    ""
  ) || "(document)"

/**
 * Makes a violation whose message names the path and the rule, e.g.
 * `action.conferenceId: conference-id rule: at most 64 characters, got 70`.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const violation = (path: Path, rule: Rule, detail: string): Violation =>
  new Violation({ path, rule, message: `${formatPath(path)}: ${rule} rule: ${detail}` })

/**
 * A SVAML document breaks one or more rules. `path`, `rule` and `message` describe the first
 * violation; `violations` lists all of them.
 *
 * @since 0.1.0
 * @category Errors
 */
export class InvalidSvaml extends Schema.TaggedError<InvalidSvaml>("@effect-sinch/svaml/InvalidSvaml")("InvalidSvaml", {
  path: Path,
  rule: Schema.String,
  message: Schema.String,
  violations: Schema.optionalWith(Schema.Array(Violation), { default: () => [] })
}) {}

/**
 * Builds the error from every violation found (the first one gives `path`, `rule` and `message`).
 *
 * @since 0.1.0
 * @category Constructors
 */
export const fromViolations = (first: Violation, ...rest: ReadonlyArray<Violation>): InvalidSvaml =>
  new InvalidSvaml({
    path: first.path,
    rule: first.rule,
    message: rest.length === 0 ? first.message : `${first.message} (and ${rest.length} more)`,
    violations: [first, ...rest]
  })
