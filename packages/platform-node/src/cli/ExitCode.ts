/**
 * The exit codes of the `sinch-voice` CLI and how each failure maps to one, with the one-line
 * message printed for it (and what to do, where the CLI knows: a 401's secret or clock, a 429's
 * `Retry-After`, a callout that may have been placed) and its `--json` form.
 *
 * | code | meaning |
 * |---|---|
 * | 0 | success |
 * | 1 | any other failure (e.g. not enough credit) |
 * | 2 | bad input: an unknown command or flag, a value that breaks a rule, a setting that cannot be used (`SINCH_VOICE_REGION`, `SINCH_VOICE_AUTH`, a base URL, `--timeout`: the message names it), Sinch's 400 |
 * | 3 | authentication: credentials (`SINCH_APPLICATION_KEY`, `SINCH_APPLICATION_SECRET`) missing or malformed, or refused by Sinch (401/403) |
 * | 4 | not found: the call, conference, application or number does not exist (404) |
 * | 5 | server or transport trouble: 5xx, 429, timeout, connection failure, unreadable response, open circuit |
 * | 6 | not reached: a call followed with `--wait` ended without being answered (busy, no answer, failed) |
 *
 * @since 0.1.0
 */
import * as CircuitBreaker from "@effect-sinch/voice/CircuitBreaker"
import * as VoiceError from "@effect-sinch/voice/VoiceError"
import * as CampaignError from "@effect-sinch/workflow/CampaignError"
import * as WorkflowError from "@effect-sinch/workflow/WorkflowError"
import * as HelpDoc from "@effect/cli/HelpDoc"
import * as ValidationError from "@effect/cli/ValidationError"
import * as ConfigError from "effect/ConfigError"
import * as Duration from "effect/Duration"
import { absurd } from "effect/Function"
import * as Predicate from "effect/Predicate"
import * as Schema from "effect/Schema"
import * as Output from "./Output.js"

/**
 * @since 0.1.0
 * @category Models
 */
export type ExitCode = 0 | 1 | 2 | 3 | 4 | 5 | 6

/**
 * @since 0.1.0
 * @category Constants
 */
export const ok: ExitCode = 0

/**
 * @since 0.1.0
 * @category Constants
 */
export const other: ExitCode = 1

/**
 * @since 0.1.0
 * @category Constants
 */
export const badInput: ExitCode = 2

/**
 * @since 0.1.0
 * @category Constants
 */
export const auth: ExitCode = 3

/**
 * @since 0.1.0
 * @category Constants
 */
export const notFound: ExitCode = 4

/**
 * @since 0.1.0
 * @category Constants
 */
export const server: ExitCode = 5

/**
 * A call followed to its end (`callouts tts --wait`) was not answered.
 *
 * @since 0.2.0
 * @category Constants
 */
export const notReached: ExitCode = 6

/**
 * A failure the CLI itself detects in its input (e.g. a SVAML argument that is not JSON).
 *
 * @since 0.1.0
 * @category Errors
 */
export class UsageError extends Schema.TaggedError<UsageError>("@effect-sinch/platform-node/cli/UsageError")(
  "UsageError",
  { message: Schema.String }
) {}

/**
 * Something the CLI itself looked for does not exist (e.g. a campaign's database): exit code 4.
 *
 * @since 0.2.0
 * @category Errors
 */
export class NotFound extends Schema.TaggedError<NotFound>("@effect-sinch/platform-node/cli/NotFound")(
  "NotFound",
  { message: Schema.String }
) {}

/**
 * A call the CLI followed to its end was not answered: `result` and `reason` are Sinch's.
 *
 * @since 0.2.0
 * @category Errors
 */
export class NotReached extends Schema.TaggedError<NotReached>("@effect-sinch/platform-node/cli/NotReached")(
  "NotReached",
  { callId: Schema.String, result: Schema.String, reason: Schema.String }
) {
  /** @since 0.2.0 */
  override get message(): string {
    return `call ${this.callId} was not answered (${this.result}, ${this.reason})`
  }
}

/**
 * A failure as `--json` reports it (one object on stderr, `{"error": …}`): the error's tag, its
 * one-line message, the exit code, and what Sinch said when it answered.
 *
 * @since 0.2.0
 * @category Models
 */
export interface ErrorJson {
  /** The error's tag, e.g. `RateLimited`, `Unauthorized`, `UsageError`, `ConfigError`, `ValidationError`. */
  readonly tag: string
  /** The same line the CLI prints without `--json`, without the `error: ` prefix. */
  readonly message: string
  readonly exitCode: ExitCode
  /** The operation, e.g. `calls.get`. */
  readonly operation?: string
  /** The HTTP status Sinch answered with. */
  readonly status?: number
  /** Sinch's `errorCode`. */
  readonly errorCode?: number | string
  /** Sinch's support reference. */
  readonly reference?: string
  /** How long Sinch asked to wait (`Retry-After`), in seconds. */
  readonly retryAfter?: number
  /** `true` when a failed callout may still have placed the call. */
  readonly mayHaveBeenPlaced?: boolean
}

/**
 * A failure as the CLI reports it: the exit code, one line for stderr (`undefined` when
 * `@effect/cli` has already printed the problem with the usage), and the `--json` form.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Report {
  readonly code: ExitCode
  readonly line: string | undefined
  readonly json: ErrorJson
}

/** The variables of the credentials: a problem with them is an authentication failure (3). */
const credentialVariables: ReadonlySet<string> = new Set(["SINCH_APPLICATION_KEY", "SINCH_APPLICATION_SECRET"])

interface ConfigProblem {
  readonly variable: string
  readonly text: string
}

const configProblems = (error: ConfigError.ConfigError): Array<ConfigProblem> => {
  switch (error._op) {
    case "And":
    case "Or":
      return [...configProblems(error.left), ...configProblems(error.right)]
    case "MissingData":
      return [{ variable: error.path.join("."), text: `${error.path.join(".")} is not set` }]
    default:
      return [{ variable: error.path.join("."), text: `${error.path.join(".")}: ${error.message}` }]
  }
}

const credentialHint = "export your application's key and secret (the secret is never taken as a flag)"

/** A credential problem is an authentication failure; any other variable is a usage error naming it. */
const fromConfigError = (error: ConfigError.ConfigError): { readonly code: ExitCode; readonly message: string } => {
  const problems = configProblems(error)
  const texts = Array.from(new Set(problems.map((problem) => problem.text))).join("; ")
  const credentialsOnly = problems.every((problem) => credentialVariables.has(problem.variable))
  return credentialsOnly
    ? { code: auth, message: `configuration: ${texts} — ${credentialHint}` }
    : { code: badInput, message: `configuration: ${texts}` }
}

/** A callout that failed after its request may have reached Sinch: the call may exist. */
const mayHaveBeenPlaced = (error: VoiceError.VoiceError): boolean => {
  switch (error._tag) {
    case "ServerError":
    case "Timeout":
      return error.operation.startsWith("callouts.")
    case "TransportError":
      return error.operation.startsWith("callouts.") && error.mayHaveReachedSinch
    default:
      return false
  }
}

const placedHint = "the call may have been placed: check your callbacks or the call before placing it again"

const errorCodeOf = (error: VoiceError.VoiceError): number | string | undefined =>
  Predicate.hasProperty(error, "errorCode") &&
    (typeof error.errorCode === "number" || typeof error.errorCode === "string")
    ? error.errorCode
    : undefined

const referenceOf = (error: VoiceError.VoiceError): string | undefined =>
  Predicate.hasProperty(error, "reference") && typeof error.reference === "string" ? error.reference : undefined

const seconds = (duration: Duration.Duration): number => Math.ceil(Duration.toMillis(duration) / 100) / 10

/** `Retry-After` of any error that carries one (429, and whatever else the client learns to read). */
const retryAfterOf = (error: VoiceError.VoiceError): Duration.Duration | undefined =>
  Predicate.hasProperty(error, "retryAfter") && Duration.isDuration(error.retryAfter) ? error.retryAfter : undefined

/** What the user can do about an error, appended to its line. */
const hintOf = (error: VoiceError.VoiceError): string | undefined => {
  if (mayHaveBeenPlaced(error)) return placedHint
  switch (error._tag) {
    case "Unauthorized":
      return error.status === 401
        ? "check SINCH_APPLICATION_KEY and SINCH_APPLICATION_SECRET, and this machine's clock (signed requests" +
          " are refused when the clock is off by minutes)"
        : "this application may not call that destination, or the auth scheme is not allowed for it"
    case "RateLimited": {
      const wait = retryAfterOf(error)
      return wait === undefined ? "slow down and retry" : `retry after ${Output.duration(wait)}`
    }
    default:
      return undefined
  }
}

const codeOf = (error: VoiceError.VoiceError): ExitCode => {
  switch (error._tag) {
    case "InvalidInput":
    case "BadRequest":
      return badInput
    case "Unauthorized":
    case "InvalidConfiguration":
      return auth
    case "NotFound":
      return notFound
    case "ServerError":
    case "RateLimited":
    case "TransportError":
    case "Timeout":
    case "UnexpectedResponse":
    case "CircuitOpen":
      return server
    case "PaymentRequired":
      return other
    default:
      // a new kind of VoiceError must be given its exit code here
      return absurd(error)
  }
}

const fromVoiceError = (error: VoiceError.VoiceError): Report => {
  const hint = hintOf(error)
  const message = hint === undefined ? error.message : `${error.message} — ${hint}`
  const code = codeOf(error)
  const retryAfter = retryAfterOf(error)
  const status = CircuitBreaker.statusOf(error)
  const errorCode = errorCodeOf(error)
  const reference = referenceOf(error)
  const json: ErrorJson = {
    tag: error._tag,
    message,
    exitCode: code,
    ...(Predicate.hasProperty(error, "operation") && typeof error.operation === "string"
      ? { operation: error.operation }
      : {}),
    ...(status === undefined ? {} : { status }),
    ...(errorCode === undefined ? {} : { errorCode }),
    ...(reference === undefined ? {} : { reference }),
    ...(retryAfter === undefined ? {} : { retryAfter: seconds(retryAfter) }),
    ...(mayHaveBeenPlaced(error) ? { mayHaveBeenPlaced: true } : {})
  }
  return { code, line: `error: ${message}`, json }
}

const plain = (code: ExitCode, tag: string, message: string): Report => ({
  code,
  line: `error: ${message}`,
  json: { tag, message, exitCode: code }
})

/** The campaign commands' failures: a bad list or settings is bad input, an unknown campaign not found. */
const workflowCode = (
  error: unknown
): { readonly code: ExitCode; readonly tag: string; readonly message: string } | undefined => {
  if (
    error instanceof CampaignError.InvalidContacts || error instanceof WorkflowError.InvalidCampaign ||
    error instanceof CampaignError.CampaignRefused
  ) return { code: badInput, tag: error._tag, message: error.message }
  if (error instanceof WorkflowError.CampaignNotFound) {
    return { code: notFound, tag: error._tag, message: error.message }
  }
  if (error instanceof CampaignError.CampaignStorageError || error instanceof WorkflowError.JournalError) {
    return { code: other, tag: error._tag, message: error.message }
  }
  return undefined
}

/**
 * The exit code and message for a failure of a command.
 *
 * @since 0.1.0
 * @category Reporting
 */
export const fromError = (error: unknown): Report => {
  if (ValidationError.isValidationError(error)) {
    const message = HelpDoc.toAnsiText(error.error).replace(/\u001b\[[0-9;]*m/g, "").trim().split("\n").join(" ")
    return { code: badInput, line: undefined, json: { tag: "ValidationError", message, exitCode: badInput } }
  }
  if (error instanceof UsageError) return plain(badInput, "UsageError", error.message)
  if (error instanceof NotFound) return plain(notFound, "NotFound", error.message)
  if (error instanceof NotReached) return plain(notReached, "NotReached", error.message)
  const workflow = workflowCode(error)
  if (workflow !== undefined) return plain(workflow.code, workflow.tag, workflow.message)
  if (ConfigError.isConfigError(error)) {
    const { code, message } = fromConfigError(error)
    return plain(code, "ConfigError", message)
  }
  if (VoiceError.isVoiceError(error)) return fromVoiceError(error)
  const message = Predicate.hasProperty(error, "message") && typeof error.message === "string"
    ? error.message
    : String(error)
  return plain(other, "Error", message)
}
