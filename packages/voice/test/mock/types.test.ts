/**
 * Type-level tests of the mock layers: each `@ts-expect-error` line must not compile (`pnpm check`
 * fails if it ever does). The runtime test checks the layers' types match the real ones.
 */
import type { Applications, Callouts, Calls, Conferences, SinchVoice } from "@effect-sinch/voice"
import { VoiceError, VoiceTest } from "@effect-sinch/voice"
import { assert, describe, it } from "@effect/vitest"
import type * as Layer from "effect/Layer"

const notFound = new VoiceError.NotFound({ operation: "callouts.tts", resource: "call" })

export const rejected = [
  // @ts-expect-error a callout has nothing to be "not found": failNext only takes the operation's errors
  VoiceTest.failNext("Callouts.tts", notFound),
  // @ts-expect-error a call operation cannot fail with PaymentRequired
  VoiceTest.failNext("Calls.get", new VoiceError.PaymentRequired({ operation: "calls.get" })),
  // @ts-expect-error not an operation
  VoiceTest.failNext("Callouts.sms", notFound)
]

// A test layer fits wherever the real one does (it needs nothing and fails with nothing).
type Provides<L, S> = L extends Layer.Layer<infer ROut, never, never> ? S extends ROut ? true : false : false
export const layers: [
  Provides<typeof SinchVoice.layerTest, SinchVoice.Services | VoiceTest.VoiceTest>,
  Provides<typeof Callouts.layerTest, Callouts.Callouts>,
  Provides<typeof Calls.layerTest, Calls.Calls>,
  Provides<typeof Conferences.layerTest, Conferences.Conferences>,
  Provides<typeof Applications.layerTest, Applications.Applications>
] = [true, true, true, true, true]

describe("mock layer types", () => {
  it("compile as intended", () => {
    assert.strictEqual(rejected.length, 3)
    assert.isTrue(layers.every(Boolean))
  })
})
