/**
 * The bash completion script, run by a real bash: what it proposes after the words typed so far.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as ChildProcess from "node:child_process"
import { runCli } from "./utils.js"

const complete = (script: string, words: ReadonlyArray<string>) =>
  Effect.sync(() => {
    const helper = [
      script,
      `COMP_WORDS=(${words.map((word) => `'${word}'`).join(" ")})`,
      "COMP_CWORD=$((${#COMP_WORDS[@]} - 1))",
      `_sinch_voice_bash_completions sinch-voice "\${COMP_WORDS[COMP_CWORD]}" "\${COMP_WORDS[COMP_CWORD-1]}"`,
      `echo "\${COMPREPLY[*]}"`
    ].join("\n")
    const result = ChildProcess.spawnSync("bash", ["--posix", "-c", helper], { encoding: "utf8", timeout: 10_000 })
    expect(result.stderr).toBe("")
    return result.stdout.trim().split(" ")
  })

describe("sinch-voice --completions bash", () => {
  it.effect("completes subcommands, hyphenated ones and their flags, in a POSIX-mode bash", () =>
    Effect.gen(function*() {
      const generated = yield* runCli(["--completions", "bash"])
      expect(generated.code).toBe(0)
      expect(generated.stdout).toContain("complete -F _sinch_voice_bash_completions")
      const script = generated.stdout
      expect(yield* complete(script, ["sinch-voice", "con"])).toEqual(["conferences"])
      expect(yield* complete(script, ["sinch-voice", "conferences", "kick"])).toEqual(["kick", "kick-all"])
      expect(yield* complete(script, ["sinch-voice", "conferences", "kick-all", "--ve"])).toEqual([
        "--verbose",
        "--version"
      ])
      expect(yield* complete(script, ["sinch-voice", "calls", "get", "abc", "--region", "eu"])).toEqual(["euc1"])
      expect(yield* complete(script, ["sinch-voice", "query-number", "--js"])).toEqual(["--json"])
      expect(yield* complete(script, ["sinch-voice", "callouts", "custom", "--ic"])).toEqual(["--ice"])
      expect(yield* complete(script, ["sinch-voice", "camp"])).toEqual(["campaign"])
      expect(yield* complete(script, ["sinch-voice", "campaign", "r"])).toEqual(["results", "run"])
      expect(yield* complete(script, ["sinch-voice", "campaign", "run", "--scr"])).toEqual(["--script"])
      expect(yield* complete(script, ["sinch-voice", "campaign", "results", "--cs"])).toEqual(["--csv"])
      expect(yield* complete(script, ["sinch-voice", "callouts", "tts", "--wai"])).toEqual(["--wait", "--wait-timeout"])
    }))
})
