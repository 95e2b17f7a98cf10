import { Applications, Callouts, Calls, Region } from "@effect-sinch/voice"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Mock from "../utils/mockTransport.js"

const ok = () => Mock.json(200, { callId: "c1" })

describe("hosts and regions", () => {
  it("builds the regional calling hosts", () => {
    assert.strictEqual(Region.callingBaseUrl("global"), "https://calling.api.sinch.com")
    assert.strictEqual(Region.callingBaseUrl("euc1"), "https://calling-euc1.api.sinch.com")
    assert.strictEqual(Region.callingBaseUrl("apse2"), "https://calling-apse2.api.sinch.com")
  })

  it.effect("sends calling requests to the region's host and configuration requests to callingapi", () =>
    Effect.gen(function*() {
      const callouts = yield* Callouts.Callouts
      const applications = yield* Applications.Applications
      yield* callouts.tts({ destination: { type: "number", endpoint: "+46700000001" }, text: "Hi" })
      yield* applications.listNumbers().pipe(Effect.exit)
      const requests = yield* Effect.flatMap(Mock.Transport, (transport) => transport.requests)
      assert.deepStrictEqual(requests.map((request) => `${request.method} ${request.url}`), [
        "POST https://calling-euc1.api.sinch.com/calling/v1/callouts",
        "GET https://callingapi.sinch.com/v1/configuration/numbers"
      ])
    }).pipe(Effect.provide(Mock.client(ok, { region: "euc1" }))))

  it.effect("uses the global calling host by default", () =>
    Effect.gen(function*() {
      const callouts = yield* Callouts.Callouts
      yield* callouts.tts({ destination: { type: "number", endpoint: "+46700000001" }, text: "Hi" })
      const requests = yield* Effect.flatMap(Mock.Transport, (transport) => transport.requests)
      assert.strictEqual(requests[0]!.url, "https://calling.api.sinch.com/calling/v1/callouts")
    }).pipe(Effect.provide(Mock.client(ok))))

  it.effect("follows a call's callResourceUrl to its regional host", () =>
    Effect.gen(function*() {
      const calls = yield* Calls.Calls
      yield* calls.update(
        { callResourceUrl: "https://calling-use1.api.sinch.com/calling/v1/calls/id/4398599d1ba84ef3bde0a82dfb61abed" },
        { action: { name: "hangup" } }
      )
      const requests = yield* Effect.flatMap(Mock.Transport, (transport) => transport.requests)
      assert.strictEqual(
        requests[0]!.url,
        "https://calling-use1.api.sinch.com/calling/v1/calls/id/4398599d1ba84ef3bde0a82dfb61abed"
      )
    }).pipe(Effect.provide(Mock.client(() => ({ status: 204 }), { region: "euc1" }))))

  it.effect("refuses a callResourceUrl on a host that is not Sinch's (credentials never leave)", () =>
    Effect.gen(function*() {
      const calls = yield* Calls.Calls
      const error = yield* Effect.flip(
        calls.get({ callResourceUrl: "https://calling.evil.example/calling/v1/calls/id/abc" })
      )
      assert.strictEqual(error._tag, "InvalidInput")
      assert.strictEqual(error._tag === "InvalidInput" ? error.field : "", "callResourceUrl")
      const requests = yield* Effect.flatMap(Mock.Transport, (transport) => transport.requests)
      assert.strictEqual(requests.length, 0)
    }).pipe(Effect.provide(Mock.client(ok))))

  it.effect("overrides both hosts", () =>
    Effect.gen(function*() {
      const calls = yield* Calls.Calls
      const applications = yield* Applications.Applications
      yield* calls.get("abc").pipe(Effect.exit)
      yield* applications.getCallbackUrls("key").pipe(Effect.exit)
      const requests = yield* Effect.flatMap(Mock.Transport, (transport) => transport.requests)
      assert.deepStrictEqual(requests.map((request) => request.url), [
        "https://proxy.example/sinch/calling/v1/calls/id/abc",
        "https://config.example/v1/configuration/callbacks/applications/key"
      ])
    }).pipe(Effect.provide(Mock.client(ok, {
      region: "apse1",
      callingBaseUrl: "https://proxy.example/sinch/",
      configurationBaseUrl: "https://config.example"
    }))))
})
