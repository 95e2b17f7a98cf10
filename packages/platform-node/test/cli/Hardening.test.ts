/**
 * What an outside review found in the CLI: configuration errors as usage errors naming their
 * source, `--header` without `=`, colours in pipes, `--timeout`, `--verbose`, JSON errors.
 */
import * as NodeSimulator from "@effect-sinch/platform-node/NodeSimulator"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Http from "node:http"
import { SimulatorLive } from "../utils/simulator.js"
import { runCli } from "./utils.js"

const credentials = {
  SINCH_APPLICATION_KEY: "669E367E-6BBA-48AB-AF15-266871C28135",
  SINCH_APPLICATION_SECRET: "BeIukql3pTKJ8RGL5zo0DA=="
}

const keySecretHint = "export your application's key and secret"

describe("configuration errors", () => {
  it.effect("a bad SINCH_VOICE_REGION or SINCH_VOICE_AUTH is bad input (2) naming the variable, no key/secret hint", () =>
    Effect.gen(function*() {
      const region = yield* runCli(["calls", "get", "abc"], { ...credentials, SINCH_VOICE_REGION: "mars" })
      expect(region.code).toBe(2)
      expect(region.stderr).toBe(
        `error: configuration: SINCH_VOICE_REGION: Expected one of (global, use1, euc1, sae1, apse1, apse2) but received "mars"`
      )
      const auth = yield* runCli(["calls", "get", "abc"], { ...credentials, SINCH_VOICE_AUTH: "oauth" })
      expect(auth.code).toBe(2)
      expect(auth.stderr).toContain("SINCH_VOICE_AUTH: Expected one of (signed, basic)")
      expect(auth.stderr).not.toContain(keySecretHint)
    }))

  it.effect("a bad base URL is bad input (2) naming the variable or the flag", () =>
    Effect.gen(function*() {
      const fromEnv = yield* runCli(["calls", "get", "abc"], {
        ...credentials,
        SINCH_VOICE_BASE_URL: "ftp://example.com"
      })
      expect(fromEnv.code).toBe(2)
      expect(fromEnv.stderr).toBe("error: configuration: SINCH_VOICE_BASE_URL: expected an http(s) URL")
      const configuration = yield* runCli(["numbers", "list"], {
        ...credentials,
        SINCH_VOICE_CONFIGURATION_URL: "callingapi.sinch.com"
      })
      expect(configuration.code).toBe(2)
      expect(configuration.stderr).toContain("SINCH_VOICE_CONFIGURATION_URL: expected an absolute http(s) URL")
      const flag = yield* runCli(["calls", "get", "abc", "--base-url", "not a url"], credentials)
      expect(flag.code).toBe(2)
      expect(flag.stderr).toBe("error: --base-url: expected an absolute http(s) URL")
      const proxy = yield* runCli(["calls", "get", "abc"], { ...credentials, HTTPS_PROXY: "proxy.example.com:3128" })
      expect(proxy.code).toBe(2)
      expect(proxy.stderr).toBe("error: configuration: HTTPS_PROXY: expected an http:// or https:// URL")
      const timeout = yield* runCli(["calls", "get", "abc", "--timeout", "0"], credentials)
      expect(timeout.code).toBe(2)
      expect(timeout.stderr).toBe("error: --timeout: expected a positive number of seconds, got 0")
    }))

  it.effect("credentials stay an authentication failure (3) with the key/secret hint", () =>
    Effect.gen(function*() {
      const missing = yield* runCli(["calls", "get", "abc"], { SINCH_VOICE_REGION: "euc1" })
      expect(missing.code).toBe(3)
      expect(missing.stderr).toContain(keySecretHint)
    }))
})

describe("--header", () => {
  it.effect("without =value names the flag and the Name=value form (2)", () =>
    Effect.gen(function*() {
      const offline = { ...credentials, SINCH_VOICE_BASE_URL: "http://127.0.0.1:9" }
      const result = yield* runCli(["callouts", "tts", "+46700000001", "--text", "Hi", "--header", "X-CB-A"], offline)
      expect(result.code).toBe(2)
      expect(result.stderr).toBe(`error: --header: expected Name=value (e.g. --header X-CB-Order=42), got "X-CB-A"`)
    }))
})

describe("colours", () => {
  const escape = "\u001b["

  it.effect("help has no ANSI escapes unless the stream is a terminal, and never with NO_COLOR", () =>
    Effect.gen(function*() {
      const piped = yield* runCli(["--help"], {}, undefined, { keepAnsi: true })
      expect(piped.stdout).toContain("sinch-voice")
      expect(piped.stdout).not.toContain(escape)
      const terminal = { colors: { stdout: true, stderr: true }, keepAnsi: true }
      expect((yield* runCli(["--help"], {}, undefined, terminal)).stdout).toContain(escape)
      expect((yield* runCli(["--help"], { NO_COLOR: "1" }, undefined, terminal)).stdout).not.toContain(escape)
    }))

  it.effect("usage errors on stderr have none in a pipe either", () =>
    Effect.gen(function*() {
      const result = yield* runCli(["calls", "get"], credentials, undefined, { keepAnsi: true })
      expect(result.code).toBe(2)
      expect(result.stderr.length).toBeGreaterThan(0)
      expect(result.stderr).not.toContain(escape)
    }))
})

describe("--json errors", () => {
  it.live("a failure is one JSON object on stderr with the tag, status, errorCode and reference", () =>
    Effect.gen(function*() {
      const info = yield* NodeSimulator.NodeSimulator
      const env = {
        SINCH_APPLICATION_KEY: info.applicationKey,
        SINCH_APPLICATION_SECRET: Redacted.value(info.applicationSecret),
        SINCH_VOICE_BASE_URL: info.url
      }
      const result = yield* runCli(["calls", "get", "nope", "--json"], env)
      expect(result.code).toBe(4)
      expect(result.stdout).toBe("")
      expect(JSON.parse(result.stderr)).toEqual({
        error: {
          tag: "NotFound",
          message: expect.stringMatching(/^calls\.get: call not found \(404\)/),
          exitCode: 4,
          operation: "calls.get",
          status: 404,
          errorCode: 40400,
          reference: expect.any(String)
        }
      })
    }).pipe(Effect.provide(SimulatorLive)))

  it.effect("usage errors too, without @effect/cli's text", () =>
    Effect.gen(function*() {
      const missing = yield* runCli(["calls", "get", "--json"], credentials)
      expect(missing.code).toBe(2)
      const error = JSON.parse(missing.stderr)
      expect(error.error.tag).toBe("ValidationError")
      expect(error.error.exitCode).toBe(2)
      const config = yield* runCli(["calls", "get", "x", "--json"], { ...credentials, SINCH_VOICE_REGION: "mars" })
      expect(JSON.parse(config.stderr).error).toMatchObject({ tag: "ConfigError", exitCode: 2 })
    }))
})

describe("--verbose and --timeout", () => {
  // live clock: the client retries a refused GET with backoff before giving up
  it.live("--verbose shows each attempt and each wait on stderr", () =>
    Effect.gen(function*() {
      const result = yield* runCli(
        ["calls", "get", "abc", "--verbose", "--timeout", "2.5", "--base-url", "http://127.0.0.1:9"],
        credentials
      )
      expect(result.code).toBe(5)
      expect(result.stdout).toBe("")
      const lines = result.stderr.split("\n")
      expect(lines[0]).toBe("attempt 1: GET http://127.0.0.1:9/calling/v1/calls/id/abc (calls.get)")
      expect(lines[1]).toMatch(/^attempt 1: transport failure \(not sent\): ECONNREFUSED/)
      expect(lines[2]).toMatch(/^waiting \d+ ms before attempt 2 \(calls\.get\)$/)
      expect(lines).toContain("attempt 4: GET http://127.0.0.1:9/calling/v1/calls/id/abc (calls.get)")
      expect(lines.filter((line) => line.startsWith("waiting"))).toHaveLength(3)
      expect(lines.at(-1)).toMatch(/^error: calls\.get: transport failure/)
    }))

  it.scopedLive("--timeout bounds each attempt", () =>
    Effect.gen(function*() {
      // a host that accepts the request and never answers
      const silent = yield* Effect.acquireRelease(
        Effect.async<Http.Server>((resume) => {
          const server = Http.createServer(() => {})
          server.listen(0, "127.0.0.1", () => resume(Effect.succeed(server)))
        }),
        (server) =>
          Effect.sync(() => {
            server.closeAllConnections()
            server.close()
          })
      )
      const address = silent.address()
      const url = `http://127.0.0.1:${typeof address === "object" && address !== null ? address.port : 0}`
      // an update is not retried after a timeout: one attempt
      const result = yield* runCli(["calls", "hangup", "abc", "--timeout", "0.2", "--base-url", url], credentials)
      expect(result.code).toBe(5)
      expect(result.stderr).toBe("error: calls.update: no response within 200ms (the request may have reached Sinch)")
    }))
})
