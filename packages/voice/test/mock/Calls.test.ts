import { Actions, Instructions, Svaml } from "@effect-sinch/svaml"
import { Calls, VoiceError, VoiceTest } from "@effect-sinch/voice"
import { assert, describe, it } from "@effect/vitest"
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as TestClock from "effect/TestClock"

const caller = { type: "number", endpoint: "+46700000001" } as const
const callee = { type: "did", endpoint: "+15550000000" } as const

describe("Calls.layerTest", () => {
  it.effect("an unknown call fails with the client's NotFound", () =>
    Effect.gen(function*() {
      const calls = yield* Calls.Calls
      const error = yield* Effect.flip(calls.get("no-such-call"))
      assert.instanceOf(error, VoiceError.NotFound)
      assert.deepStrictEqual(
        error,
        new VoiceError.NotFound({
          operation: "calls.get",
          resource: "call",
          errorCode: 40400,
          detail: "Call not found"
        })
      )
      const update = yield* Effect.flip(calls.update("no-such-call", { action: { name: "continue" } }))
      assert.strictEqual(update._tag, "NotFound")
    }).pipe(Effect.provide(Calls.layerTest)))

  it.effect("a seeded (inbound) call reads back as CallInformation, its duration following the clock", () =>
    Effect.gen(function*() {
      yield* TestClock.adjust("1 minute")
      const seeded = yield* VoiceTest.seedCall({ from: caller, to: callee, domain: "pstn", custom: "ivr" })
      assert.strictEqual(seeded.callId, "call-1")
      yield* TestClock.adjust("42 seconds")
      const calls = yield* Calls.Calls
      const info = yield* calls.get(seeded.callId)
      assert.instanceOf(info, Calls.CallInformation)
      assert.strictEqual(info.callId, "call-1")
      assert.deepStrictEqual([info.from?.type, info.from?.endpoint], ["number", "+46700000001"])
      assert.deepStrictEqual([info.to?.type, info.to?.endpoint], ["did", "+15550000000"])
      assert.strictEqual(info.domain, "pstn")
      assert.strictEqual(info.status, "ONGOING")
      assert.strictEqual(info.duration, 42)
      assert.strictEqual(info.custom, "ivr")
      assert.deepStrictEqual(info.timestamp, DateTime.unsafeMake(60_000))
      assert.isUndefined(info.result)
    }).pipe(Effect.provide(Calls.layerTest)))

  it.effect("continue and park are recorded; hangup ends the call as FINAL / MANAGERHANGUP", () =>
    Effect.gen(function*() {
      const { callId } = yield* VoiceTest.seedCall({ callId: "inbound-7", from: caller })
      const calls = yield* Calls.Calls
      yield* calls.update(callId, yield* Svaml.managedCall(Instructions.say("Please hold"), Actions.park()))
      yield* calls.manageWithCallLeg(callId, "callee", { action: { name: "continue" } })
      assert.strictEqual((yield* calls.get(callId)).status, "ONGOING")

      yield* TestClock.adjust("10 seconds")
      yield* calls.update({ callResourceUrl: `https://calling-euc1.api.sinch.com/calling/v1/calls/id/${callId}` }, {
        action: { name: "hangup" }
      })
      const info = yield* calls.get(callId)
      assert.deepStrictEqual([info.status, info.result, info.reason, info.duration], [
        "FINAL",
        "ANSWERED",
        "MANAGERHANGUP",
        10
      ])
      yield* TestClock.adjust("1 hour")
      assert.strictEqual((yield* calls.get(callId)).duration, 10, "an ended call's duration is fixed")

      const record = yield* VoiceTest.call(callId)
      assert.deepStrictEqual(record.updates.map((update) => [update.leg, update.svaml.action.name]), [
        [undefined, "park"],
        ["callee", "continue"],
        [undefined, "hangup"]
      ])
      assert.deepStrictEqual(record.endedAt, DateTime.unsafeMake(10_000))
    }).pipe(Effect.provide(Calls.layerTest)))

  it.effect("an ended call can still be read but no longer updated", () =>
    Effect.gen(function*() {
      const { callId } = yield* VoiceTest.seedCall()
      const calls = yield* Calls.Calls
      yield* VoiceTest.endCall(callId)
      const info = yield* calls.get(callId)
      assert.deepStrictEqual([info.status, info.result, info.reason], ["FINAL", "ANSWERED", "CALLEEHANGUP"])
      const error = yield* Effect.flip(calls.update(callId, { action: { name: "hangup" } }))
      assert.deepStrictEqual([error._tag, error.operation], ["NotFound", "calls.update"])
      assert.strictEqual(
        yield* Effect.flip(VoiceTest.endCall("nobody")).pipe(Effect.map((e) => e._tag)),
        "NoSuchElementException"
      )
    }).pipe(Effect.provide(Calls.layerTest)))

  it.effect("unknownCall makes every operation on the call fail with NotFound", () =>
    Effect.gen(function*() {
      const { callId } = yield* VoiceTest.seedCall()
      yield* VoiceTest.unknownCall(callId)
      yield* VoiceTest.unknownCall("call-2") // also a call that does not exist yet
      const later = yield* VoiceTest.seedCall()
      assert.strictEqual(later.callId, "call-2")
      const calls = yield* Calls.Calls
      for (const id of [callId, later.callId]) {
        assert.strictEqual((yield* Effect.flip(calls.get(id)))._tag, "NotFound")
        assert.strictEqual((yield* Effect.flip(calls.update(id, { action: { name: "hangup" } })))._tag, "NotFound")
        assert.strictEqual(
          (yield* Effect.flip(calls.manageWithCallLeg(id, "both", { action: { name: "continue" } })))._tag,
          "NotFound"
        )
      }
      assert.strictEqual((yield* VoiceTest.call(callId)).status, "ONGOING", "the model itself is unchanged")
    }).pipe(Effect.provide(Calls.layerTest)))

  it.effect("generated ids skip the ids of seeded calls", () =>
    Effect.gen(function*() {
      yield* VoiceTest.seedCall({ callId: "call-1" })
      const next = yield* VoiceTest.seedCall()
      assert.strictEqual(next.callId, "call-2")
    }).pipe(Effect.provide(Calls.layerTest)))
})
