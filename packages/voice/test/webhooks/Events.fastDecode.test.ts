import { Events } from "@effect-sinch/voice"
import { describe, expect, it } from "@effect/vitest"
import * as Arbitrary from "effect/Arbitrary"
import * as Either from "effect/Either"
import * as FastCheck from "effect/FastCheck"
import * as Schema from "effect/Schema"
import * as WebhookEvents from "../../src/internal/webhookEvents.js"
import * as WebhookHttp from "../../src/internal/webhookHttp.js"
import * as Timestamps from "../utils/timestamps.js"

// The webhook server reads events with its own quicker decoder; it must give exactly what `Events` gives.
const classes = WebhookHttp.schemas

type Type = keyof typeof classes

const agrees = (type: Type, input: object) => {
  const expected = Schema.decodeUnknownEither(Events.CallbackEvent)({ ...input, event: type })
  const fast = WebhookEvents.decode(type, { ...input, event: type })
  if (Either.isRight(expected)) {
    expect(fast).toBeInstanceOf(classes[type])
    expect(fast).toStrictEqual(expected.right)
    expect(JSON.stringify(fast)).toBe(JSON.stringify(expected.right))
  } else {
    expect(fast).toBeUndefined()
  }
}

// Some fields set to null (absent to `Events`), or to a value of the wrong kind.
const spoiled = (wire: object) =>
  FastCheck.tuple(
    FastCheck.subarray(Object.keys(wire)),
    FastCheck.constantFrom<unknown>(null, 7, "x", [], {}, true)
  ).map(([keys, junk]) =>
    Object.fromEntries(Object.entries(wire).map(([key, value]) => [key, keys.includes(key) ? junk : value]))
  )

const property = <A extends Events.CallbackEvent, I extends object>(type: Type, schema: Schema.Schema<A, I>) => {
  const encode = Schema.encodeSync(schema)
  FastCheck.assert(
    FastCheck.property(
      Arbitrary.make(schema).chain((event) =>
        FastCheck.oneof(FastCheck.constant(encode(event)), spoiled(encode(event)))
      ),
      (wire) => agrees(type, wire)
    ),
    { numRuns: 500 }
  )
  // what the encoded side allows, nulls included, with junk in the literals and timestamps
  FastCheck.assert(
    FastCheck.property(Arbitrary.make(Schema.encodedSchema(schema)), (wire) => agrees(type, wire)),
    { numRuns: 500 }
  )
}

describe("the webhook server's event decoder", () => {
  it("gives the IceEvent that Events gives, and fails where it fails", () => property("ice", Events.IceEvent))
  it("gives the AceEvent that Events gives, and fails where it fails", () => property("ace", Events.AceEvent))
  it("gives the DiceEvent that Events gives, and fails where it fails", () => property("dice", Events.DiceEvent))
  it("gives the PieEvent that Events gives, and fails where it fails", () => property("pie", Events.PieEvent))
  it("gives the NotifyEvent that Events gives, and fails where it fails", () => property("notify", Events.NotifyEvent))

  it("reads timestamps in every form Events reads, as the same instant", () => {
    for (const timestamp of Timestamps.forms) {
      agrees("ace", { callid: "c", timestamp })
    }
  })

  it("keeps a __proto__ key an ordinary (ignored) field", () => {
    const input: object = JSON.parse(`{"event":"ace","callid":"c","custom":null,"__proto__":{"callid":7}}`)
    agrees("ace", input)
    const decoded = WebhookHttp.decodeEvent(new TextEncoder().encode(JSON.stringify(input)))
    expect(Either.getOrThrow(decoded).callid).toBe("c")
  })
})
