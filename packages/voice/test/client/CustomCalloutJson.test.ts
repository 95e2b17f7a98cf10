import { Actions, Instructions, Svaml } from "@effect-sinch/svaml"
import { Callouts, VoiceError } from "@effect-sinch/voice"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Mock from "../utils/mockTransport.js"

const ok = () => Mock.json(200, { callId: "c1" })

describe("custom callout SVAML given as the JSON string of the svaml builders", () => {
  it.effect("is sent inline as that document", () =>
    Effect.gen(function*() {
      const callouts = yield* Callouts.Callouts
      const ice = yield* Svaml.iceJson(
        Instructions.say("Connecting you"),
        Actions.connectPstn("+46700000002")
      )
      const { callId } = yield* callouts.custom({ ice, pie: "https://example.com/pie" })
      assert.strictEqual(callId, "c1")
      const [sent] = yield* Effect.flatMap(Mock.Transport, (transport) => transport.requests)
      const body = JSON.parse(sent!.body)
      assert.deepStrictEqual(JSON.parse(body.customCallout.ice), JSON.parse(ice))
      assert.strictEqual(body.customCallout.pie, "https://example.com/pie")
    }).pipe(Effect.provide(Mock.client(ok))))

  it.effect("is refused, typed and unsent, when it breaks a rule or is not SVAML", () =>
    Effect.gen(function*() {
      const callouts = yield* Callouts.Callouts
      const tooLong = JSON.stringify({ action: { name: "connectConf", conferenceId: "x".repeat(80) } })
      const notSvaml = "{\"action\":{\"name\":\"fly\"}}"
      for (const ice of [tooLong, notSvaml, "{not json"]) {
        const error = yield* Effect.flip(callouts.custom({ ice }))
        assert.instanceOf(error, VoiceError.InvalidInput)
        assert.match(error instanceof VoiceError.InvalidInput ? error.field : "", /^request\.ice/)
      }
      const requests = yield* Effect.flatMap(Mock.Transport, (transport) => transport.requests)
      assert.strictEqual(requests.length, 0)
    }).pipe(Effect.provide(Mock.client(ok))))
})
