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
import * as Config from "effect/Config"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as CallbacksCommand from "./CallbacksCommand.js"
import * as CalloutsCommand from "./CalloutsCommand.js"
import * as CallsCommand from "./CallsCommand.js"
import * as CampaignCommand from "./CampaignCommand.js"
import * as Completions from "./Completions.js"
import * as ConferencesCommand from "./ConferencesCommand.js"
import * as ExitCode from "./ExitCode.js"
import * as NumbersCommand from "./NumbersCommand.js"
import * as Output from "./Output.js"
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
      "Exit codes: 0 ok, 1 other failure, 2 bad input, 3 authentication, 4 not found, 5 server or transport, 6 a call followed with --wait was not answered."
  ),
  Command.withSubcommands([
    CalloutsCommand.command,
    CallsCommand.command,
    ConferencesCommand.command,
    NumbersCommand.command,
    CallbacksCommand.command,
    QueryNumberCommand.command,
    CampaignCommand.command,
    SimulateCommand.command
  ])
)

const cli = Command.run(command, { name: "sinch-voice", version, executable: "sinch-voice" })

/**
 * How the CLI runs: which of its streams are terminals that may show colours.
 *
 * @since 0.2.0
 * @category Models
 */
export interface RunOptions {
  /** Default: no colours (`Output.noColors`); `NO_COLOR` in the environment turns them off anyway. */
  readonly colors?: Output.Colors | undefined
}

// `NO_COLOR` set to anything but the empty string (https://no-color.org)
const noColorRequested = Config.string("NO_COLOR").pipe(
  Config.map((value) => value !== ""),
  Config.withDefault(false)
)

/** `--json` among the arguments (before a `--`): the failure is reported as JSON too. */
const jsonRequested = (args: ReadonlyArray<string>): boolean => {
  const end = args.indexOf("--")
  return (end === -1 ? args : args.slice(0, end)).includes("--json")
}

const shells = ["bash", "zsh", "fish", "sh"] as const

/** `--completions <shell>` as the whole command line: answered here, with the bash script repaired. */
const completionsRequested = (args: ReadonlyArray<string>): Option.Option<typeof shells[number]> => {
  const [flag, shell] = args.length === 1 ? (args[0] ?? "").split("=") : args.length === 2 ? args : []
  return flag === "--completions" ? Option.fromNullable(shells.find((known) => known === shell)) : Option.none()
}

const report = (asJson: boolean, cause: Cause.Cause<unknown>): Effect.Effect<ExitCode.ExitCode> => {
  const result = Option.match(Cause.failureOption(cause), {
    onNone: () => {
      const message = Cause.isInterruptedOnly(cause)
        ? "interrupted"
        : `unexpected failure: ${Cause.pretty(cause).split("\n")[0]}`
      return {
        code: ExitCode.other,
        line: `error: ${message}`,
        json: { tag: "Defect", message, exitCode: ExitCode.other }
      } satisfies ExitCode.Report
    },
    onSome: ExitCode.fromError
  })
  if (asJson) return Effect.as(Console.error(JSON.stringify({ error: result.json })), result.code)
  return result.line === undefined ? Effect.succeed(result.code) : Effect.as(Console.error(result.line), result.code)
}

/**
 * Runs one command line (the arguments after the program name) and returns its exit code.
 * Failures are printed as one line on stderr (usage problems with the usage), or with `--json` as
 * one JSON object `{"error": …}` on stderr (`ExitCode.ErrorJson`); nothing fails. Colours (ANSI
 * escapes) only reach the streams `options.colors` allows, and none when `NO_COLOR` is set.
 *
 * @since 0.1.0
 * @category Running
 */
export const run = (
  args: ReadonlyArray<string>,
  options: RunOptions = {}
): Effect.Effect<ExitCode.ExitCode, never, CliApp.CliApp.Environment> =>
  Effect.gen(function*() {
    const noColor = yield* Effect.orElseSucceed(noColorRequested, () => false)
    const colors = noColor ? Output.noColors : options.colors ?? Output.noColors
    const asJson = jsonRequested(args)
    const outer = yield* Effect.console
    const completions = completionsRequested(args)
    const program = Option.isSome(completions)
      ? Effect.flatMap(Completions.script(command, "sinch-voice", completions.value), Console.log)
      : cli(["node", "sinch-voice", ...args])
    return yield* program.pipe(
      Effect.as(ExitCode.ok),
      Effect.provideService(Output.CurrentColors, colors),
      Effect.withConsole(Output.filteredConsole(outer, { colors, dropErrors: asJson })),
      Effect.catchAllCause((cause) =>
        Effect.withConsole(report(asJson, cause), Output.filteredConsole(outer, { colors, dropErrors: false }))
      )
    )
  })
