#!/usr/bin/env node
/**
 * The `sinch-voice` executable: runs the CLI on Node and exits with its exit code. The only module
 * that touches `process`.
 *
 * @since 0.1.0
 */
import * as NodeContext from "@effect/platform-node/NodeContext"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as SinchVoiceCli from "../cli/SinchVoiceCli.js"

SinchVoiceCli.run(process.argv.slice(2), {
  // colours only for a terminal (`NO_COLOR` is read by `run`)
  colors: { stdout: process.stdout.isTTY === true, stderr: process.stderr.isTTY === true }
}).pipe(
  Effect.tap((code) =>
    Effect.sync(() => {
      process.exitCode = code
    })
  ),
  Effect.provide(NodeContext.layer),
  NodeRuntime.runMain({
    disableErrorReporting: true,
    // Ctrl-C (SIGINT interrupts the program) exits 130, the shells' convention (128 + SIGINT)
    teardown: (exit, onExit) => onExit(Exit.isSuccess(exit) ? 0 : Cause.isInterruptedOnly(exit.cause) ? 130 : 1)
  })
)
