/**
 * `sinch-voice callouts tts --wait` against the simulator's REST API on a loopback port: the call
 * is followed to its end and its outcome printed; the exit code says whether it was answered.
 */
import * as NodeSimulator from "@effect-sinch/platform-node/NodeSimulator"
import * as Simulator from "@effect-sinch/voice/Simulator"
import * as SimulatorScript from "@effect-sinch/voice/SimulatorScript"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import { applicationKey, applicationSecret } from "../utils/simulator.js"
import { runCli } from "./utils.js"

const SimulatorLive = NodeSimulator.layer({ applicationKey, applicationSecret, ringTimeout: "1 second" })

const cli = (...args: ReadonlyArray<string>) =>
  Effect.flatMap(NodeSimulator.NodeSimulator, (info) =>
    runCli(args, {
      SINCH_APPLICATION_KEY: info.applicationKey,
      SINCH_APPLICATION_SECRET: Redacted.value(info.applicationSecret),
      SINCH_VOICE_BASE_URL: info.url
    }))

const callsTo = (number: string) =>
  Effect.map(
    Effect.flatMap(Simulator.Simulator, (simulator) => simulator.calls),
    (calls) => calls.filter((call) => call.to === number).length
  )

describe("sinch-voice callouts tts --wait", () => {
  it.live("an answered call: its outcome, exit code 0", () =>
    Effect.gen(function*() {
      const result = yield* cli("callouts", "tts", "+46700000401", "--text", "Hello.", "--wait")
      expect(result.code).toBe(0)
      expect(result.stderr).toMatch(/^Call placed: \S+; waiting for it to end…$/)
      expect(result.stdout).toMatch(/^status +FINAL$/m)
      expect(result.stdout).toMatch(/^result +ANSWERED$/m)
      expect(result.stdout).toMatch(/^reason +MANAGERHANGUP$/m)
      expect(result.stdout).toMatch(/^duration +\d+ s$/m)
      const asJson = yield* cli("callouts", "tts", "+46700000401", "--text", "Hello.", "--wait", "--json")
      expect(asJson.code).toBe(0)
      expect(JSON.parse(asJson.stdout)).toMatchObject({ status: "FINAL", result: "ANSWERED", reason: "MANAGERHANGUP" })
      expect(yield* callsTo("+46700000401")).toBe(2)
    }).pipe(Effect.provide(SimulatorLive)), 30_000)

  it.live("a call nobody answers: its outcome, exit code 6", () =>
    Effect.gen(function*() {
      const simulator = yield* Simulator.Simulator
      yield* simulator.script("+46700000402", SimulatorScript.neverAnswers)
      yield* simulator.script("+46700000403", SimulatorScript.busy)
      const noAnswer = yield* cli("callouts", "tts", "+46700000402", "--text", "Hello.", "--wait")
      expect(noAnswer.code).toBe(6)
      expect(noAnswer.stdout).toMatch(/^result +NOANSWER$/m)
      expect(noAnswer.stderr).toMatch(/^error: call \S+ was not answered \(NOANSWER, \w+\)$/m)
      const busy = yield* cli("callouts", "tts", "+46700000403", "--text", "Hello.", "--wait", "--json")
      expect(busy.code).toBe(6)
      expect(JSON.parse(busy.stdout)).toMatchObject({ status: "FINAL", result: "BUSY" })
      expect(JSON.parse(busy.stderr)).toMatchObject({ error: { tag: "NotReached", exitCode: 6 } })
      expect(yield* callsTo("+46700000402")).toBe(1)
      expect(yield* callsTo("+46700000403")).toBe(1)
    }).pipe(Effect.provide(SimulatorLive)), 30_000)

  it.live("a --wait-timeout that is not positive is refused before anything is called", () =>
    Effect.gen(function*() {
      const result = yield* cli("callouts", "tts", "+46700000404", "--text", "Hi", "--wait", "--wait-timeout", "0")
      expect(result.code).toBe(2)
      expect(result.stderr).toBe("error: --wait-timeout: expected a positive number of seconds, got 0")
      expect(yield* callsTo("+46700000404")).toBe(0)
    }).pipe(Effect.provide(SimulatorLive)))
})
