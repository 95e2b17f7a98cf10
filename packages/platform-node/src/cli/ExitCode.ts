/**
 * The exit codes of the `sinch-voice` CLI and how each failure maps to one, with the one-line
 * message printed for it.
 *
 * | code | meaning |
 * |---|---|
 * | 0 | success |
 * | 1 | any other failure (e.g. not enough credit) |
 * | 2 | bad input: an unknown command or flag, a value that breaks a rule, Sinch's 400 |
 * | 3 | authentication: credentials missing or malformed, or refused by Sinch (401/403) |
 * | 4 | not found: the call, conference, application or number does not exist (404) |
 * | 5 | server or transport trouble: 5xx, 429, timeout, connection failure, unreadable response, open circuit |
 *
 * @since 0.1.0
 */
import * as VoiceError from "@effect-sinch/voice/VoiceError"
import * as ValidationError from "@effect/cli/ValidationError"
import * as ConfigError from "effect/ConfigError"
import { absurd } from "effect/Function"
import * as Predicate from "effect/Predicate"
import * as Schema from "effect/Schema"

/**
 * @since 0.1.0
 * @category Models
 */
export type ExitCode = 0 | 1 | 2 | 3 | 4 | 5

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
 * A failure as the CLI reports it: the exit code and one line for stderr (`undefined` when
 * `@effect/cli` has already printed the problem with the usage).
 *
 * @since 0.1.0
 * @category Models
 */
export interface Report {
  readonly code: ExitCode
  readonly line: string | undefined
}

const configProblems = (error: ConfigError.ConfigError): Array<string> => {
  switch (error._op) {
    case "And":
    case "Or":
      return [...configProblems(error.left), ...configProblems(error.right)]
    case "MissingData":
      return [`${error.path.join(".")} is not set`]
    default:
      return [`${error.path.join(".")}: ${error.message}`]
  }
}

const configLine = (error: ConfigError.ConfigError): string =>
  `configuration: ${Array.from(new Set(configProblems(error))).join("; ")}` +
  " — export your application's key and secret (the secret is never taken as a flag)"

/**
 * The exit code and message for a failure of a command.
 *
 * @since 0.1.0
 * @category Reporting
 */
export const fromError = (error: unknown): Report => {
  if (ValidationError.isValidationError(error)) return { code: badInput, line: undefined }
  if (error instanceof UsageError) return { code: badInput, line: `error: ${error.message}` }
  if (ConfigError.isConfigError(error)) return { code: auth, line: `error: ${configLine(error)}` }
  if (VoiceError.isVoiceError(error)) {
    const line = `error: ${error.message}`
    switch (error._tag) {
      case "InvalidInput":
      case "BadRequest":
        return { code: badInput, line }
      case "Unauthorized":
      case "InvalidConfiguration":
        return { code: auth, line }
      case "NotFound":
        return { code: notFound, line }
      case "ServerError":
      case "RateLimited":
      case "TransportError":
      case "Timeout":
      case "UnexpectedResponse":
      case "CircuitOpen":
        return { code: server, line }
      case "PaymentRequired":
        return { code: other, line }
      default:
        // a new kind of VoiceError must be given its exit code here
        return absurd(error)
    }
  }
  const message = Predicate.hasProperty(error, "message") && typeof error.message === "string"
    ? error.message
    : String(error)
  return { code: other, line: `error: ${message}` }
}
