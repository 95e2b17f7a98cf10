/**
 * Examples for docs/cli.md, type-checked by `pnpm check`.
 */
import * as CallsCommand from "@effect-sinch/platform-node/cli/CallsCommand"
import * as ConferencesCommand from "@effect-sinch/platform-node/cli/ConferencesCommand"
import * as SinchVoiceCli from "@effect-sinch/platform-node/cli/SinchVoiceCli"
import * as Command from "@effect/cli/Command"
import * as NodeContext from "@effect/platform-node/NodeContext"
import * as Effect from "effect/Effect"

// Run a command line in-process (a script, a test): the output goes through Effect's Console and
// the exit code comes back instead of ending the process
export const showSession = SinchVoiceCli.run(["conferences", "get", "group-session", "--json"]).pipe(
  Effect.provide(NodeContext.layer)
)

// Put some of the commands into your own @effect/cli program
export const clinicOps = Command.make("clinic-ops").pipe(
  Command.withDescription("Acme Clinic's operations tool."),
  Command.withSubcommands([ConferencesCommand.command, CallsCommand.command])
)

export const runClinicOps = (args: ReadonlyArray<string>) =>
  Command.run(clinicOps, { name: "clinic-ops", version: "1.0.0" })(args).pipe(Effect.provide(NodeContext.layer))
