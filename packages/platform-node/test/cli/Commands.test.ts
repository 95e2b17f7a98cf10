/**
 * Every command of the CLI against the simulator's REST API on a loopback port (NodeSimulator,
 * 127.0.0.1, ephemeral port), through the real client: output, JSON and exit codes.
 */
import * as NodeSimulator from "@effect-sinch/platform-node/NodeSimulator"
import * as Simulator from "@effect-sinch/voice/Simulator"
import { describe, expect, it } from "@effect/vitest"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Redacted from "effect/Redacted"
import { applicationKey, SimulatorLive } from "../utils/simulator.js"
import { runCli } from "./utils.js"

/** The environment a user gets from `sinch-voice simulate`. */
const environment = Effect.map(NodeSimulator.NodeSimulator, (info) => ({
  SINCH_APPLICATION_KEY: info.applicationKey,
  SINCH_APPLICATION_SECRET: Redacted.value(info.applicationSecret),
  SINCH_VOICE_BASE_URL: info.url
}))

const cli = (...args: ReadonlyArray<string>) => Effect.flatMap(environment, (env) => runCli(args, env))

const json = (stdout: string): unknown => JSON.parse(stdout)

const callIdOf = (stdout: string) => {
  const match = /^Call placed: (\S+)$/.exec(stdout)
  expect(match).not.toBeNull()
  return match?.[1] ?? ""
}

describe("sinch-voice commands against the simulator", () => {
  it.live("callouts tts | conference | custom place calls and print their ids", () =>
    Effect.gen(function*() {
      const tts = yield* cli(
        "callouts",
        "tts",
        "+46700000011",
        "--text",
        "Your appointment is at 9.",
        "--cli",
        "+46700000000"
      )
      expect(tts.code).toBe(0)
      const ttsId = callIdOf(tts.stdout)
      const conference = yield* cli("callouts", "conference", "+46700000012", "--conference-id", "room", "--json")
      expect(conference.code).toBe(0)
      expect(json(conference.stdout)).toEqual({ callId: expect.any(String) })
      const custom = yield* cli(
        "callouts",
        "custom",
        "+46700000013",
        "--ice",
        `{"action":{"name":"connectConf","conferenceId":"room"}}`,
        "--header",
        "X-CB-Order=42"
      )
      expect(custom.code).toBe(0)
      const transcripts = yield* Effect.flatMap(Simulator.Simulator, (simulator) => simulator.calls)
      expect(transcripts.map((transcript) => [transcript.kind, transcript.to])).toEqual([
        ["tts", "+46700000011"],
        ["conference", "+46700000012"],
        ["custom", "+46700000013"]
      ])
      expect(transcripts[0]?.callId).toBe(ttsId)
    }).pipe(Effect.provide(SimulatorLive)))

  it.live("calls get | update | hangup read and steer a call", () =>
    Effect.gen(function*() {
      const placed = yield* cli("callouts", "conference", "+46700000012", "--conference-id", "room")
      const callId = callIdOf(placed.stdout)
      const table = yield* cli("calls", "get", callId)
      expect(table.code).toBe(0)
      expect(table.stdout).toContain(`call id    ${callId}`)
      expect(table.stdout).toMatch(/^to +\+46700000012 \(number\)$/m)
      const asJson = yield* cli("calls", "get", callId, "--json")
      expect(json(asJson.stdout)).toMatchObject({ callId, to: { type: "number", endpoint: "+46700000012" } })
      const update = yield* cli(
        "calls",
        "update",
        callId,
        `{"instructions":[{"name":"say","text":"Bye"}],"action":{"name":"continue"}}`
      )
      expect(update).toMatchObject({ code: 0, stdout: `Updated call ${callId} (continue).` })
      const hangup = yield* cli("calls", "hangup", callId, "--say", "Goodbye")
      expect(hangup).toMatchObject({ code: 0, stdout: `Hung up call ${callId}.` })
      const transcript = yield* Simulator.awaitEnd(callId)
      expect(transcript.reason).toBe("MANAGERHANGUP")
    }).pipe(Effect.provide(SimulatorLive)))

  it.live("conferences get | mute | unmute | hold | resume | kick | kick-all moderate a conference", () =>
    Effect.gen(function*() {
      const first = callIdOf((yield* cli("callouts", "conference", "+46700000021", "--conference-id", "room")).stdout)
      const second = callIdOf((yield* cli("callouts", "conference", "+46700000022", "--conference-id", "room")).stdout)
      const listing = yield* cli("conferences", "get", "room")
      expect(listing.code).toBe(0)
      expect(listing.stdout.split("\n")[0]).toMatch(/^call id +cli +duration +muted +on hold$/)
      expect(listing.stdout).toContain(first)
      expect(listing.stdout).toContain(second)
      for (const command of ["mute", "unmute", "hold", "resume"]) {
        const result = yield* cli("conferences", command, "room", first)
        expect(result.code).toBe(0)
      }
      yield* cli("conferences", "mute", "room", second)
      const muted = yield* cli("conferences", "get", "room", "--json")
      expect(json(muted.stdout)).toEqual({
        participants: expect.arrayContaining([
          expect.objectContaining({ id: first, muted: false, onhold: false }),
          expect.objectContaining({ id: second, muted: true })
        ])
      })
      const kick = yield* cli("conferences", "kick", "room", first)
      expect(kick).toMatchObject({ code: 0, stdout: `Removed ${first} in conference room.` })
      const kickAll = yield* cli("conferences", "kick-all", "room", "--json")
      expect(kickAll.code).toBe(0)
      expect(json(kickAll.stdout)).toEqual({ conferenceId: "room", command: "kick-all" })
      expect((yield* Simulator.awaitEnd(second)).status).toBe("final")
    }).pipe(Effect.provide(SimulatorLive)))

  it.live("numbers list | assign | unassign manage the project's numbers", () =>
    Effect.gen(function*() {
      const unassign = yield* cli("numbers", "unassign", "+46700000001")
      expect(unassign).toMatchObject({ code: 0, stdout: "Unassigned +46700000001." })
      const list = yield* cli("numbers", "list")
      expect(list.code).toBe(0)
      expect(list.stdout).toMatch(/^\+46700000000 +669E367E-6BBA-48AB-AF15-266871C28135 +voice$/m)
      expect(list.stdout).toMatch(/^\+46700000001 +\(unassigned\)/m)
      const assign = yield* cli("numbers", "assign", "+46700000001", "--capability", "voice")
      expect(assign).toMatchObject({ code: 0, stdout: "Assigned +46700000001." })
      const listed = yield* cli("numbers", "list", "--json")
      expect(json(listed.stdout)).toEqual({
        numbers: [
          { number: "+46700000000", applicationkey: applicationKey, capability: "voice" },
          { number: "+46700000001", applicationkey: applicationKey, capability: "voice" }
        ]
      })
    }).pipe(Effect.provide(SimulatorLive)))

  it.live("callbacks get | set read and change the callback URLs of the own application", () =>
    Effect.gen(function*() {
      const set = yield* cli(
        "callbacks",
        "set",
        "--primary",
        "https://example.com/sinch",
        "--fallback",
        "https://backup.example.com/sinch"
      )
      expect(set).toMatchObject({ code: 0, stdout: `Updated the callback URLs of ${applicationKey}.` })
      const get = yield* cli("callbacks", "get")
      expect(get.stdout).toBe(
        [
          `application  ${applicationKey}`,
          "primary      https://example.com/sinch",
          "fallback     https://backup.example.com/sinch"
        ].join("\n")
      )
      const asJson = yield* cli("callbacks", "get", "--json")
      expect(json(asJson.stdout)).toEqual({
        url: { primary: "https://example.com/sinch", fallback: "https://backup.example.com/sinch" }
      })
    }).pipe(Effect.provide(SimulatorLive)))

  it.live("query-number prints what Sinch knows about a number", () =>
    Effect.gen(function*() {
      const result = yield* cli("query-number", "+46700000001")
      expect(result.code).toBe(0)
      expect(result.stdout).toMatch(/^number +\+46700000001$/m)
      const asJson = yield* cli("query-number", "+46700000001", "--json")
      expect(json(asJson.stdout)).toMatchObject({ number: { normalizedNumber: "+46700000001" } })
    }).pipe(Effect.provide(SimulatorLive)))

  it.live("an unknown call or conference is not found (4), with Sinch's reference", () =>
    Effect.gen(function*() {
      const result = yield* cli("calls", "get", "no-such-call")
      expect(result.code).toBe(4)
      expect(result.stdout).toBe("")
      expect(result.stderr).toMatch(
        /^error: calls\.get: call not found \(404\) — errorCode 40400 — Call not found — reference \S+$/
      )
      const kick = yield* cli("conferences", "kick", "no-such-room", "no-such-call")
      expect(kick.code).toBe(4)
    }).pipe(Effect.provide(SimulatorLive)))

  it.live("credentials Sinch refuses are an authentication failure (3)", () =>
    Effect.gen(function*() {
      const env = yield* environment
      const wrongSecret = yield* runCli(["numbers", "list"], {
        ...env,
        SINCH_APPLICATION_SECRET: "AAAAAAAAAAAAAAAAAAAAAA=="
      })
      expect(wrongSecret.code).toBe(3)
      expect(wrongSecret.stderr).toMatch(/^error: applications\.listNumbers: unauthorized \(401\) — errorCode 40102/)
      const wrongKey = yield* runCli(["calls", "get", "x"], { ...env, SINCH_APPLICATION_KEY: "someone-else" })
      expect(wrongKey.code).toBe(3)
      const basic = yield* runCli(["numbers", "list", "--json"], { ...env, SINCH_VOICE_AUTH: "basic" })
      expect(basic.code).toBe(0)
    }).pipe(Effect.provide(SimulatorLive)))

  it.live("--base-url and --configuration-url override the environment", () =>
    Effect.gen(function*() {
      const env = yield* environment
      const { SINCH_VOICE_BASE_URL: url, ...credentials } = env
      const viaFlags = yield* runCli(["numbers", "list", "--base-url", url], credentials)
      expect(viaFlags.code).toBe(0)
      const split = yield* runCli(
        ["numbers", "list", "--base-url", "http://127.0.0.1:9", "--configuration-url", url],
        credentials
      )
      expect(split.code).toBe(0)
    }).pipe(Effect.provide(SimulatorLive)))
})

describe("sinch-voice simulate", () => {
  it.live("serves the REST API on loopback and prints the URL and credentials to use", () =>
    Effect.gen(function*() {
      const printed = yield* Deferred.make<string>()
      const fiber = yield* Effect.fork(
        runCli(["simulate", "--number", "+46700000000"], {}, (text) => Deferred.unsafeDone(printed, Exit.succeed(text)))
      )
      const banner = yield* Deferred.await(printed)
      expect(banner).toMatch(/^Sinch Voice simulator listening on http:\/\/127\.0\.0\.1:\d+$/m)
      const env = Object.fromEntries(
        Array.from(banner.matchAll(/^ {2}export (\w+)=(\S+)$/gm), (match) => [match[1] ?? "", match[2] ?? ""])
      )
      expect(Object.keys(env)).toEqual(["SINCH_APPLICATION_KEY", "SINCH_APPLICATION_SECRET", "SINCH_VOICE_BASE_URL"])
      const numbers = yield* runCli(["numbers", "list", "--json"], env)
      expect(numbers.code).toBe(0)
      expect(json(numbers.stdout)).toEqual({
        numbers: [{ number: "+46700000000", applicationkey: env["SINCH_APPLICATION_KEY"], capability: "voice" }]
      })
      yield* Fiber.interrupt(fiber)
      const refused = yield* runCli(["numbers", "list"], env)
      expect(refused.code).toBe(5)
    }))

  it.live("--json prints the URL and credentials as one object", () =>
    Effect.gen(function*() {
      const printed = yield* Deferred.make<string>()
      const fiber = yield* Effect.fork(
        runCli(["simulate", "--json"], {}, (text) => Deferred.unsafeDone(printed, Exit.succeed(text)))
      )
      expect(json(yield* Deferred.await(printed))).toEqual({
        url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
        applicationKey: expect.stringMatching(/^[0-9A-F-]{36}$/),
        applicationSecret: expect.stringMatching(/^[A-Za-z0-9+/]{22}==$/),
        credentials: "generated"
      })
      yield* Fiber.interrupt(fiber)
    }))
})
