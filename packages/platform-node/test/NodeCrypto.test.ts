import { NodeCrypto } from "@effect-sinch/platform-node"
import { Signature } from "@effect-sinch/voice"
import { describe, expect, it } from "@effect/vitest"
import * as Either from "effect/Either"
import * as Redacted from "effect/Redacted"

describe("NodeCrypto", () => {
  it("signs test vector V1 with node:crypto", () => {
    const secret = Either.getOrThrow(Signature.decodeSecret(Redacted.make("BeIukql3pTKJ8RGL5zo0DA==")))
    const body = new TextEncoder().encode(
      "{\"event\":\"ace\",\"callid\":\"822aa4b7-05b4-4d83-87c7-1f835ee0b6f6_257\",\"timestamp\":\"2014-09-24T10:59:41Z\",\"version\":1}"
    )
    const signature = Signature.sign(NodeCrypto.make, secret, {
      method: "POST",
      contentType: "application/json",
      timestamp: "2014-09-24T10:59:41Z",
      path: "/sinch/callback/ace",
      body
    })
    expect(signature).toBe("Tg6fMyo8mj9pYfWQ9ssbx3Tc1BNC87IEygAfLbJqZb4=")
  })
})
