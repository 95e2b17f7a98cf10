import { Calls } from "@effect-sinch/voice"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { readFileSync } from "node:fs"
import { userAgent, version } from "../../src/internal/version.js"
import * as Mock from "../utils/mockTransport.js"
import * as SinchFake from "../utils/sinchFake.js"

describe("User-Agent", () => {
  it("the version sent is the package's", () => {
    const manifest: unknown = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8"))
    assert.isTrue(typeof manifest === "object" && manifest !== null && "version" in manifest)
    assert.deepInclude(manifest, { version })
    assert.strictEqual(userAgent, `effect-sinch/${version}`)
  })

  it.effect("every request says it comes from effect-sinch and which version", () =>
    Effect.gen(function*() {
      const calls = yield* Calls.Calls
      yield* calls.get("c1")
      const [request] = yield* Effect.flatMap(Mock.Transport, (transport) => transport.requests)
      assert.strictEqual(request!.headers["user-agent"], `effect-sinch/${version}`)
    }).pipe(Effect.provide(Mock.client(() => Mock.json(200, SinchFake.callInformation)))))
})
