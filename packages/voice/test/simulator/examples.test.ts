import * as Transcript from "@effect-sinch/voice/SimulatorTranscript"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Examples from "../../../../docs/examples/testing-simulator.js"

describe("docs/examples/testing-simulator.ts", () => {
  it.effect("a TTS reminder: ACE, the text, DiCE; Calls.get agrees", () =>
    Effect.gen(function*() {
      const { call, transcript } = yield* Examples.ttsReminder
      expect(Transcript.events(transcript)).toEqual(["ace", "dice"])
      expect(Transcript.said(transcript)).toEqual([
        "Hello, this is Acme Dental.",
        "Your appointment is tomorrow at ten."
      ])
      expect(transcript).toMatchObject({ status: "final", result: "ANSWERED", reason: "MANAGERHANGUP", duration: 5 })
      expect(call).toMatchObject({ status: "FINAL", result: "ANSWERED", reason: "MANAGERHANGUP", duration: 5 })
      expect(call.debit?.amount).toBe(0.01)
    }))

  it.effect("an IVR: menu, PIE, submenu, PIE, conference; the caller hangs up", () =>
    Effect.gen(function*() {
      const { queue, transcript } = yield* Examples.ivr
      const pies = Transcript.entriesOf(transcript, "EventSent").filter((entry) => entry.event === "pie")
      expect(pies.map((entry) => entry.detail)).toEqual([`return "support"`, `return "billing"`])
      expect(Transcript.entriesOf(transcript, "MenuInput").map((entry) => entry.value)).toEqual(["2", "1"])
      expect(queue.participants.map((participant) => participant.cli)).toEqual(["+46701111111"])
      expect(Transcript.entriesOf(transcript, "Conference").map((entry) => entry.change)).toEqual(["joined", "left"])
      expect(transcript).toMatchObject({ result: "ANSWERED", reason: "CALLERHANGUP", duration: 180 })
      expect(Transcript.events(transcript)).toEqual(["ice", "pie", "pie", "dice"])
    }))

  it.effect("a moderated conference: mute and kick through Conferences", () =>
    Effect.gen(function*() {
      const { after, before, transcripts } = yield* Examples.moderatedConference
      expect(before.participants.map((participant) => participant.cli)).toEqual([
        "+46700000011",
        "+46700000012",
        "+46700000013"
      ])
      expect(after.participants.map((participant) => [participant.cli, participant.muted])).toEqual([
        ["+46700000011", false],
        ["+46700000012", true]
      ])
      expect(after.participants[0]?.duration).toBe(310)
      expect(transcripts.map((transcript) => transcript.reason)).toEqual([
        "MANAGERHANGUP",
        "MANAGERHANGUP",
        "MANAGERHANGUP"
      ])
      expect(Transcript.entriesOf(transcripts[2]!, "Conference").map((entry) => entry.change)).toEqual([
        "joined",
        "kicked"
      ])
      expect(transcripts[2]?.duration).toBe(10)
      expect(transcripts[0]?.duration).toBe(310)
    }))

  it.effect("a parked call resumed by Calls.update", () =>
    Effect.gen(function*() {
      const transcript = yield* Examples.parkedCall
      const tags = transcript.entries.map((entry) => entry._tag)
      expect(tags).toContain("Parked")
      expect(tags.indexOf("Managed")).toBeGreaterThan(tags.indexOf("Parked"))
      expect(Transcript.said(transcript)).toEqual([
        "All our agents are busy.",
        "Thank you for waiting, an agent is ready."
      ])
      expect(transcript).toMatchObject({ result: "ANSWERED", reason: "CALLERHANGUP", duration: 240 })
    }))

  it.effect("a callee who never answers", () =>
    Effect.gen(function*() {
      const transcript = yield* Examples.neverAnswers
      expect(transcript).toMatchObject({ result: "NOANSWER", reason: "TIMEOUT", duration: 0 })
      expect(Transcript.events(transcript)).toEqual(["dice"])
      expect(Transcript.said(transcript)).toEqual([])
    }))
})
