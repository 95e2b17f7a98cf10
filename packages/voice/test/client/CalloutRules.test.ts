/**
 * One rule per callout field, the same for the real client, the mock layers and the simulator's
 * REST API: text or prompts (one of them), bounded prompts, a custom callout's ICE, TTS length in
 * characters (code points) as Sinch counts them, locales and conference ids without line breaks.
 */
import { Callouts, Conferences, SinchVoice, VoiceError } from "@effect-sinch/voice"
import * as Simulator from "@effect-sinch/voice/Simulator"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import { assert, describe, it } from "@effect/vitest"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import { TestCrypto } from "../utils/crypto.js"
import * as Mock from "../utils/mockTransport.js"

const destination = { type: "number", endpoint: "+46700000001" } as const
const tts = (request: Callouts.TtsCallout) => Effect.flatMap(Callouts.Callouts, (callouts) => callouts.tts(request))

type Case = readonly [
  name: string,
  operation: Effect.Effect<unknown, VoiceError.VoiceError, SinchVoice.Services>,
  field: string,
  reason: string
]

const cases: ReadonlyArray<Case> = [
  ["a TTS callout with neither text nor prompts", tts({ destination }), "request.text", "got neither"],
  [
    "a TTS callout with both text and prompts",
    tts({ destination, text: "Hi", prompts: "#tts[Hi]" }),
    "request.prompts",
    "got both"
  ],
  [
    "10 MB of prompts",
    tts({ destination, prompts: `#tts[${"a".repeat(10_000_000)}]` }),
    "request.prompts",
    "at most 4096 characters"
  ],
  [
    "a #tts part of prompts above 600 characters",
    tts({ destination, prompts: `#tts[${"a".repeat(601)}];welcome` }),
    "request.prompts",
    "got 601"
  ],
  ["601 emoji", tts({ destination, text: "🎉".repeat(601) }), "request.text", "at most 600 characters, got 601"],
  [
    "a locale with a line break",
    tts({ destination, text: "Hi", locale: "en-US\r\nX-Injected: 1" }),
    "request.locale",
    "letters, digits and - _ . / only"
  ],
  [
    "a custom callout without ice",
    Effect.flatMap(Callouts.Callouts, (callouts) => callouts.custom({ destination, ace: "https://example.com/ace" })),
    "request.ice",
    "a custom callout needs ice"
  ],
  [
    "a conference callout id with CR/LF",
    Effect.flatMap(Callouts.Callouts, (callouts) => callouts.conference({ destination, conferenceId: "room\r\n" })),
    "request.conferenceId",
    "control characters"
  ],
  [
    "the same conference id in Conferences.get",
    Effect.flatMap(Conferences.Conferences, (conferences) => conferences.get("room\r\n")),
    "conferenceId",
    "control characters"
  ]
]

const refusal = <R>(effect: Effect.Effect<unknown, VoiceError.VoiceError, R>) =>
  Effect.map(Effect.flip(effect), (error) => {
    assert.instanceOf(error, VoiceError.InvalidInput)
    assert.isBelow(error.message.length, 400, "the message stays short whatever was sent")
    return { field: error.field, reason: error.reason }
  })

describe("callout rules", () => {
  for (const [name, operation, field, reason] of cases) {
    it.effect(`${name}: InvalidInput on ${field}, the same from the client and the mock layers`, () =>
      Effect.gen(function*() {
        const real = yield* refusal(operation).pipe(Effect.provide(Mock.client(() => Mock.json(200, {}))))
        assert.strictEqual(real.field, field)
        assert.include(real.reason, reason)
        const mocked = yield* refusal(operation).pipe(Effect.provide(SinchVoice.layerTest))
        assert.deepStrictEqual(mocked, real)
      }))
  }

  it.effect("600 emoji and 600 letters are both within the TTS limit", () =>
    Effect.gen(function*() {
      yield* tts({ destination, text: "🎉".repeat(600) })
      yield* tts({ destination, text: "a".repeat(600) })
      yield* tts({ destination, prompts: `#tts[${"🎉".repeat(600)}];#href[https://example.com/a.mp3]` })
    }).pipe(Effect.provide(SinchVoice.layerTest)))

  it.effect("the simulator's REST API refuses the same callouts with Sinch's 400", () =>
    Effect.gen(function*() {
      const applicationKey = "669E367E-6BBA-48AB-AF15-266871C28135"
      const applicationSecret = Redacted.make("BeIukql3pTKJ8RGL5zo0DA==")
      const simulator = yield* Effect.map(
        Layer.build(Simulator.layer({ applicationKey, applicationSecret }).pipe(Layer.provide(TestCrypto))),
        (context) => Context.get(context, Simulator.Simulator)
      )
      const post = (body: unknown) =>
        Effect.gen(function*() {
          const request = new Request("http://localhost/calling/v1/callouts", {
            method: "POST",
            headers: {
              "content-type": "application/json",
              "authorization": `Basic ${btoa(`${applicationKey}:${Redacted.value(applicationSecret)}`)}`
            },
            body: JSON.stringify(body)
          })
          const response = yield* simulator.httpApp.pipe(
            Effect.provideService(HttpServerRequest.HttpServerRequest, HttpServerRequest.fromWeb(request))
          )
          const text = yield* Effect.promise(() => HttpServerResponse.toWeb(response).text())
          return { status: response.status, text }
        })
      const neither = yield* post({ method: "ttsCallout", ttsCallout: { destination } })
      assert.strictEqual(neither.status, 400)
      assert.include(neither.text, "got neither")
      const lineBreak = yield* post({
        method: "conferenceCallout",
        conferenceCallout: { destination, conferenceId: "room\r\n" }
      })
      assert.strictEqual(lineBreak.status, 400)
      assert.include(lineBreak.text, "control characters")
      const noIce = yield* post({ method: "customCallout", customCallout: { destination } })
      assert.strictEqual(noIce.status, 400)
      assert.include(noIce.text, "needs ice")
      // and a body no callout needs is not read whole
      const huge = yield* post({ method: "ttsCallout", ttsCallout: { destination, prompts: "a".repeat(2_000_000) } })
      assert.strictEqual(huge.status, 413)
      const nested: unknown = JSON.parse(`${"[".repeat(3000)}${"]".repeat(3000)}`)
      const deep = yield* post({
        method: "ttsCallout",
        ttsCallout: { destination, text: nested }
      })
      assert.strictEqual(deep.status, 400)
      assert.isBelow(deep.text.length, 600)
    }).pipe(Effect.scoped))
})
