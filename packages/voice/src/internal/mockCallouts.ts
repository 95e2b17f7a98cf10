import * as Documents from "@effect-sinch/svaml/Documents"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import * as Callouts from "../Callouts.js"
import type * as VoiceTest from "../VoiceTest.js"
import * as internalCallouts from "./callouts.js"
import * as backend from "./mockBackend.js"

/**
 * The request as sent, decoded back into what the app passed (inline SVAML as documents). Built on
 * use: this module loads while `Callouts.ts` is still loading.
 */
const sentRequest = () =>
  Schema.Union(
    Schema.Struct({ method: Schema.Literal("ttsCallout"), ttsCallout: Callouts.TtsCallout }),
    Schema.Struct({ method: Schema.Literal("conferenceCallout"), conferenceCallout: Callouts.ConferenceCallout }),
    Schema.Struct({
      method: Schema.Literal("customCallout"),
      customCallout: Schema.Struct({
        ...Callouts.CustomCalloutWire.from.fields,
        ice: Schema.optional(Schema.Union(Callouts.CallbackUrl, Documents.IceResponseFromJson)),
        ace: Schema.optional(Schema.Union(Callouts.CallbackUrl, Documents.AceResponseFromJson)),
        pie: Schema.optional(Schema.Union(Callouts.CallbackUrl, Documents.PieResponseFromJson))
      })
    })
  )

const defaultDomain = (destination: Callouts.CalloutDestination | undefined): string | undefined =>
  destination?.type === "number" ? "pstn" : destination?.type === "username" ? "mxp" : undefined

const handler = (mock: backend.Backend): backend.Handler => (request) =>
  Effect.gen(function*() {
    // The body passed the real validation, so it always decodes.
    const body = yield* Effect.orDie(Schema.decodeUnknown(sentRequest())(request.call.body))
    const callbackHeaders = request.call.headers ?? {}
    return yield* mock.transition((state) => {
      const [callId, next] = backend.nextCallId(state)
      const base = { callId, callbackHeaders, placedAt: request.now }
      const placed: VoiceTest.PlacedCallout = body.method === "ttsCallout"
        ? { ...base, method: "tts", request: body.ttsCallout }
        : body.method === "conferenceCallout"
        ? { ...base, method: "conference", request: body.conferenceCallout }
        : { ...base, method: "custom", request: body.customCallout }
      const { request: sent } = placed
      const conferenceId = placed.method === "conference" ? placed.request.conferenceId : undefined
      const call: VoiceTest.CallRecord = {
        callId,
        origin: placed.method,
        from: sent.cli === undefined ? undefined : { type: "number", endpoint: sent.cli },
        to: sent.destination,
        domain: placed.method === "custom" ? defaultDomain(sent.destination) : placed.request.domain ??
          defaultDomain(sent.destination),
        custom: sent.custom,
        conferenceId,
        status: "ONGOING",
        startedAt: request.now,
        updates: []
      }
      const withCall = backend.addCall({ ...next, callouts: [...next.callouts, placed] }, call)
      const withParticipant = conferenceId === undefined ? withCall : backend.joinConference(withCall, conferenceId, {
        callId,
        cli: sent.destination?.endpoint,
        muted: false,
        onHold: false,
        joinedAt: request.now
      })
      return [Either.right({ callId }), withParticipant]
    })
  })

/** `Callouts` on the shared in-memory backend, with `VoiceTest`. */
export const layer: Layer.Layer<Callouts.Callouts | VoiceTest.VoiceTest> = Layer.suspend(() =>
  Layer.effect(
    Callouts.Callouts,
    Effect.map(backend.MockBackend, (mock) => internalCallouts.make(mock.client(handler(mock))))
  )
).pipe(Layer.merge(backend.voiceTest), Layer.provide(backend.layer))
