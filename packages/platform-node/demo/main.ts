/**
 * `pnpm demo`: the app of docs/getting-started.md against the simulator, on loopback, in this
 * process (see story.ts). Exits 0 when the story has run.
 */
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as Story from "./story.js"

NodeRuntime.runMain(Story.demo)
