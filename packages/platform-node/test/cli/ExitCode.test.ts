import * as ExitCode from "@effect-sinch/platform-node/cli/ExitCode"
import * as VoiceError from "@effect-sinch/voice/VoiceError"
import { describe, expect, it } from "@effect/vitest"
import * as ConfigError from "effect/ConfigError"
import * as Duration from "effect/Duration"

describe("ExitCode.fromError", () => {
  const operation = "calls.get"
  const cases: ReadonlyArray<readonly [unknown, ExitCode.ExitCode]> = [
    [new VoiceError.InvalidInput({ operation, field: "callId", reason: "must not be empty" }), 2],
    [new VoiceError.BadRequest({ operation, errorCode: 40001 }), 2],
    [new ExitCode.UsageError({ message: "svaml: not valid JSON" }), 2],
    [new VoiceError.Unauthorized({ operation, status: 401 }), 3],
    [new VoiceError.Unauthorized({ operation, status: 403 }), 3],
    [new VoiceError.InvalidConfiguration({ field: "applicationSecret", reason: "not base64" }), 3],
    [ConfigError.MissingData(["SINCH_APPLICATION_KEY"], "missing"), 3],
    [ConfigError.InvalidData(["SINCH_VOICE_REGION"], "Expected one of (global, …)"), 2],
    [new VoiceError.NotFound({ operation, resource: "call" }), 4],
    [new VoiceError.ServerError({ operation, status: 503 }), 5],
    [new VoiceError.RateLimited({ operation }), 5],
    [new VoiceError.TransportError({ operation, mayHaveReachedSinch: true, description: "reset" }), 5],
    [new VoiceError.Timeout({ operation, timeout: Duration.seconds(10) }), 5],
    [new VoiceError.UnexpectedResponse({ operation, status: 418, excerpt: "", reason: "undocumented status" }), 5],
    [new VoiceError.PaymentRequired({ operation: "callouts.tts" }), 1],
    [new Error("something else"), 1]
  ]

  it.each(cases)("%s → %i", (error, code) => {
    const report = ExitCode.fromError(error)
    expect(report.code).toBe(code)
    expect(report.line).toMatch(/^error: [^\n]+$/)
  })

  it("keeps Sinch's reference in the one line", () => {
    const report = ExitCode.fromError(
      new VoiceError.ServerError({
        operation,
        status: 502,
        errorCode: 50000,
        detail: "Bad gateway",
        reference: "ref-1"
      })
    )
    expect(report.line).toBe("error: calls.get: server error (502) — errorCode 50000 — Bad gateway — reference ref-1")
  })

  it("a 429 says how long to wait; --json gives it in seconds", () => {
    const report = ExitCode.fromError(
      new VoiceError.RateLimited({ operation, errorCode: 42900, retryAfter: Duration.seconds(30) })
    )
    expect(report.line).toBe("error: calls.get: rate limited (429) — errorCode 42900 — retry after 30 s")
    expect(report.json).toEqual({
      tag: "RateLimited",
      message: "calls.get: rate limited (429) — errorCode 42900 — retry after 30 s",
      exitCode: 5,
      operation,
      status: 429,
      errorCode: 42900,
      retryAfter: 30
    })
  })

  it("a 401 hints at the secret and the clock", () => {
    const report = ExitCode.fromError(new VoiceError.Unauthorized({ operation, status: 401, errorCode: 40102 }))
    expect(report.line).toContain("SINCH_APPLICATION_SECRET")
    expect(report.line).toContain("clock")
  })

  it("a callout that failed on a 5xx, a timeout or a reset may have placed the call", () => {
    const callout = "callouts.tts"
    for (
      const error of [
        new VoiceError.ServerError({ operation: callout, status: 502 }),
        new VoiceError.Timeout({ operation: callout, timeout: Duration.seconds(10) }),
        new VoiceError.TransportError({ operation: callout, mayHaveReachedSinch: true, description: "reset" })
      ]
    ) {
      const report = ExitCode.fromError(error)
      expect(report.line).toContain("the call may have been placed")
      expect(report.json.mayHaveBeenPlaced).toBe(true)
    }
    const notSent = ExitCode.fromError(
      new VoiceError.TransportError({ operation: callout, mayHaveReachedSinch: false, description: "ECONNREFUSED" })
    )
    expect(notSent.line).not.toContain("may have been placed")
    expect(ExitCode.fromError(new VoiceError.ServerError({ operation, status: 503 })).line).not.toContain(
      "may have been placed"
    )
  })
})
