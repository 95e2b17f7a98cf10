/**
 * Never place a call twice: the runner is SIGKILLed after its callout reached the far end and
 * before Sinch's answer (the call id) was stored. The proxy in front of the simulator forwards the
 * callout at once (the call exists) and holds the answer until the runner is dead. The runner
 * started again on the same SQLite file must not send the callout again: the DiCE carrying the
 * attempt's correlation reconciles the attempt (as `unknown` when the call's ACE reached no runner:
 * the callee heard nothing), or, when that DiCE was lost, the attempt ends `unknown` at its
 * deadline and is not retried (the callee may have been called).
 */
import * as SimulatorScript from "@effect-sinch/voice/SimulatorScript"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Path from "node:path"
import { eventually, freePort } from "../utils/processes.js"
import { callsTo, farEnd, isCallout, runner, tempDir } from "./harness.js"

const destination = "+46701000001"

/** Runs a flow until its callout is at the far end, kills the runner there, and starts another. */
const killedBetweenSentAndStored = (
  callee: ReadonlyArray<SimulatorScript.Step>,
  limits: { readonly dialTimeoutSeconds?: number; readonly maxDurationSeconds?: number } = {}
) =>
  Effect.gen(function*() {
    const dir = yield* tempDir
    const webhookPort = yield* freePort
    const { proxy, simulator } = yield* farEnd([webhookPort])
    yield* simulator.script(destination, ...callee)
    yield* proxy.hold(isCallout)
    const options = {
      sinchUrl: proxy.url,
      webhookPort,
      storage: { _tag: "Sqlite", filename: Path.join(dir, "flows.db") } as const,
      flows: [{ id: "reminder-1", destination, maxAttempts: 3, retryDelaySeconds: 1 }],
      ...limits
    }

    const first = yield* runner({ name: "first", ...options })
    yield* eventually(
      "the callout at the far end",
      Effect.map(proxy.count(isCallout), (n) => n > 0 ? Option.some(n) : Option.none()),
      "60 seconds",
      [first]
    )
    yield* first.kill
    yield* proxy.release
    const call = yield* eventually(
      "the callee's phone ringing",
      Effect.map(simulator.calls, (calls) => Option.fromNullable(callsTo(calls, destination)[0])),
      "10 seconds"
    )
    const restart = runner({ name: "second", ...options })
    return { simulator, proxy, call, restart }
  })

describe("CallFlow on SQLite, killed between 'callout sent' and 'answer stored'", () => {
  it.scopedLive(
    "does not send the callout again; the DiCE reconciles the attempt (unknown: its ACE was lost)",
    () =>
      Effect.gen(function*() {
        // the callee answers while no runner is up (the ACE fails) and hangs up when the test says
        const { call, proxy, restart, simulator } = yield* killedBetweenSentAndStored([
          SimulatorScript.answersAfter("1 second")
        ], { maxDurationSeconds: 300 }) // the call outlasts any restart
        const second = yield* restart
        yield* second.waitFor("ready", (line) => line.event === "ready", "60 seconds")
        yield* simulator.hangUp(call.callId)
        const done = yield* second.waitFor("the flow's report", (line) => line.event === "done", "60 seconds")

        // settled by the DiCE (the deadline is 300 s away), as `unknown`: the call was answered but its
        // ACE reached no runner, so the callee heard nothing and no AMD verdict exists
        assert.deepStrictEqual(done, {
          event: "done",
          id: "reminder-1",
          conclusion: "unknown",
          dispositions: ["unknown"]
        })
        assert.strictEqual(yield* proxy.count(isCallout), 1, "the callout was not sent again")
        assert.strictEqual(callsTo(yield* simulator.calls, destination).length, 1, "the callee was called once")
      }),
    120_000
  )

  it.scopedLive(
    "does not send the callout again; without its DiCE the attempt ends unknown",
    () =>
      Effect.gen(function*() {
        // the call is over (its DiCE lost) before another runner is up
        const { call, proxy, restart, simulator } = yield* killedBetweenSentAndStored([
          SimulatorScript.answers,
          SimulatorScript.hangsUpAfter("1 second")
        ], { dialTimeoutSeconds: 2, maxDurationSeconds: 3 }) // the attempt's deadline: 2 + 3 + 2 s
        yield* Effect.timeout(simulator.awaitEnd(call.callId), "10 seconds")
        const second = yield* restart
        const done = yield* second.waitFor("the flow's report", (line) => line.event === "done", "90 seconds")

        assert.deepStrictEqual(done, {
          event: "done",
          id: "reminder-1",
          conclusion: "unknown",
          dispositions: ["unknown"]
        })
        assert.strictEqual(yield* proxy.count(isCallout), 1, "an unknown attempt is not retried")
        assert.strictEqual(callsTo(yield* simulator.calls, destination).length, 1, "the callee was called once")
      }),
    150_000
  )
})
