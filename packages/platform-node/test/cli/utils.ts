/**
 * Runs the CLI in-process with a given environment and captures what it prints.
 */
import * as NodeContext from "@effect/platform-node/NodeContext"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as SinchVoiceCli from "../../src/cli/SinchVoiceCli.js"

export interface CliResult {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

const stripAnsi = (text: string) => text.replace(/\u001b\[[0-9;]*m/g, "")

export const capturingConsole = (
  stdout: Array<string>,
  stderr: Array<string>,
  onStdout: (text: string) => void,
  keepAnsi = false
): Console.Console => {
  const write = (sink: Array<string>) => (...args: ReadonlyArray<unknown>) => {
    const joined = args.map(String).join(" ")
    const text = keepAnsi ? joined : stripAnsi(joined)
    sink.push(text)
    if (sink === stdout) onStdout(text)
  }
  const ignore = () => {}
  const unsafe: Console.UnsafeConsole = {
    assert: ignore,
    clear: ignore,
    count: ignore,
    countReset: ignore,
    debug: write(stderr),
    dir: write(stdout),
    dirxml: write(stdout),
    error: write(stderr),
    group: ignore,
    groupCollapsed: ignore,
    groupEnd: ignore,
    info: write(stdout),
    log: write(stdout),
    table: write(stdout),
    time: ignore,
    timeEnd: ignore,
    timeLog: ignore,
    trace: write(stderr),
    warn: write(stderr)
  }
  const lift = <Args extends ReadonlyArray<unknown>>(f: (...args: Args) => void) => (...args: Args) =>
    Effect.sync(() => f(...args))
  return {
    [Console.TypeId]: Console.TypeId,
    assert: lift(unsafe.assert),
    clear: Effect.sync(unsafe.clear),
    count: lift(unsafe.count),
    countReset: lift(unsafe.countReset),
    debug: lift(unsafe.debug),
    dir: lift(unsafe.dir),
    dirxml: lift(unsafe.dirxml),
    error: lift(unsafe.error),
    group: () => Effect.void,
    groupEnd: Effect.void,
    info: lift(unsafe.info),
    log: lift(unsafe.log),
    table: lift(unsafe.table),
    time: lift(unsafe.time),
    timeEnd: lift(unsafe.timeEnd),
    timeLog: lift(unsafe.timeLog),
    trace: lift(unsafe.trace),
    warn: lift(unsafe.warn),
    unsafe
  }
}

/**
 * Runs `sinch-voice <args>` with only `env` as the environment. `onStdout` sees each output as it is
 * printed (for a command that runs until interrupted). ANSI escapes are stripped from what is
 * captured unless `keepAnsi`.
 */
export const runCli = (
  args: ReadonlyArray<string>,
  env: Readonly<Record<string, string>> = {},
  onStdout: (text: string) => void = () => {},
  options: SinchVoiceCli.RunOptions & { readonly keepAnsi?: boolean } = {}
) =>
  Effect.gen(function*() {
    const stdout: Array<string> = []
    const stderr: Array<string> = []
    const code = yield* SinchVoiceCli.run(args, options).pipe(
      Effect.withConsole(capturingConsole(stdout, stderr, onStdout, options.keepAnsi)),
      Effect.withConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(env)))),
      Effect.provide(NodeContext.layer)
    )
    return { code, stdout: stdout.join("\n"), stderr: stderr.join("\n") } satisfies CliResult
  })
