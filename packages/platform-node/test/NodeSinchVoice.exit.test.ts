/**
 * A request's timeout timer ends with the request: a process that has made its requests exits when
 * its program ends, not when the last request's timeout would have fired.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { fileURLToPath } from "node:url"
import * as FaultServer from "./resilience/faultServer.js"
import { spawn } from "./utils/processes.js"

const oneRequest = fileURLToPath(new URL("./utils/oneRequest.ts", import.meta.url))

describe("NodeSinchVoice in a process of its own", () => {
  it.scopedLive("a process that made a request with a 60 s timeout exits when its program ends", () =>
    Effect.gen(function*() {
      const server = yield* FaultServer.make
      const child = yield* spawn("one request", oneRequest, { ESW_BASE_URL: server.baseUrl })
      const answered = yield* child.waitFor("the answer", (line) => typeof line.callId === "string", "30 seconds")
      assert.strictEqual(answered.callId, "call-1")
      // well before the 60 s timeout (the child's startup under tsx is most of this)
      const exit = yield* child.waitFor("the exit", (line) => line.event === "exit", "15 seconds")
      assert.strictEqual(exit.code, 0)
    }))
})
