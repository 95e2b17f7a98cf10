import { Events } from "@effect-sinch/voice"
import { describe, expect, it } from "@effect/vitest"
import * as Arbitrary from "effect/Arbitrary"
import * as DateTime from "effect/DateTime"
import * as Either from "effect/Either"
import * as FastCheck from "effect/FastCheck"
import * as Schema from "effect/Schema"
import * as Fixtures from "./fixtures.js"

const decodeJson = Schema.decodeUnknownSync(Events.CallbackEventFromJson)

describe("Events", () => {
  it("decodes every event fixture of the reference", () => {
    const iceJava = decodeJson(Fixtures.iceJava)
    assertInstance(iceJava, Events.IceEvent)
    expect(iceJava.callid).toBe("a call id")
    expect(iceJava.conferenceId).toBe("a conference id")
    expect(iceJava.callResourceUrl).toBe("https://calling-euc1.api.sinch.com/calling/v1/calls/id/a call id")
    expect(iceJava.timestamp && DateTime.formatIso(iceJava.timestamp)).toBe("2024-01-16T16:46:36.000Z")
    expect(iceJava.userRate).toEqual({ currencyId: "USD", amount: 0 })
    expect(iceJava.to).toEqual({ type: "number", endpoint: "+123456879" })
    expect(iceJava.domain).toBe("mxp")
    expect(iceJava.originationType).toBe("mxp")
    expect(iceJava.callHeaders?.map(({ key, value }) => [key, value])).toEqual([["the key", "the value"]])
    expect(iceJava.rdnis).toBe("rdnis value")

    const iceNode = decodeJson(Fixtures.iceNode)
    assertInstance(iceNode, Events.IceEvent)
    expect(iceNode.to?.type).toBe("did")
    expect(iceNode.rdnis).toBe("")

    const ace = decodeJson(Fixtures.ace)
    assertInstance(ace, Events.AceEvent)
    expect(ace.amd).toEqual({ status: "human", reason: "longgreeting", duration: 15 })

    assertInstance(decodeJson(Fixtures.aceSigned), Events.AceEvent)

    const dice = decodeJson(Fixtures.dice)
    assertInstance(dice, Events.DiceEvent)
    expect([dice.reason, dice.result, dice.from, dice.duration]).toEqual(["MANAGERHANGUP", "ANSWERED", "private", 1])
    expect(dice.debit).toEqual({ currencyId: "EUR", amount: 0.1758 })

    const pie = decodeJson(Fixtures.pie)
    assertInstance(pie, Events.PieEvent)
    expect(pie.menuResult).toEqual({ type: "sequence", value: "1452", menuId: "confirm", inputMethod: "dtmf" })

    const recording = decodeJson(Fixtures.notifyRecording)
    assertInstance(recording, Events.NotifyEvent)
    expect(recording.type).toBe("recording_available")
    expect(Events.isCallingError(recording)).toBe(false)

    const callingError = decodeJson(Fixtures.notifyCallingError)
    assertInstance(callingError, Events.NotifyEvent)
    expect(Events.isCallingError(callingError)).toBe(true)
    expect([callingError.errorCode, callingError.errorMsg, callingError.user]).toEqual([
      40001,
      "Illegal SVAML",
      "a user"
    ])
  })

  it("decodes the event type and enumerations case-insensitively and keeps unknown values", () => {
    const pie = decodeJson(
      `{"event":"PIE","callid":"c","menuResult":{"type":"InvalidInput","menuId":"main","inputMethod":"DTMF"}}`
    )
    assertInstance(pie, Events.PieEvent)
    expect([pie.event, pie.menuResult.type, pie.menuResult.inputMethod]).toEqual(["pie", "invalidinput", "dtmf"])

    const dice = decodeJson(`{"event":"Dice","callid":"c","reason":"callerHangUp","result":"answered"}`)
    assertInstance(dice, Events.DiceEvent)
    expect([dice.reason, dice.result]).toEqual(["CALLERHANGUP", "ANSWERED"])
    const newReason = decodeJson(`{"event":"dice","callid":"c","reason":"SOMENEWREASON"}`)
    assertInstance(newReason, Events.DiceEvent)
    expect(newReason.reason).toBe("SOMENEWREASON")

    const ace = decodeJson(`{"event":"ace","callid":"c","amd":{"status":"inprogress"}}`)
    assertInstance(ace, Events.AceEvent)
    expect(ace.amd?.status).toBe("inprogress")

    const notify = decodeJson(`{"event":"notify","callid":"c","type":"CallingError","errorCode":"50000"}`)
    assertInstance(notify, Events.NotifyEvent)
    expect(Events.isCallingError(notify)).toBe(true)
    expect(notify.errorCode).toBe(50000)
  })

  it("ignores unknown keys and treats null as absent", () => {
    const pie = decodeJson(
      `{"event":"pie","callid":"c","brandNew":{"x":1},"conferenceId":null,"menuResult":{"type":"return","value":"1","addToContext":[]}}`
    )
    assertInstance(pie, Events.PieEvent)
    expect(pie.conferenceId).toBeUndefined()
    expect(pie.menuResult.value).toBe("1")
  })

  it("reads a zone-less timestamp as UTC", () => {
    const ace = decodeJson(`{"event":"ace","callid":"c","timestamp":"2024-01-19T12:49:53"}`)
    expect(ace.timestamp && DateTime.formatIso(ace.timestamp)).toBe("2024-01-19T12:49:53.000Z")
  })

  it("rejects unknown event types and missing call ids", () => {
    const decode = Schema.decodeUnknownEither(Events.CallbackEventFromJson)
    expect(Either.isLeft(decode(`{"event":"bogus","callid":"c"}`))).toBe(true)
    expect(Either.isLeft(decode(`{"event":"ice"}`))).toBe(true)
    expect(Either.isLeft(decode(`{"callid":"c"}`))).toBe(true)
  })

  it("constructs events with the discriminator filled in", () => {
    const ice = Events.IceEvent.make({ callid: "c", cli: "+46700000000" })
    expect(ice.event).toBe("ice")
    expect(Schema.encodeSync(Events.CallbackEventFromJson)(ice)).toBe(
      `{"event":"ice","callid":"c","cli":"+46700000000"}`
    )
  })

  // Encode to the wire form, decode through the whole union: the same event comes back, and so does its wire form.
  const roundTrips = <A extends Events.CallbackEvent, I>(schema: Schema.Schema<A, I>) => {
    const encode = Schema.encodeSync(Events.CallbackEvent)
    const decode = Schema.decodeUnknownSync(Events.CallbackEvent)
    FastCheck.assert(
      FastCheck.property(Arbitrary.make(schema), (event) => {
        const wire = encode(event)
        const decoded = decode(wire)
        expect(decoded).toEqual(event)
        expect(encode(decoded)).toEqual(wire)
      }),
      { numRuns: 1000 }
    )
  }

  it("round-trips IceEvent (1,000 runs)", () => roundTrips(Events.IceEvent))
  it("round-trips AceEvent (1,000 runs)", () => roundTrips(Events.AceEvent))
  it("round-trips DiceEvent (1,000 runs)", () => roundTrips(Events.DiceEvent))
  it("round-trips PieEvent (1,000 runs)", () => roundTrips(Events.PieEvent))
  it("round-trips NotifyEvent (1,000 runs)", () => roundTrips(Events.NotifyEvent))
})

function assertInstance<A>(
  value: unknown,
  constructor: abstract new(...args: ReadonlyArray<never>) => A
): asserts value is A {
  expect(value).toBeInstanceOf(constructor)
}
