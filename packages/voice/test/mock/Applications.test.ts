import { Applications, VoiceError, VoiceTest } from "@effect-sinch/voice"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"

const listed = Effect.gen(function*() {
  const applications = yield* Applications.Applications
  const { numbers } = yield* applications.listNumbers()
  return numbers.map(({ applicationkey, capability, number }) => ({ number, applicationkey, capability }))
})

describe("Applications.layerTest", () => {
  it.effect("listNumbers returns the seeded numbers", () =>
    Effect.gen(function*() {
      assert.deepStrictEqual(yield* listed, [])
      yield* VoiceTest.seedNumbers([
        "+15550000001",
        { number: "+15550000002", applicationkey: "other-app", capability: "sms" }
      ])
      assert.deepStrictEqual(yield* listed, [
        { number: "+15550000001", applicationkey: undefined, capability: undefined },
        { number: "+15550000002", applicationkey: "other-app", capability: "sms" }
      ])
    }).pipe(Effect.provide(Applications.layerTest)))

  it.effect("assignNumbers assigns to the given application, or to the signing one, for voice by default", () =>
    Effect.gen(function*() {
      yield* VoiceTest.seedNumbers(["+15550000001", "+15550000002", "+15550000003"])
      const applications = yield* Applications.Applications
      yield* applications.assignNumbers({ numbers: ["+15550000001", "+15550000002"] })
      yield* applications.assignNumbers({ numbers: ["+15550000003"], applicationkey: "sms-app", capability: "sms" })
      assert.deepStrictEqual(yield* VoiceTest.numbers, [
        { number: "+15550000001", applicationkey: VoiceTest.applicationKey, capability: "voice" },
        { number: "+15550000002", applicationkey: VoiceTest.applicationKey, capability: "voice" },
        { number: "+15550000003", applicationkey: "sms-app", capability: "sms" }
      ])
    }).pipe(Effect.provide(Applications.layerTest)))

  it.effect("a number outside the project fails with NotFound and nothing is assigned", () =>
    Effect.gen(function*() {
      yield* VoiceTest.seedNumbers(["+15550000001"])
      const applications = yield* Applications.Applications
      const error = yield* Effect.flip(applications.assignNumbers({ numbers: ["+15550000001", "+15559999999"] }))
      assert.instanceOf(error, VoiceError.NotFound)
      assert.deepStrictEqual([error.operation, error.resource], ["applications.assignNumbers", "number"])
      assert.include(error.detail, "+15559999999")
      assert.deepStrictEqual(yield* VoiceTest.numbers, [{ number: "+15550000001" }])
      const unassign = yield* Effect.flip(applications.unassignNumber({ number: "+15559999999" }))
      assert.strictEqual(unassign._tag, "NotFound")
    }).pipe(Effect.provide(Applications.layerTest)))

  it.effect("unassignNumber removes the assignment, but not from another application", () =>
    Effect.gen(function*() {
      yield* VoiceTest.seedNumbers([{ number: "+15550000001", applicationkey: "app-a", capability: "voice" }])
      const applications = yield* Applications.Applications
      const error = yield* Effect.flip(applications.unassignNumber({ number: "+15550000001", applicationkey: "app-b" }))
      assert.strictEqual(error._tag, "NotFound")
      yield* applications.unassignNumber({ number: "+15550000001", applicationkey: "app-a" })
      assert.deepStrictEqual(yield* listed, [{
        number: "+15550000001",
        applicationkey: undefined,
        capability: undefined
      }])
    }).pipe(Effect.provide(Applications.layerTest)))

  it.effect("updateCallbackUrls replaces what getCallbackUrls returns, per application", () =>
    Effect.gen(function*() {
      const applications = yield* Applications.Applications
      const before = yield* applications.getCallbackUrls("app-a")
      assert.instanceOf(before, Applications.CallbackUrls)
      assert.deepStrictEqual(before.url, {})

      yield* applications.updateCallbackUrls("app-a", {
        url: { primary: "https://app.example.com/sinch", fallback: "https://backup.example.com/sinch" }
      })
      yield* applications.updateCallbackUrls("app-b", { url: { primary: "https://b.example.com/sinch" } })
      assert.deepStrictEqual((yield* applications.getCallbackUrls("app-a")).url, {
        primary: "https://app.example.com/sinch",
        fallback: "https://backup.example.com/sinch"
      })
      yield* applications.updateCallbackUrls("app-a", { url: { primary: "https://new.example.com/sinch" } })
      assert.deepStrictEqual((yield* applications.getCallbackUrls("app-a")).url, {
        primary: "https://new.example.com/sinch"
      })
      assert.deepStrictEqual(yield* VoiceTest.callbackUrls("app-b"), { primary: "https://b.example.com/sinch" })
    }).pipe(Effect.provide(Applications.layerTest)))

  it.effect("queryNumber answers with the number", () =>
    Effect.gen(function*() {
      const applications = yield* Applications.Applications

      const { number } = yield* applications.queryNumber("+46700000001")
      assert.strictEqual(number.normalizedNumber, "+46700000001")
    }).pipe(Effect.provide(Applications.layerTest)))
})
