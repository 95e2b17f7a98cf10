/**
 * Never place a call twice: the runner is SIGKILLed after its callout reached the far end and
 * before Sinch's answer (the call id) was stored. The proxy in front of the simulator forwards the
 * callout at once (the call exists) and holds the answer until the runner is dead. The runner
 * started again on the same SQLite file must not send the callout again; the DiCE carrying the
 * attempt's correlation reconciles the attempt and gives the flow its outcome.
 */
import * as SimulatorScript from "@effect-sinch/voice/SimulatorScript"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Path from "node:path"
import { eventually, freePort } from "../utils/processes.js"
import { callsTo, farEnd, isCallout, runner, tempDir } from "./harness.js"

const destination = "+46701000001"

describe("CallFlow on SQLite, killed between 'callout sent' and 'answer stored'", () => {
  it.scopedLive("places the call once and reconciles the attempt from the DiCE", () =>
    Effect.gen(function*() {
      const dir = yield* tempDir
      const webhookPort = yield* freePort
      const { proxy, simulator } = yield* farEnd([webhookPort])
      yield* simulator.script(destination, SimulatorScript.answersAfter("1 second"))
      yield* proxy.hold(isCallout)
      const options = {
        sinchUrl: proxy.url,
        webhookPort,
        storage: { _tag: "Sqlite", filename: Path.join(dir, "flows.db") } as const,
        flows: [{ id: "reminder-1", destination, maxAttempts: 3, retryDelaySeconds: 1 }]
      }

      const first = yield* runner({ name: "first", ...options })
      yield* eventually(
        "the callout at the far end",
        Effect.map(proxy.count(isCallout), (n) => n > 0 ? Option.some(n) : Option.none()),
        "60 seconds",
        first.stderr
      )
      yield* first.kill
      yield* proxy.release
      const [call] = callsTo(yield* simulator.calls, destination)
      assert.isDefined(call, "the call exists at the far end")

      const second = yield* runner({ name: "second", ...options })
      yield* second.waitFor("ready", (line) => line.event === "ready", "60 seconds")
      // the callee ends the call only now, so that its DiCE reaches the restarted runner
      yield* simulator.hangUp(call!.callId)
      const done = yield* second.waitFor("the flow's report", (line) => line.event === "done", "60 seconds")

      assert.deepStrictEqual(done, {
        event: "done",
        id: "reminder-1",
        conclusion: "reached",
        dispositions: ["human"]
      })
      assert.strictEqual(yield* proxy.count(isCallout), 1, "the callout was not sent again")
      assert.strictEqual(callsTo(yield* simulator.calls, destination).length, 1, "the callee was called once")
    }), 120_000)
})
