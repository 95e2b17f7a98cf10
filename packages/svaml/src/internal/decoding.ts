/**
 * Short, located explanations of why a value is not a SVAML document of a context. The schemas'
 * own errors try every member of a union and print them all (one ~2,000-character tree for a
 * wrong action); this pre-checks what a reader gets wrong first — the shape, the one action, a
 * name the context does not allow — and only then asks the one schema that applies.
 */
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Predicate from "effect/Predicate"
import * as Schema from "effect/Schema"
import * as Actions from "../Actions.js"
import * as Instructions from "../Instructions.js"
import * as SvamlError from "../SvamlError.js"

/** The contexts a document is sent in (`Documents.Context`). */
export type Context = "ice" | "ace" | "pie" | "managedCall"

/** How messages name each context. */
export const contextNames: { readonly [C in Context]: string } = {
  ice: "ICE",
  ace: "ACE",
  pie: "PIE",
  managedCall: "a managed-call update"
}

/** What a context allows (`Documents.allowed`). */
export interface Allowed {
  readonly instructions: ReadonlyArray<string>
  readonly actions: ReadonlyArray<string>
}

type Decode = (value: unknown) => Either.Either<unknown, ParseResult.ParseError>

const actionDecoders: Readonly<Record<Actions.Name, Decode>> = {
  hangup: Schema.decodeUnknownEither(Actions.Hangup),
  continue: Schema.decodeUnknownEither(Actions.Continue),
  connectPstn: Schema.decodeUnknownEither(Actions.ConnectPstn),
  connectMxp: Schema.decodeUnknownEither(Actions.ConnectMxp),
  connectConf: Schema.decodeUnknownEither(Actions.ConnectConf),
  connectSip: Schema.decodeUnknownEither(Actions.ConnectSip),
  connectStream: Schema.decodeUnknownEither(Actions.ConnectStream),
  runMenu: Schema.decodeUnknownEither(Actions.RunMenu),
  park: Schema.decodeUnknownEither(Actions.Park)
}

const instructionDecoders: Readonly<Record<Instructions.Name, Decode>> = {
  playFiles: Schema.decodeUnknownEither(Instructions.PlayFiles),
  say: Schema.decodeUnknownEither(Instructions.Say),
  sendDtmf: Schema.decodeUnknownEither(Instructions.SendDtmf),
  setCookie: Schema.decodeUnknownEither(Instructions.SetCookie),
  answer: Schema.decodeUnknownEither(Instructions.Answer),
  startRecording: Schema.decodeUnknownEither(Instructions.StartRecording),
  stopRecording: Schema.decodeUnknownEither(Instructions.StopRecording)
}

/** Messages stay bounded whatever the input holds. */
const maxDetail = 240
const bounded = (text: string): string => text.length <= maxDetail ? text : `${text.slice(0, maxDetail - 1)}…`
const quoted = (name: string): string => `\`${name.length <= 40 ? name : `${name.slice(0, 39)}…`}\``

const canonical = (names: ReadonlyArray<string>, name: string): string | undefined =>
  names.find((candidate) => candidate.toLowerCase() === name.toLowerCase())

/** `action \`continue\` is not allowed in ICE; allowed: hangup, …` (or an unknown name). */
export const notAllowed = (
  kind: "action" | "instruction",
  name: string | undefined,
  context: Context,
  allowed: ReadonlyArray<string>
): string => {
  const known = kind === "action" ? Object.keys(actionDecoders) : Object.keys(instructionDecoders)
  const what = name === undefined
    ? `an ${kind} without a name`
    : canonical(known, name) === undefined
    ? `unknown ${kind} ${quoted(name)}`
    : `${kind} ${quoted(name)}`
  return `${what} is not allowed in ${contextNames[context]}; allowed: ${allowed.join(", ")}`
}

const nameOf = (value: unknown): string | undefined =>
  Predicate.hasProperty(value, "name") && typeof value.name === "string" ? value.name : undefined

const kindOf = (value: unknown): string => value === null ? "null" : Array.isArray(value) ? "an array" : typeof value

const toPath = (path: ReadonlyArray<PropertyKey>): SvamlError.Path =>
  path.map((segment) => typeof segment === "number" ? segment : String(segment))

const issues = (decode: Decode, value: unknown, at: SvamlError.Path): Array<SvamlError.Violation> => {
  const decoded = decode(value)
  if (Either.isRight(decoded)) return []
  return ParseResult.ArrayFormatter.formatErrorSync(decoded.left).map((issue) =>
    SvamlError.violation(
      [...at, ...toPath(issue.path)],
      "schema",
      bounded(issue.message)
    )
  )
}

/** One step (the action or an instruction): allowed here, then shaped as its own schema says. */
const checkStep = (
  kind: "action" | "instruction",
  value: unknown,
  at: SvamlError.Path,
  context: Context,
  allowed: ReadonlyArray<string>
): Array<SvamlError.Violation> => {
  if (!Predicate.isRecord(value)) {
    return [SvamlError.violation(at, "schema", `expected an ${kind} object with a name, got ${kindOf(value)}`)]
  }
  const name = nameOf(value)
  const allowedName = name === undefined ? undefined : canonical(allowed, name)
  if (allowedName === undefined) {
    return [SvamlError.violation([...at, "name"], "context", notAllowed(kind, name, context, allowed))]
  }
  const decoders: Readonly<Record<string, Decode>> = kind === "action" ? actionDecoders : instructionDecoders
  const decode = decoders[allowedName]
  return decode === undefined ? [] : issues(decode, value, at)
}

/** Every problem that kept `input` from decoding as a document of `context`, most useful first. */
export const diagnose = (
  input: unknown,
  context: Context,
  allowed: Allowed,
  error: ParseResult.ParseError
): SvamlError.InvalidSvaml => {
  const violations: Array<SvamlError.Violation> = []
  if (!Predicate.isRecord(input)) {
    violations.push(
      SvamlError.violation([], "schema", `expected a JSON object with an action, got ${kindOf(input)}`)
    )
  } else {
    if (input.action === undefined) {
      violations.push(
        SvamlError.violation(["action"], "one-action", "a SVAML document holds exactly one action, found none")
      )
    } else {
      violations.push(...checkStep("action", input.action, ["action"], context, allowed.actions))
    }
    const instructions = input.instructions
    if (instructions !== undefined) {
      if (!Array.isArray(instructions)) {
        violations.push(
          SvamlError.violation(["instructions"], "schema", `expected an array, got ${kindOf(instructions)}`)
        )
      } else {
        instructions.forEach((instruction, index) =>
          violations.push(
            ...checkStep("instruction", instruction, ["instructions", index], context, allowed.instructions)
          )
        )
      }
    }
  }
  const [first, ...rest] = violations
  if (first !== undefined) return SvamlError.fromViolations(first, ...rest)
  // not expected: every structural check passed but the schema still refused; its first issue, bounded
  const [issue] = ParseResult.ArrayFormatter.formatErrorSync(error)
  return SvamlError.fromViolations(
    SvamlError.violation(
      issue === undefined ? [] : toPath(issue.path),
      "schema",
      bounded(issue?.message ?? error.message)
    )
  )
}
