/**
 * The `sinch-voice` command line: every operation of the Voice API, and a local simulator.
 *
 * `run(args)` runs one command line in-process and returns its exit code (see `ExitCode`); it
 * writes only through Effect's `Console`, so tests capture the output, and never exits the process
 * (`bin/sinch-voice.ts` does that).
 *
 * @since 0.1.0
 */
import type * as CliApp from "@effect/cli/CliApp"
import * as Command from "@effect/cli/Command"
import * as Cause from "effect/Cause"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as CallbacksCommand from "./CallbacksCommand.js"
import * as CalloutsCommand from "./CalloutsCommand.js"
import * as CallsCommand from "./CallsCommand.js"
import * as ConferencesCommand from "./ConferencesCommand.js"
import * as ExitCode from "./ExitCode.js"
import * as NumbersCommand from "./NumbersCommand.js"
import * as QueryNumberCommand from "./QueryNumberCommand.js"
import * as SimulateCommand from "./SimulateCommand.js"

/**
 * The program's version, as printed by `--version`.
 *
 * @since 0.1.0
 * @category Constants
 */
export const version = "0.1.0"

/**
 * The root command.
 *
 * @since 0.1.0
 * @category Commands
 */
export const command = Command.make("sinch-voice").pipe(
  Command.withDescription(
    "The Sinch Voice (Calling) API from the command line. Credentials come from SINCH_APPLICATION_KEY and " +
      "SINCH_APPLICATION_SECRET (never a flag); SINCH_VOICE_REGION and SINCH_VOICE_AUTH are optional. " +
      "Exit codes: 0 ok, 1 other failure, 2 bad input, 3 authentication, 4 not found, 5 server or transport."
  ),
  Command.withSubcommands([
    CalloutsCommand.command,
    CallsCommand.command,
    ConferencesCommand.command,
    NumbersCommand.command,
    CallbacksCommand.command,
    QueryNumberCommand.command,
    SimulateCommand.command
  ])
)

const cli = Command.run(command, { name: "sinch-voice", version, executable: "sinch-voice" })

/**
 * Runs one command line (the arguments after the program name) and returns its exit code.
 * Failures are printed as one line on stderr (usage problems with the usage); nothing fails.
 *
 * @since 0.1.0
 * @category Running
 */
export const run = (args: ReadonlyArray<string>): Effect.Effect<ExitCode.ExitCode, never, CliApp.CliApp.Environment> =>
  cli(["node", "sinch-voice", ...args]).pipe(
    Effect.as(ExitCode.ok),
    Effect.catchAllCause((cause) => {
      const report = Option.match(Cause.failureOption(cause), {
        onNone: () =>
          Cause.isInterruptedOnly(cause)
            ? { code: ExitCode.other, line: "error: interrupted" }
            : { code: ExitCode.other, line: `error: unexpected failure: ${Cause.pretty(cause).split("\n")[0]}` },
        onSome: ExitCode.fromError
      })
      return report.line === undefined
        ? Effect.succeed(report.code)
        : Effect.as(Console.error(report.line), report.code)
    })
  )
