import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { runCli } from "./utils.js"

const credentials = {
  SINCH_APPLICATION_KEY: "669E367E-6BBA-48AB-AF15-266871C28135",
  SINCH_APPLICATION_SECRET: "BeIukql3pTKJ8RGL5zo0DA=="
}

describe("sinch-voice usage", () => {
  it.effect("--help lists every command and the exit codes", () =>
    Effect.gen(function*() {
      const result = yield* runCli(["--help"])
      expect(result.code).toBe(0)
      for (
        const command of [
          "callouts tts",
          "callouts conference",
          "callouts custom",
          "calls get",
          "calls update",
          "calls hangup",
          "conferences get",
          "conferences kick",
          "conferences kick-all",
          "conferences mute",
          "conferences unmute",
          "conferences hold",
          "conferences resume",
          "numbers list",
          "numbers assign",
          "numbers unassign",
          "callbacks get",
          "callbacks set",
          "query-number",
          "simulate"
        ]
      ) {
        expect(result.stdout).toContain(`- ${command} `)
      }
      expect(result.stdout).toContain("2 bad input, 3 authentication, 4 not found, 5 server or transport")
    }))

  it.effect("--help works on every level", () =>
    Effect.gen(function*() {
      const group = yield* runCli(["conferences", "--help"])
      expect(group.code).toBe(0)
      expect(group.stdout).toContain("kick-all")
      const leaf = yield* runCli(["callouts", "tts", "--help"])
      expect(leaf.code).toBe(0)
      expect(leaf.stdout).toContain("--text")
      expect(leaf.stdout).toContain("Call someone and speak a text")
    }))

  it.effect("an unknown command or flag is bad input (2)", () =>
    Effect.gen(function*() {
      const unknownCommand = yield* runCli(["calls", "frobnicate", "x"], credentials)
      expect(unknownCommand.code).toBe(2)
      const unknownFlag = yield* runCli(["calls", "get", "--colour", "x"], credentials)
      expect(unknownFlag.code).toBe(2)
      const missingArgument = yield* runCli(["calls", "get"], credentials)
      expect(missingArgument.code).toBe(2)
      const badChoice = yield* runCli(["calls", "get", "--region", "mars", "x"], credentials)
      expect(badChoice.code).toBe(2)
      expect(badChoice.stderr).toContain("global, use1, euc1, sae1, apse1, apse2")
    }))

  it.effect("missing credentials are an authentication failure (3) that names the variables", () =>
    Effect.gen(function*() {
      const result = yield* runCli(["calls", "get", "abc"])
      expect(result.code).toBe(3)
      expect(result.stdout).toBe("")
      expect(result.stderr).toBe(
        "error: configuration: SINCH_APPLICATION_KEY is not set; SINCH_APPLICATION_SECRET is not set" +
          " — export your application's key and secret (the secret is never taken as a flag)"
      )
    }))

  it.effect("a secret that is not base64 is an authentication failure (3) and is never printed", () =>
    Effect.gen(function*() {
      const secret = "not base64 at all!"
      const result = yield* runCli(["numbers", "list"], { ...credentials, SINCH_APPLICATION_SECRET: secret })
      expect(result.code).toBe(3)
      expect(result.stderr).toMatch(/^error: configuration: SINCH_APPLICATION_SECRET: /)
      expect(result.stderr + result.stdout).not.toContain(secret)
    }))

  it.effect("input that breaks a rule is refused before sending (2), in one line", () =>
    Effect.gen(function*() {
      // a port nothing listens on: had anything been sent, this would be a transport failure (5)
      const offline = { ...credentials, SINCH_VOICE_BASE_URL: "http://127.0.0.1:9" }
      const number = yield* runCli(["callouts", "tts", "0700", "--text", "Hi"], offline)
      expect(number.code).toBe(2)
      expect(number.stderr.split("\n")).toHaveLength(1)
      expect(number.stderr).toContain("E.164")
      const svaml = yield* runCli(["calls", "update", "abc", "{not json"], offline)
      expect(svaml.code).toBe(2)
      expect(svaml.stderr).toBe("error: svaml: not valid JSON")
      const wrongAction = yield* runCli(["calls", "update", "abc", `{"action":{"name":"runMenu"}}`], offline)
      expect(wrongAction.code).toBe(2)
      expect(wrongAction.stderr).toBe(
        "error: svaml: action.name: context rule: action `runMenu` is not allowed in a managed-call update;" +
          " allowed: hangup, continue, park"
      )
      const wrongIce = yield* runCli(["callouts", "custom", "--ice", `{"action":{"name":"continue"}}`], offline)
      expect(wrongIce.code).toBe(2)
      expect(wrongIce.stderr).toMatch(
        /^error: --ice: action\.name: context rule: action `continue` is not allowed in ICE;/
      )
      expect(wrongIce.stderr.length).toBeLessThan(200)
      const nothingToSet = yield* runCli(["callbacks", "set"], offline)
      expect(nothingToSet.code).toBe(2)
      expect(nothingToSet.stderr).toBe("error: callbacks set: give --primary, --fallback or both")
    }))

  // live clock: the client retries a refused GET with backoff before giving up
  it.live("a host that does not answer is a transport failure (5)", () =>
    Effect.gen(function*() {
      const result = yield* runCli(["calls", "get", "abc", "--base-url", "http://127.0.0.1:9"], credentials)
      expect(result.code).toBe(5)
      expect(result.stderr).toMatch(/^error: calls.get: transport failure \(the request was not sent\): ECONNREFUSED/)
    }))
})
