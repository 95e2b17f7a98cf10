import * as Transcript from "@effect-sinch/voice/SimulatorTranscript"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Examples from "../../../docs/examples/workflow-call-flows.js"

describe("docs/examples/workflow-call-flows.ts", () => {
  it.effect("in process: a machine answers, the voicemail is left", () =>
    Effect.gen(function*() {
      const { outcome, transcript } = yield* Examples.awaitOutcome
      expect(outcome).toMatchObject({ disposition: "machine", result: "ANSWERED" })
      expect(Transcript.said(transcript)).toEqual(["Hello, your table is ready: please come to the front desk."])
    }))

  it.effect("durable: busy, then reached on the second attempt", () =>
    Effect.gen(function*() {
      const report = yield* Examples.durableReminder
      expect(report.conclusion).toBe("reached")
      expect(report.attempts.map((outcome) => outcome.disposition)).toEqual(["busy", "human"])
    }))
})
