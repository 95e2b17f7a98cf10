import { Documents } from "@effect-sinch/svaml"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as Examples from "../../../docs/examples/svaml.js"

describe("docs/examples/svaml.ts", () => {
  it.effect("the IVR builds and validates", () =>
    Effect.gen(function*() {
      const ice = yield* Examples.ivrIce
      expect(Schema.encodeSync(Documents.IceResponse)(ice).action).toMatchObject({ name: "runMenu", locale: "en-US" })
      expect((yield* Examples.onMenuResult("sales")).action.name).toBe("connectConf")
      expect((yield* Examples.onMenuResult("billing")).action.name).toBe("connectPstn")
      expect((yield* Examples.surveyAce).instructions?.length).toBe(2)
      expect((yield* Examples.cancelCall).action.name).toBe("hangup")
    }))

  it.effect("the custom callout fields are the reference's JSON strings", () =>
    Effect.gen(function*() {
      const fields = yield* Examples.customCalloutFields
      expect(JSON.parse(fields.ice)).toEqual({
        action: { name: "connectPstn", number: "+12233445566", cli: "+12234325234", amd: { enabled: true } }
      })
      expect(fields.ace).toBe(
        `{"instructions":[{"name":"say","text":"Hello, this is a call from Sinch!"}],"action":{"name":"hangup"}}`
      )
    }))

  it.effect("stored JSON is decoded, then validated", () =>
    Effect.gen(function*() {
      const valid = yield* Examples.fromStoredJson(`{"action":{"name":"Hangup"}}`)
      expect(valid.action.name).toBe("hangup")
      expect(yield* Effect.flip(Examples.fromStoredJson(`{"action":{"name":"continue"}}`))).toBe(
        "not a valid ICE response: action.name: context rule: action `continue` is not allowed in ICE; allowed: " +
          "hangup, connectPstn, connectMxp, connectConf, connectSip, connectStream, runMenu, park"
      )
      expect(yield* Effect.flip(Examples.fromStoredJson(`{"action":{"name":"connectPstn","number":"123"}}`)))
        .toBe(`not a valid ICE response: action.number: e164 rule: "+" and 2 to 15 digits, got "123"`)
    }))
})
