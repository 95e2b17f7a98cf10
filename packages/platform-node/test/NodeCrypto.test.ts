import { NodeCrypto } from "@effect-sinch/platform-node"
import { type Crypto, Signature } from "@effect-sinch/voice"
import { describe, expect, it } from "@effect/vitest"
import * as Either from "effect/Either"
import * as Encoding from "effect/Encoding"
import * as FastCheck from "effect/FastCheck"
import * as Redacted from "effect/Redacted"

/** NodeCrypto without its base64 fast paths: what signing does on a plain `Crypto` service. */
const bytesOnly: Crypto.Service = { md5: NodeCrypto.make.md5, hmacSha256: NodeCrypto.make.hmacSha256 }

describe("NodeCrypto", () => {
  it("signs test vector V1 with node:crypto", () => {
    const secret = Either.getOrThrow(Signature.decodeSecret(Redacted.make("BeIukql3pTKJ8RGL5zo0DA==")))
    const body = new TextEncoder().encode(
      "{\"event\":\"ace\",\"callid\":\"822aa4b7-05b4-4d83-87c7-1f835ee0b6f6_257\",\"timestamp\":\"2014-09-24T10:59:41Z\",\"version\":1}"
    )
    const request = {
      method: "POST",
      contentType: "application/json",
      timestamp: "2014-09-24T10:59:41Z",
      path: "/sinch/callback/ace",
      body
    }
    expect(Signature.sign(NodeCrypto.make, secret, request)).toBe("Tg6fMyo8mj9pYfWQ9ssbx3Tc1BNC87IEygAfLbJqZb4=")
    expect(Signature.sign(bytesOnly, secret, request)).toBe("Tg6fMyo8mj9pYfWQ9ssbx3Tc1BNC87IEygAfLbJqZb4=")
  })

  it("its base64 fast paths agree with the byte digests, for any key, body and text", () => {
    FastCheck.assert(
      FastCheck.property(
        FastCheck.uint8Array({ maxLength: 64 }),
        FastCheck.uint8Array({ maxLength: 512 }),
        FastCheck.string({ unit: "grapheme", maxLength: 200 }),
        (key, body, text) => {
          expect(NodeCrypto.make.md5Base64!(body)).toBe(Encoding.encodeBase64(NodeCrypto.make.md5(body)))
          expect(NodeCrypto.make.hmacSha256Base64!(key, text)).toBe(
            Encoding.encodeBase64(NodeCrypto.make.hmacSha256(key, new TextEncoder().encode(text)))
          )
        }
      ),
      { numRuns: 500 }
    )
  })

  it("signs the same with and without the fast paths, whatever is signed", () => {
    FastCheck.assert(
      FastCheck.property(
        FastCheck.uint8Array({ minLength: 1, maxLength: 64 }),
        FastCheck.record({
          method: FastCheck.constantFrom("GET", "POST", "PATCH", "DELETE"),
          contentType: FastCheck.constantFrom("", "application/json"),
          timestamp: FastCheck.date({ noInvalidDate: true }).map((date) => date.toISOString()),
          path: FastCheck.webPath(),
          body: FastCheck.uint8Array({ maxLength: 512 })
        }),
        (secret, request) => {
          expect(Signature.sign(NodeCrypto.make, secret, request)).toBe(Signature.sign(bytesOnly, secret, request))
        }
      ),
      { numRuns: 500 }
    )
  })
})
