/**
 * `sinch-voice campaign run | status | results` through real loopback: the simulator's REST API
 * (NodeSimulator, 127.0.0.1, ephemeral port) plays Sinch and the callees and posts each call's
 * events to the callback server `campaign run` serves; the CLI runs in-process on an SQLite file in
 * a temporary directory. Calls are counted at the simulator.
 */
import * as NodeSimulator from "@effect-sinch/platform-node/NodeSimulator"
import * as Simulator from "@effect-sinch/voice/Simulator"
import * as SimulatorScript from "@effect-sinch/voice/SimulatorScript"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import * as CampaignRunCommand from "../../src/cli/CampaignRunCommand.js"
import { eventually, freePort } from "../utils/processes.js"
import { applicationKey, applicationSecret } from "../utils/simulator.js"
import { runCli } from "./utils.js"

const ansi = /\u001b\[/

const tempDir = Effect.acquireRelease(
  Effect.sync(() => Fs.mkdtempSync(Path.join(Os.tmpdir(), "sinch-voice-campaign-"))),
  (dir) => Effect.sync(() => Fs.rmSync(dir, { recursive: true, force: true }))
)

/** The simulator, sending every call's events to the callback server `campaign run` will serve on `port`. */
const farEnd = (port: number) =>
  Layer.build(
    NodeSimulator.layer({
      applicationKey,
      applicationSecret,
      deliver: Simulator.toCallbackUrls,
      callbackUrl: `http://127.0.0.1:${port}/sinch/callback`,
      ringTimeout: "1 second"
    }).pipe(Layer.provide(NodeHttpClient.layerUndici))
  )

const setUp = Effect.gen(function*() {
  const dir = yield* tempDir
  const port = yield* freePort
  const context = yield* farEnd(port)
  const info = yield* Effect.provide(NodeSimulator.NodeSimulator, context)
  const simulator = yield* Effect.provide(Simulator.Simulator, context)
  const env = {
    SINCH_APPLICATION_KEY: info.applicationKey,
    SINCH_APPLICATION_SECRET: Redacted.value(info.applicationSecret),
    SINCH_VOICE_BASE_URL: info.url
  }
  const file = (name: string, text: string) => {
    const path = Path.join(dir, name)
    Fs.writeFileSync(path, text)
    return path
  }
  const db = Path.join(dir, "campaigns.db")
  /** How many calls rang each callee (the custom callout's own first leg rings `private`). */
  const callsTo = Effect.map(simulator.calls, (calls) => {
    const counts: Record<string, number> = {}
    for (const call of calls) {
      for (const entry of call.entries) {
        if (entry._tag === "Ringing" && entry.number.startsWith("+")) {
          counts[entry.number] = (counts[entry.number] ?? 0) + 1
        }
      }
    }
    return counts
  })
  return { port, env, file, db, simulator, callsTo }
})

const settings = JSON.stringify({
  message: "Hello {{name}}, see you Monday.",
  machine: { voicemail: "Hi {{name}}, please call us back." },
  retry: { maxAttempts: 2, retryDelaySeconds: 1, backoffFactor: 1 },
  callsPerSecond: 10,
  maxLiveCalls: 5,
  dialTimeoutSeconds: 5,
  maxDurationSeconds: 30
})

describe("sinch-voice campaign", () => {
  it.live(
    "run calls a CSV list to its end; status and results read it back; running it again calls nobody",
    () =>
      Effect.gen(function*() {
        const { callsTo, db, env, file, port, simulator } = yield* setUp
        yield* simulator.script("+46700000102", SimulatorScript.busy)
        yield* simulator.script("+46700000103", SimulatorScript.answeringMachine)
        const contacts = file(
          "reminders.csv",
          "id,phone,name\nann,+46700000101,Ann\nbob,+46700000102,Bob\ncem,+46700000103,Cem\n"
        )
        const script = file("settings.json", settings)
        const args = ["campaign", "run", contacts, "--script", script, "--db", db, "--listen", `127.0.0.1:${port}`]

        const run = yield* runCli(args, env, undefined, { keepAnsi: true })
        expect(run.code).toBe(0)
        // the id is the file's name; not a terminal: plain lines, no escapes
        expect(run.stderr).toMatch(
          /^campaign reminders: 3 contacts \(new\), callbacks at http:\/\/127\.0\.0\.1:\d+\/sinch/m
        )
        expect(run.stderr).toMatch(/^progress: \d\/3 done/m)
        expect(run.stderr).not.toMatch(ansi)
        expect(run.stderr).not.toContain("warning")
        expect(run.stdout.split("\n")[0]).toMatch(/^campaign +reminders$/)
        expect(run.stdout).toMatch(/^status +done$/m)
        expect(run.stdout).toMatch(/^done +3 \(reached 1, voicemail 1, exhausted 1\)$/m)
        expect(run.stdout).not.toMatch(ansi)
        expect(yield* callsTo).toEqual({ "+46700000101": 1, "+46700000102": 2, "+46700000103": 1 })

        const status = yield* runCli(["campaign", "status", "reminders", "--db", db, "--json"], env)
        expect(status.code).toBe(0)
        expect(JSON.parse(status.stdout)).toEqual({
          campaignId: "reminders",
          status: "done",
          contacts: 3,
          pending: 0,
          inProgress: 0,
          concluded: 3,
          conclusions: { reached: 1, voicemail: 1, exhausted: 1 },
          attempts: 4,
          dispositions: { human: 1, machine: 1, busy: 2 }
        })
        const results = yield* runCli(["campaign", "results", "reminders", "--db", db, "--json"], env)
        expect(results.code).toBe(0)
        expect(JSON.parse(results.stdout)).toEqual({
          campaignId: "reminders",
          results: [
            expect.objectContaining({ contactId: "ann", attempts: 1, lastDisposition: "human", conclusion: "reached" }),
            expect.objectContaining({
              contactId: "bob",
              attempts: 2,
              lastDisposition: "busy",
              conclusion: "exhausted"
            }),
            expect.objectContaining({
              contactId: "cem",
              attempts: 1,
              lastDisposition: "machine",
              conclusion: "voicemail"
            })
          ]
        })
        const unknown = yield* runCli(["campaign", "results", "nope", "--db", db], env)
        expect(unknown.code).toBe(4)
        expect(unknown.stderr).toMatch(/^error: no campaign "nope" in "\S+campaigns\.db"$/)
        const both = yield* runCli(["campaign", "results", "reminders", "--db", db, "--csv", "--json"], env)
        expect(both.code).toBe(2)
        const csv = yield* runCli(["campaign", "results", "reminders", "--db", db, "--csv"], env)
        expect(csv.stdout.split("\r\n")[0]).toBe(
          "contactId,phoneNumber,timeZone,attempts,lastDisposition,lastCallId,conclusion,updatedAt"
        )
        expect(csv.stdout).toMatch(/^bob,\+46700000102,UTC,2,busy,[^,]+,exhausted,\d{4}-/m)
        const table = yield* runCli(["campaign", "results", "reminders", "--db", db], env)
        expect(table.stdout.split("\n")[0]).toMatch(
          /^contact +phone +attempts +last outcome +conclusion +last call id$/
        )
        expect(table.stdout).toMatch(/^cem +\+46700000103 +1 +machine +voicemail +\S+$/m)

        // the same command again: nothing added, nobody called; on a terminal the bar is drawn
        const again = yield* runCli(args, env, undefined, { keepAnsi: true, colors: { stdout: false, stderr: true } })
        expect(again.code).toBe(0)
        expect(again.stderr).toContain("campaign reminders: 3 contacts (resumed, 0 added)")
        expect(again.stderr).toMatch(
          /\[\u001b\[32m█{20}\u001b\[39m\] 3\/3 done · reached 1 · voicemail 1 · exhausted 1/
        )
        expect(yield* callsTo).toEqual({ "+46700000101": 1, "+46700000102": 2, "+46700000103": 1 })
        // NO_COLOR wins over a terminal
        const noColor = yield* runCli(args, { ...env, NO_COLOR: "1" }, undefined, {
          keepAnsi: true,
          colors: { stdout: true, stderr: true }
        })
        expect(noColor.code).toBe(0)
        expect(noColor.stderr + noColor.stdout).not.toMatch(ansi)
        // --json: the summary as `status --json` prints it, nothing else
        const asJson = yield* runCli([...args, "--json"], env)
        expect(asJson.code).toBe(0)
        expect(asJson.stderr).toBe("")
        expect(JSON.parse(asJson.stdout)).toEqual(JSON.parse(status.stdout))
      }).pipe(Effect.scoped),
    90_000
  )

  it.live(
    "Ctrl-C leaves the campaign resumable: the same command finishes it and nobody is called twice",
    () =>
      Effect.gen(function*() {
        const { callsTo, db, env, file, port, simulator } = yield* setUp
        const numbers = ["+46700000201", "+46700000202", "+46700000203", "+46700000204"]
        for (const number of numbers) yield* simulator.script(number, SimulatorScript.busy)
        const contacts = file("list.json", JSON.stringify(numbers.map((phone) => ({ phone }))))
        const script = file(
          "settings.json",
          JSON.stringify({ message: "Hello.", retry: { maxAttempts: 1 }, callsPerSecond: 1, dialTimeoutSeconds: 5 })
        )
        const args = [
          "campaign",
          "run",
          contacts,
          "--script",
          script,
          "--id",
          "ctrl-c",
          "--db",
          db,
          "--listen",
          `127.0.0.1:${port}`
        ]
        const first = yield* Effect.fork(runCli(args, env))
        // read from "another process" while the run writes the file
        const seen = yield* eventually(
          "a first contact done",
          Effect.map(runCli(["campaign", "status", "ctrl-c", "--db", db, "--json"], env), (status) => {
            const progress = status.code === 0 ? JSON.parse(status.stdout) : undefined
            return progress?.concluded >= 1 ? Option.some(progress) : Option.none()
          }),
          "30 seconds"
        )
        expect(seen).toMatchObject({ campaignId: "ctrl-c", status: "running", contacts: 4 })
        yield* Fiber.interrupt(first)
        const called = Object.keys(yield* callsTo).length
        expect(called).toBeLessThan(4)
        const paused = yield* runCli(["campaign", "status", "ctrl-c", "--db", db], env)
        expect(paused.stdout).toMatch(/^status +paused$/m)

        // on a terminal: the bar is redrawn in place as contacts finish
        const resumed = yield* runCli(args, env, undefined, { keepAnsi: true, colors: { stdout: false, stderr: true } })
        expect(resumed.code).toBe(0)
        expect(resumed.stderr).toMatch(
          /\u001b\[1A\u001b\[2K\[.*\] 4\/4 done · exhausted 4 · 0 in progress · 4 attempts/
        )
        expect(resumed.stderr).toContain("campaign ctrl-c: 4 contacts (resumed, 0 added)")
        expect(resumed.stdout).toMatch(/^done +4 \(exhausted 4\)$/m)
        expect(yield* callsTo).toEqual(Object.fromEntries(numbers.map((number) => [number, 1])))
      }).pipe(Effect.scoped),
    90_000
  )

  it.live(
    "a bad settings file or contact list is a short usage error (2), before anything is called",
    () =>
      Effect.gen(function*() {
        const { callsTo, db, env, file, port } = yield* setUp
        const contacts = file("ok.csv", "phone\n+46700000301\n")
        const run = (list: string, script: string) =>
          runCli(["campaign", "run", list, "--script", script, "--db", db, "--listen", `127.0.0.1:${port}`], env)

        const typo = yield* run(contacts, file("typo.json", JSON.stringify({ message: "Hi", callsPerSecnd: 2 })))
        expect(typo.code).toBe(2)
        expect(typo.stderr).toMatch(
          /^error: --script \S+typo\.json: callsPerSecnd: unknown field \(the fields are message, machine, /
        )
        const wrongTypes = yield* run(
          contacts,
          file("types.json", JSON.stringify({ message: 42, machine: "shout", retry: { maxAttempts: 0 } }))
        )
        expect(wrongTypes.code).toBe(2)
        expect(wrongTypes.stderr).toMatch(
          /^error: --script \S+types\.json: message: Expected string, actual 42; machine: Expected "hang-up", actual "shout"; retry\.maxAttempts: Expected a number between 1 and 100, actual 0$/
        )
        const notJson = yield* run(contacts, file("broken.json", "{ \"message\": "))
        expect(notJson.stderr).toMatch(/^error: --script \S+: not JSON/)
        const badWindow = yield* run(
          contacts,
          file(
            "window.json",
            JSON.stringify({ message: "Hi", windows: [{ days: "weekdays", start: "9", end: "17:00" }] })
          )
        )
        expect(badWindow.code).toBe(2)
        expect(badWindow.stderr).toMatch(/^error: invalid campaign: windows: /)

        const script = file("settings.json", settings)
        const badCsv = yield* run(
          file("bad.csv", `phone,name\n+46700000301,Ann\nnot-a-number,Bob\n${"x".repeat(5000)}\n`),
          script
        )
        expect(badCsv.code).toBe(2)
        expect(badCsv.stderr).toMatch(/^error: invalid csv contact list: line 3: /)
        expect(badCsv.stderr.length).toBeLessThan(700)
        const noPhone = yield* run(file("nophone.csv", "name\nAnn\n"), script)
        expect(noPhone.stderr).toMatch(/^error: invalid csv contact list: line 1: no phone column/)
        const missing = yield* run(file("x", "").replace(/x$/, "missing.csv"), script)
        expect(missing.code).toBe(2)
        expect(missing.stderr).toMatch(/^error: contacts "\S+missing\.csv": cannot read it/)
        const asJson = yield* runCli(
          ["campaign", "run", contacts, "--script", file("t.json", "[]"), "--db", db, "--json"],
          env
        )
        expect(asJson.code).toBe(2)
        expect(JSON.parse(asJson.stderr)).toMatchObject({ error: { tag: "UsageError", exitCode: 2 } })
        expect(Fs.existsSync(db)).toBe(false)
        expect(yield* callsTo).toEqual({})

        const unknown = yield* runCli(["campaign", "status", "nope", "--db", db], env)
        expect(unknown.code).toBe(4)
        expect(unknown.stderr).toMatch(/^error: no campaign database at /)
      }).pipe(Effect.scoped),
    60_000
  )

  it.live("run warns when the application's callback URL (where DiCEs go) is not the campaign's", () =>
    Effect.gen(function*() {
      const { port, simulator } = yield* setUp
      const lines: Array<string> = []
      const say = (line: string) => Effect.sync(() => void lines.push(line))
      const check = (url: string) =>
        CampaignRunCommand.checkCallbackUrl(say, applicationKey, url).pipe(Effect.provide(simulator.services))
      yield* check(`http://127.0.0.1:${port}/sinch/callback`)
      expect(lines).toEqual([])
      yield* check("https://calls.example.com/sinch/callback")
      expect(lines).toEqual([
        `warning: the application's callback URL is http://127.0.0.1:${port}/sinch/callback: Sinch sends each` +
        " call's DiCE there, not to https://calls.example.com/sinch/callback, so calls end only at their deadline —" +
        " set it with `sinch-voice callbacks set --primary https://calls.example.com/sinch/callback`"
      ])
    }).pipe(Effect.scoped))
})
