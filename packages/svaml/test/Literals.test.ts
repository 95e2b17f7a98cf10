import { Literals } from "@effect-sinch/svaml"
import { describe, expect, it } from "@effect/vitest"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"

describe("Literals", () => {
  const DestinationType = Literals.caseInsensitive("number", "username", "sip")
  const Reason = Literals.open("TIMEOUT", "CALLERHANGUP")

  it("decodes closed enums case-insensitively into the canonical spelling", () => {
    expect(Schema.decodeUnknownSync(DestinationType)("Number")).toBe("number")
    expect(Schema.encodeSync(DestinationType)("sip")).toBe("sip")
    const failure = Schema.decodeUnknownEither(DestinationType)("fax")
    expect(Either.isLeft(failure)).toBe(true)
  })

  it("keeps unknown values of open enums", () => {
    expect(Schema.decodeUnknownSync(Reason)("timeout")).toBe("TIMEOUT")
    expect(Schema.decodeUnknownSync(Reason)("CONGESTION")).toBe("CONGESTION")
    expect(Either.isLeft(Schema.decodeUnknownEither(Reason)(42))).toBe(true)
  })
})
