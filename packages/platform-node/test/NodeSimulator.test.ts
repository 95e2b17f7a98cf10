import { NodeSimulator, NodeSinchVoice } from "@effect-sinch/platform-node"
import * as Actions from "@effect-sinch/svaml/Actions"
import * as Instructions from "@effect-sinch/svaml/Instructions"
import * as Applications from "@effect-sinch/voice/Applications"
import * as Callouts from "@effect-sinch/voice/Callouts"
import * as Calls from "@effect-sinch/voice/Calls"
import * as Conferences from "@effect-sinch/voice/Conferences"
import * as Simulator from "@effect-sinch/voice/Simulator"
import * as Transcript from "@effect-sinch/voice/SimulatorTranscript"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import { applicationKey, applicationSecret, SimulatorLive } from "./utils/simulator.js"

// The real HTTP client (undici, signed requests) against the simulator on a loopback port.
const ClientLive = NodeSimulator.layerClient.pipe(Layer.provideMerge(SimulatorLive))

const participantsOf = (conferenceId: string) =>
  Effect.flatMap(Conferences.Conferences, (conferences) => conferences.get(conferenceId)).pipe(
    Effect.map((info) =>
      info.participants.map((participant) => [participant.id, participant.muted, participant.onhold])
    )
  )

describe("NodeSimulator", () => {
  it.live("listens on loopback and exposes its URL and credentials", () =>
    Effect.gen(function*() {
      const info = yield* NodeSimulator.NodeSimulator
      expect(info.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
      expect(info.applicationKey).toBe(applicationKey)
      expect(Redacted.value(info.applicationSecret)).toBe(Redacted.value(applicationSecret))
    }).pipe(Effect.provide(SimulatorLive)))

  it.live("serves the callouts, calls and conferences operations to the real client", () =>
    Effect.gen(function*() {
      const callouts = yield* Callouts.Callouts
      const calls = yield* Calls.Calls
      const conferences = yield* Conferences.Conferences
      // 1. callouts (the three methods share the one operation)
      const first = yield* callouts.conference({
        destination: { type: "number", endpoint: "+46700000011" },
        conferenceId: "room"
      })
      const second = yield* callouts.conference({
        destination: { type: "number", endpoint: "+46700000012" },
        conferenceId: "room"
      })
      const tts = yield* callouts.tts({ destination: { type: "number", endpoint: "+46700000013" }, text: "Hi" })
      const custom = yield* callouts.custom({
        destination: { type: "number", endpoint: "+46700000014" },
        ice: { action: Actions.connectConf("other-room") }
      })
      expect(new Set([first.callId, second.callId, tts.callId, custom.callId]).size).toBe(4)
      // 5. get conference
      expect(yield* participantsOf("room")).toEqual([[first.callId, false, false], [second.callId, false, false]])
      // 2. get call
      const info = yield* calls.get(first.callId)
      expect(info).toMatchObject({ callId: first.callId, status: "ONGOING", result: "N/A" })
      expect(info.to?.endpoint).toBe("+46700000011")
      // 8. manage participant: mute, hold with music, resume
      yield* conferences.mute("room", first.callId)
      yield* conferences.hold("room", second.callId, "music1")
      expect(yield* participantsOf("room")).toEqual([[first.callId, true, false], [second.callId, false, true]])
      yield* conferences.unmute("room", first.callId)
      yield* conferences.resume("room", second.callId)
      expect(yield* participantsOf("room")).toEqual([[first.callId, false, false], [second.callId, false, false]])
      // 3 and 4. update a call (say, then go on), with and without a leg
      yield* calls.update(first.callId, { instructions: [Instructions.say("Hello")], action: Actions.continueCall() })
      yield* calls.manageWithCallLeg(second.callId, "both", {
        instructions: [Instructions.say("Hi both")],
        action: Actions.continueCall()
      })
      // 7. kick one participant
      yield* conferences.kickParticipant("room", first.callId)
      const kicked = yield* Simulator.awaitEnd(first.callId)
      expect(kicked.reason).toBe("MANAGERHANGUP")
      expect(Transcript.said(kicked)).toEqual(["Hello"])
      // 6. kick everyone
      yield* conferences.kickAll("room")
      expect((yield* Simulator.awaitEnd(second.callId)).reason).toBe("MANAGERHANGUP")
      const gone = yield* Effect.flip(conferences.get("room"))
      expect(gone._tag).toBe("NotFound")
      expect(gone).toMatchObject({ errorCode: 40400 })
      // hang up the custom callout through a managed update
      yield* calls.update({
        callResourceUrl: `${(yield* NodeSimulator.NodeSimulator).url}/calling/v1/calls/id/${custom.callId}`
      }, {
        action: Actions.hangup()
      })
      expect((yield* Simulator.awaitEnd(custom.callId)).reason).toBe("MANAGERHANGUP")
      const missing = yield* Effect.flip(calls.get("no-such-call"))
      expect(missing).toMatchObject({ _tag: "NotFound", errorCode: 40400, detail: "Call not found" })
    }).pipe(Effect.provide(ClientLive)))

  it.live("serves the configuration operations to the real client", () =>
    Effect.gen(function*() {
      const applications = yield* Applications.Applications
      // 9. list numbers
      expect((yield* applications.listNumbers()).numbers.map((number) => number.number)).toEqual([
        "+46700000000",
        "+46700000001"
      ])
      // 11. unassign, then 10. assign
      yield* applications.unassignNumber({ number: "+46700000001" })
      const unassigned = (yield* applications.listNumbers()).numbers.find((number) => number.number === "+46700000001")
      expect(unassigned?.applicationkey).toBeUndefined()
      yield* applications.assignNumbers({ numbers: ["+46700000001"], capability: "voice" })
      const assigned = (yield* applications.listNumbers()).numbers.find((number) => number.number === "+46700000001")
      expect(assigned?.applicationkey).toBe(applicationKey)
      const unknown = yield* Effect.flip(applications.assignNumbers({ numbers: ["+46799999999"] }))
      expect(unknown).toMatchObject({ _tag: "BadRequest", errorCode: 40001 })
      // 13. update and 12. get the callback URLs
      yield* applications.updateCallbackUrls(applicationKey, {
        url: { primary: "https://example.com/sinch", fallback: "https://fallback.example.com/sinch" }
      })
      expect((yield* applications.getCallbackUrls(applicationKey)).url).toEqual({
        primary: "https://example.com/sinch",
        fallback: "https://fallback.example.com/sinch"
      })
      const otherKey = yield* Effect.flip(applications.getCallbackUrls("another-key"))
      expect(otherKey).toMatchObject({ _tag: "BadRequest", errorCode: 40003 })
      // 14. query a number
      const queried = yield* applications.queryNumber("+46700000001")
      expect(queried.number).toMatchObject({ countryId: "SE", normalizedNumber: "+46700000001" })
    }).pipe(Effect.provide(ClientLive)))

  it.live("refuses a request signed with another secret, as Sinch does", () =>
    Effect.gen(function*() {
      const info = yield* NodeSimulator.NodeSimulator
      const refused = yield* Effect.gen(function*() {
        const calls = yield* Calls.Calls
        return yield* Effect.flip(calls.get("any"))
      }).pipe(
        Effect.provide(NodeSinchVoice.layer({
          applicationKey,
          applicationSecret: Redacted.make("c29tZXRoaW5nIGVsc2U="),
          callingBaseUrl: info.url,
          configurationBaseUrl: info.url
        }))
      )
      expect(refused).toMatchObject({ _tag: "Unauthorized", status: 401, errorCode: 40102 })
      const basic = yield* Effect.gen(function*() {
        const applications = yield* Applications.Applications
        return yield* applications.listNumbers()
      }).pipe(
        Effect.provide(NodeSinchVoice.layer({
          applicationKey,
          applicationSecret,
          auth: "basic",
          callingBaseUrl: info.url,
          configurationBaseUrl: info.url
        }))
      )
      expect(basic.numbers.length).toBe(2)
    }).pipe(Effect.provide(SimulatorLive)))
})
