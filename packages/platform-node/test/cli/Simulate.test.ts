/**
 * `sinch-voice simulate` with the app's own credentials, and its live log of requests, events and
 * answers (a real simulator on a loopback port; the log is awaited line by line, bounded).
 */
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Queue from "effect/Queue"
import * as Http from "node:http"
import { runCli } from "./utils.js"

const credentials = {
  SINCH_APPLICATION_KEY: "669E367E-6BBA-48AB-AF15-266871C28135",
  SINCH_APPLICATION_SECRET: "BeIukql3pTKJ8RGL5zo0DA=="
}

/** Runs `simulate` in the background; its output, line by line, in a queue. */
const simulate = (args: ReadonlyArray<string>, env: Readonly<Record<string, string>>) =>
  Effect.gen(function*() {
    const lines = yield* Queue.unbounded<string>()
    const fiber = yield* Effect.fork(
      runCli(["simulate", ...args], env, (text) => {
        for (const line of text.split("\n")) Queue.unsafeOffer(lines, line)
      })
    )
    /** The next line matching `pattern` (earlier ones are skipped); fails after 10 s of waiting. */
    const next = (pattern: RegExp) =>
      Queue.take(lines).pipe(
        Effect.repeat({ until: (line) => pattern.test(line) }),
        Effect.timeoutFail({ duration: "10 seconds", onTimeout: () => `no line matching ${pattern}` })
      )
    return { next, fiber }
  })

/** An application on a loopback port that answers every event with `svaml`; closed with the test's scope. */
const answering = (svaml: string) =>
  Effect.acquireRelease(
    Effect.async<Http.Server>((resume) => {
      const server = Http.createServer((request, response) => {
        request.resume()
        request.on("end", () => response.writeHead(200, { "content-type": "application/json" }).end(svaml))
      })
      server.listen(0, "127.0.0.1", () => resume(Effect.succeed(server)))
    }),
    (server) =>
      Effect.async<void>((resume) => {
        server.close(() => resume(Effect.void))
      })
  ).pipe(Effect.map((server) => {
    const address = server.address()
    return `http://127.0.0.1:${typeof address === "object" && address !== null ? address.port : 0}/sinch`
  }))

describe("sinch-voice simulate", () => {
  it.live("takes the app's key and secret from the environment and does not echo the secret", () =>
    Effect.gen(function*() {
      const { fiber, next } = yield* simulate(["--number", "+46700000000", "--quiet"], credentials)
      const listening = yield* next(/^Sinch Voice simulator listening on /)
      const url = listening.replace("Sinch Voice simulator listening on ", "")
      const exportLine = yield* next(/^ {2}export /)
      expect(exportLine).toBe(`  export SINCH_VOICE_BASE_URL=${url}`)
      const note = yield* next(/^Using the application key/)
      expect(note).not.toContain(credentials.SINCH_APPLICATION_SECRET)
      const numbers = yield* runCli(["numbers", "list", "--json"], { ...credentials, SINCH_VOICE_BASE_URL: url })
      expect(numbers.code).toBe(0)
      expect(numbers.stdout).toContain(credentials.SINCH_APPLICATION_KEY)
      yield* Fiber.interrupt(fiber)
    }))

  it.live("only one of key and secret is a usage error (2)", () =>
    Effect.gen(function*() {
      const result = yield* runCli(["simulate"], { SINCH_APPLICATION_KEY: credentials.SINCH_APPLICATION_KEY })
      expect(result.code).toBe(2)
      expect(result.stderr).toContain("set both SINCH_APPLICATION_KEY and SINCH_APPLICATION_SECRET")
    }))

  it.live("logs each request, each event posted and its answer as they happen", () =>
    Effect.gen(function*() {
      // a callback URL nothing listens on: the events are logged as not delivered
      const { fiber, next } = yield* simulate(["--callback-url", "http://127.0.0.1:9/sinch"], credentials)
      const url = (yield* next(/^Sinch Voice simulator listening on /)).replace(
        "Sinch Voice simulator listening on ",
        ""
      )
      yield* next(/^Requests, events and answers:$/)
      const env = { ...credentials, SINCH_VOICE_BASE_URL: url }
      const placed = yield* runCli(["callouts", "custom", "+46700000001", "--ice", "http://127.0.0.1:9/ice"], env)
      expect(placed.code).toBe(0)
      expect(yield* next(/POST \/calling\/v1\/callouts/)).toMatch(
        /^\d{2}:\d{2}:\d{2}\.\d{3} {2}POST \/calling\/v1\/callouts → 200$/
      )
      expect(yield* next(/ICE for call/)).toMatch(/ICE for call \S+ → http:\/\/127\.0\.0\.1:9\/ice$/)
      expect(yield* next(/not delivered|answer/)).toMatch(/not delivered: /)
      yield* Fiber.interrupt(fiber)
    }))

  it.scopedLive("logs the application's answer", () =>
    Effect.gen(function*() {
      const app = yield* answering(`{"instructions":[{"name":"say","text":"Hi"}],"action":{"name":"hangup"}}`)
      const { fiber, next } = yield* simulate(["--callback-url", app], credentials)
      const url = (yield* next(/^Sinch Voice simulator listening on /)).replace(
        "Sinch Voice simulator listening on ",
        ""
      )
      const env = { ...credentials, SINCH_VOICE_BASE_URL: url }
      const placed = yield* runCli(["callouts", "custom", "+46700000001", "--ice", app], env)
      expect(placed.code).toBe(0)
      expect(yield* next(/ICE for call/)).toContain(`→ ${app}`)
      expect(yield* next(/answer/)).toMatch(/answer 200: say, hangup$/)
      yield* Fiber.interrupt(fiber)
    }))
})
