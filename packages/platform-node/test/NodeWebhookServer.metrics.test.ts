import { NodeCrypto } from "@effect-sinch/platform-node"
import * as Actions from "@effect-sinch/svaml/Actions"
import * as Signature from "@effect-sinch/voice/Signature"
import * as HttpServer from "@effect/platform/HttpServer"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Metric from "effect/Metric"
import * as MetricState from "effect/MetricState"
import * as Redacted from "effect/Redacted"
import { applicationKey, applicationSecret, path, quiet, serve } from "./utils/webhookServer.js"

// The callback metrics of `VoiceMetrics`, as the Node server (its own request path) records them.

const utf8 = new TextEncoder()
const secret = Either.getOrThrow(Signature.decodeSecret(Redacted.make(applicationSecret)))

const event = (type: string) =>
  JSON.stringify({ event: type, callid: "call-1", cli: "+46700000000", menuResult: { type: "sequence", value: "1" } })

const post = (body: string, signature?: string) =>
  Effect.gen(function*() {
    const address = yield* HttpServer.addressFormattedWith(Effect.succeed)
    const timestamp = new Date().toISOString()
    const signed = Signature.sign(NodeCrypto.make, secret, {
      method: "POST",
      contentType: "application/json",
      timestamp,
      path,
      body: utf8.encode(body)
    })
    const headers = {
      "authorization": Signature.authorization(applicationKey, signature ?? signed),
      "content-type": "application/json",
      "x-timestamp": timestamp
    }
    return yield* Effect.promise(async () =>
      (await fetch(`${address}${path}`, { method: "POST", body, headers })).status
    )
  })

/** The state of the metric `name` tagged exactly `tags` (this test's `test` label included). */
const stateOf = (name: string, tags: Readonly<Record<string, string>>) =>
  Effect.map(Metric.snapshot, (pairs) =>
    pairs.find(({ metricKey }) =>
      metricKey.name === name &&
      metricKey.tags.length === Object.keys(tags).length &&
      metricKey.tags.every((label) => tags[label.key] === label.value)
    )?.metricState)

const count = (name: string, tags: Readonly<Record<string, string>>) =>
  Effect.map(stateOf(name, tags), (state) => MetricState.isCounterState(state) ? Number(state.count) : 0)

const histogramCount = (name: string, tags: Readonly<Record<string, string>>) =>
  Effect.map(stateOf(name, tags), (state) => MetricState.isHistogramState(state) ? state.count : 0)

describe("NodeWebhookServer metrics", () => {
  it.live("counts callbacks by event and outcome, refusals by reason, and times each callback", () =>
    Effect.gen(function*() {
      const test = { test: "node-webhook-server" }
      expect(yield* post(event("ice"))).toBe(200)
      expect(yield* post(event("ice"))).toBe(200)
      expect(yield* post(event("pie"))).toBe(200)
      expect(yield* post(event("dice"))).toBe(200)
      expect(yield* post(event("ace"), "c2lnbmF0dXJl")).toBe(401)

      expect(yield* count("sinch_voice_callbacks_total", { event: "ice", outcome: "handled", ...test })).toBe(2)
      expect(yield* count("sinch_voice_callbacks_total", { event: "pie", outcome: "default", ...test })).toBe(1)
      expect(yield* count("sinch_voice_callbacks_total", { event: "dice", outcome: "failed", ...test })).toBe(1)
      expect(yield* count("sinch_voice_callbacks_total", { event: "ace", outcome: "default", ...test })).toBe(0)
      expect(yield* count("sinch_voice_callbacks_refused_total", { reason: "InvalidSignature", ...test })).toBe(1)
      expect(yield* histogramCount("sinch_voice_callback_duration_ms", { event: "ice", ...test })).toBe(2)
    }).pipe(
      Effect.provide(
        serve({
          ice: () => Effect.succeed({ action: Actions.hangup() }),
          dice: () => Effect.fail("the database is down")
        }).pipe(Layer.provide(quiet))
      ),
      Effect.tagMetrics("test", "node-webhook-server")
    ))
})
