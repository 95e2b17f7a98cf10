/**
 * Shell completion scripts (`sinch-voice --completions bash|zsh|fish|sh`). The bash script of
 * `@effect/cli` 0.77.2 does not work for a hyphenated program name (Effect-TS/effect#6114): the
 * first word sets `cmd="sinch-voice"` while every other case keys on `sinch__voice`, so nothing
 * past the first word ever completes; the keys of nested commands are the whole path
 * (`sinch__voice,calls,get`) where the script builds `sinch__voice__calls,get`; a hyphenated
 * subcommand (`kick-all`) is keyed `kick__all`, never a typed word; choices are listed
 * comma-separated (one word for `compgen -W`); the word being typed is matched as a command
 * (`kick` completes as if `kick` were chosen, hiding `kick-all`); and the function name holds a
 * hyphen, which a POSIX-mode bash refuses. `fixBash` rewrites those lines; the other shells are
 * left as generated.
 *
 * @since 0.2.0
 */
import * as Command from "@effect/cli/Command"
import * as Effect from "effect/Effect"

const caseKey = /^(\s+)([A-Za-z0-9_]+(?:,[A-Za-z0-9_]+)+)\)$/
const choices = /compgen -W "([^"]*)"/

/**
 * Repairs the bash script `@effect/cli` generates for `programName`.
 *
 * @since 0.2.0
 * @category Completions
 */
export const fixBash = (script: string, programName: string): string => {
  const root = programName.replace(/-/g, "__")
  const functionName = `_${programName.replace(/[^A-Za-z0-9_]/g, "_")}_bash_completions`
  return script.split("\n").map((line) => {
    // the first word: the same identifier as every other case
    if (line.trim() === `cmd="${programName}"`) return line.replace(`"${programName}"`, `"${root}"`)
    if (line.trim() === `${programName})`) return line.replace(`${programName})`, `${root})`)
    const key = caseKey.exec(line)
    if (key !== null) {
      // `root,a,b__c` → `root__a,b-c`: the parent's identifier, then the word as typed
      const [root_ = "", ...words] = (key[2] ?? "").split(",")
      const word = (words.pop() ?? "").replace(/__/g, "-")
      return `${key[1]}${[root_, ...words].join("__")},${word})`
    }
    // the words before the one being completed choose the command
    if (line.trim() === `for i in "\${COMP_WORDS[@]}"; do`) {
      return line.replace(`"\${COMP_WORDS[@]}"`, `"\${COMP_WORDS[@]:0:COMP_CWORD}"`)
    }
    if (choices.test(line)) {
      return line.replace(choices, (_, list: string) => `compgen -W "${list.split(",").join(" ")}"`)
    }
    return line.replaceAll(`_${programName}_bash_completions`, functionName)
  }).join("\n")
}

/**
 * The completion script for `shell`, repaired where `@effect/cli`'s is broken.
 *
 * @since 0.2.0
 * @category Completions
 */
export const script = <Name extends string, R, E, A>(
  command: Command.Command<Name, R, E, A>,
  programName: string,
  shell: "bash" | "zsh" | "fish" | "sh"
): Effect.Effect<string> => {
  switch (shell) {
    case "bash":
    case "sh":
      return Effect.map(
        Command.getBashCompletions(command, programName),
        (lines) => fixBash(lines.join("\n"), programName)
      )
    case "zsh":
      return Effect.map(Command.getZshCompletions(command, programName), (lines) => lines.join("\n"))
    case "fish":
      return Effect.map(Command.getFishCompletions(command, programName), (lines) => lines.join("\n"))
  }
}
