import * as Crypto from "@effect-sinch/voice/Crypto"
import * as Signature from "@effect-sinch/voice/Signature"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Redacted from "effect/Redacted"
import { TestCrypto } from "./utils/crypto.js"

const utf8 = new TextEncoder()

// Test vectors V1–V5 of the reference (§5.3), each recomputed independently there.
const vectors = [
  {
    id: "V1",
    secret: "BeIukql3pTKJ8RGL5zo0DA==",
    method: "POST",
    contentType: "application/json",
    timestamp: "2014-09-24T10:59:41Z",
    path: "/sinch/callback/ace",
    body:
      "{\"event\":\"ace\",\"callid\":\"822aa4b7-05b4-4d83-87c7-1f835ee0b6f6_257\",\"timestamp\":\"2014-09-24T10:59:41Z\",\"version\":1}",
    md5: "REWF+X220L4/Gw1spXOU7g==",
    signature: "Tg6fMyo8mj9pYfWQ9ssbx3Tc1BNC87IEygAfLbJqZb4="
  },
  {
    id: "V1b",
    secret: "BeIukql3pTKJ8RGL5zo0DA==",
    method: "POST",
    contentType: "application/json; charset=utf-8",
    timestamp: "2014-09-24T10:59:41Z",
    path: "/sinch/callback/ace",
    body:
      "{\"event\":\"ace\",\"callid\":\"822aa4b7-05b4-4d83-87c7-1f835ee0b6f6_257\",\"timestamp\":\"2014-09-24T10:59:41Z\",\"version\":1}",
    md5: "REWF+X220L4/Gw1spXOU7g==",
    signature: "+7IX6MJJ6hapyCsjPaOlzOfQAE8XAFAogUxTYQiSzmQ="
  },
  {
    id: "V2",
    secret: "JViE5vDor0Sw3WllZka15Q==",
    method: "POST",
    contentType: "application/json",
    timestamp: "2014-06-04T13:41:58Z",
    path: "/v1/sms/+46700000000",
    body: "{\"message\":\"Hello world\"}",
    md5: "jANzQ+rgAHyf1MWQFSwvYw==",
    signature: "qDXMwzfaxCRS849c/2R0hg0nphgdHciTo7OdM6MsdnM="
  },
  {
    id: "V2b",
    secret: "JViE5vDor0Sw3WllZka15Q==",
    method: "POST",
    contentType: "application/json",
    timestamp: "2014-06-04T13:41:58Z",
    path: "/calling/v1/callouts",
    body: "{\"message\":\"Hello world\"}",
    md5: "jANzQ+rgAHyf1MWQFSwvYw==",
    signature: "aS9fG2smJx6MIhPJDSNiaDQ1D3+e493HuL+VVA9pqyM="
  },
  {
    id: "V3",
    secret: "bXkta2V5LXNlY3JldA==",
    method: "POST",
    contentType: "application/json; charset=UTF-8",
    timestamp: "2023-11-22T09:10:11.999Z",
    path: "/path/pathParamValue",
    body: "{\"identity\":{\"type\":\"number\",\"endpoint\":\"+33444555666\"},\"method\":\"sms\"}",
    md5: "RkD29EocJh6t7zr5QfKM4g==",
    signature: "QP3OzQZVzRZAEev6DBLvJkgpiqyZPuXYsc7oyjUV0K8="
  },
  {
    id: "V4",
    secret: "bXkta2V5LXNlY3JldA==",
    method: "GET",
    contentType: "application/json",
    timestamp: "2023-11-22T09:10:11.999Z",
    path: "/path/pathParamValue",
    body: "",
    md5: "",
    signature: "nsrLDvP6KVD/dAxb3IfAncdwjPFJVWSrseEFOcZge+A="
  },
  {
    id: "V5",
    secret: "BeIukql3pTKJ8RGL5zo0DA==",
    method: "POST",
    contentType: "application/json",
    timestamp: "2014-06-04T13:41:58Z",
    path: "/verification/v1/verifications",
    body: "{\"identity\": {\"type\": \"number\", \"endpoint\": \"+46700000000\"}, \"method\": \"sms\"}",
    md5: "c5jl2EZiU6BpQ2QiBOJ/gQ==",
    signature: "h6rXrFayOoggyHW4ymnLlfSDkZZPg6j98lHzvOXVjvw="
  },
  {
    id: "V5 (empty body)",
    secret: "BeIukql3pTKJ8RGL5zo0DA==",
    method: "POST",
    contentType: "application/json",
    timestamp: "2014-06-04T13:41:58Z",
    path: "/verification/v1/verifications",
    body: "",
    md5: "",
    signature: "srx3SkKXw/ryFJLfwFFzZTigPxR/1+9Ae+eB3olDIjM="
  }
]

describe("Signature", () => {
  for (const vector of vectors) {
    it.effect(`reproduces test vector ${vector.id}`, () =>
      Effect.gen(function*() {
        const crypto = yield* Crypto.Crypto
        const secret = yield* Signature.decodeSecret(Redacted.make(vector.secret))
        const request = { ...vector, body: utf8.encode(vector.body) }
        expect(Signature.contentMd5(crypto, request.body)).toBe(vector.md5)
        expect(Signature.sign(crypto, secret, request)).toBe(vector.signature)
      }).pipe(Effect.provide(TestCrypto)))
  }

  it("builds the exact string to sign of V1", () => {
    const request = { ...vectors[0]!, body: new Uint8Array() }
    expect(Signature.stringToSign(request, "REWF+X220L4/Gw1spXOU7g==")).toBe(
      "POST\nREWF+X220L4/Gw1spXOU7g==\napplication/json\nx-timestamp:2014-09-24T10:59:41Z\n/sinch/callback/ace"
    )
  })

  it("decodes secrets strictly and never echoes them", () => {
    const result = Signature.decodeSecret(Redacted.make("app-secret"))
    expect(Either.isLeft(result)).toBe(true)
    expect(JSON.stringify(result)).not.toContain("app-secret")
    expect(Either.isLeft(Signature.decodeSecret(Redacted.make("")))).toBe(true)
  })

  it("compares in constant time, whatever the lengths", () => {
    expect(Crypto.timingSafeEqual(utf8.encode("abc"), utf8.encode("abc"))).toBe(true)
    expect(Crypto.timingSafeEqual(utf8.encode("abc"), utf8.encode("abd"))).toBe(false)
    expect(Crypto.timingSafeEqual(utf8.encode("abc"), utf8.encode("abcd"))).toBe(false)
    expect(Crypto.timingSafeEqual(new Uint8Array(), new Uint8Array())).toBe(true)
  })
})
