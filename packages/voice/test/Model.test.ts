import { Model } from "@effect-sinch/voice"
import { describe, expect, it } from "@effect/vitest"
import * as DateTime from "effect/DateTime"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"

describe("Model", () => {
  it("reads zone-less timestamps as UTC and keeps explicit zones", () => {
    const decode = Schema.decodeUnknownSync(Model.Timestamp)
    expect(DateTime.formatIso(decode("2024-01-08T09:48:12"))).toBe("2024-01-08T09:48:12.000Z")
    expect(DateTime.formatIso(decode("2024-01-08T09:48:12+02:00"))).toBe("2024-01-08T07:48:12.000Z")
    expect(Either.isLeft(Schema.decodeUnknownEither(Model.Timestamp)("tomorrow"))).toBe(true)
    expect(Either.isLeft(Schema.decodeUnknownEither(Model.Timestamp)("2024-13-45T99:99:99"))).toBe(true)
  })

  it("decodes destination types case-insensitively and keeps unknown ones", () => {
    const decode = Schema.decodeUnknownSync(Model.Destination)
    expect(decode({ type: "Number", endpoint: "+46" }).type).toBe("number")
    expect(decode({ type: "websocket", endpoint: "wss://x" }).type).toBe("websocket")
  })

  it("accepts errorCode as a number or a string", () => {
    expect(Schema.decodeUnknownSync(Model.ErrorCode)(40400)).toBe(40400)
    expect(Schema.decodeUnknownSync(Model.ErrorCode)("40400")).toBe(40400)
  })
})
