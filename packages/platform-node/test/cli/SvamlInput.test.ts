/**
 * SVAML given to the CLI that does not decode is reported in one short line, however deep or large
 * the JSON is (no stack overflow, no megabyte message).
 */
import * as SvamlInput from "@effect-sinch/platform-node/cli/SvamlInput"
import * as NodeFileSystem from "@effect/platform-node/NodeFileSystem"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"

describe("SvamlInput", () => {
  it.effect("deeply nested or huge JSON gives a short usage error", () =>
    Effect.gen(function*() {
      const inputs = [
        `{"action":${"[".repeat(5000)}${"]".repeat(5000)}}`,
        `{"action":{"name":"hangup"},"instructions":${JSON.stringify(Array.from({ length: 20_000 }, () => "x"))}}`
      ]
      for (const input of inputs) {
        const error = yield* Effect.flip(SvamlInput.document("--ice", input, "ice"))
        assert.include(error.message, "--ice: ")
        assert.isBelow(error.message.length, 400)
        assert.notInclude(error.message, "\n")
      }
    }).pipe(Effect.provide(NodeFileSystem.layer)))
})
