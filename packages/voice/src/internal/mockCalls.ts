import * as Documents from "@effect-sinch/svaml/Documents"
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import * as Calls from "../Calls.js"
import type * as VoiceTest from "../VoiceTest.js"
import * as internalCalls from "./calls.js"
import * as backend from "./mockBackend.js"

/** `GetCallResult` in wire form. */
const callInformation = (call: VoiceTest.CallRecord, now: DateTime.Utc) =>
  backend.compact({
    callId: call.callId,
    from: call.from,
    to: call.to,
    domain: call.domain,
    duration: backend.secondsBetween(call.startedAt, call.endedAt ?? now),
    status: call.status,
    result: call.result,
    reason: call.reason,
    timestamp: DateTime.formatIso(call.startedAt),
    custom: call.custom
  })

const handler = (mock: backend.Backend): backend.Handler => (request) =>
  Effect.gen(function*() {
    // The real preparation resolved the call id (also from a `callResourceUrl`).
    const callId = request.call.callId ?? backend.pathSegment(request.call.path, 5) ?? ""
    if (request.operation === "Calls.get") {
      return yield* mock.transition((state) => {
        const call = backend.knownCall(state, callId)
        return [
          call === undefined
            ? Either.left(backend.notFound(request, "Call not found"))
            : Either.right(callInformation(call, request.now)),
          state
        ]
      })
    }
    // `update` and `manageWithCallLeg`: the body and the leg passed the real validation.
    const svaml = yield* Effect.orDie(Schema.decodeUnknown(Documents.ManagedCallUpdate)(request.call.body))
    const legSegment = backend.pathSegment(request.call.path, 7)
    const leg = legSegment === undefined
      ? undefined
      : yield* Effect.orDie(Schema.decodeUnknown(Calls.CallLeg)(legSegment))
    return yield* mock.transition((state) => {
      const call = backend.knownCall(state, callId)
      if (call === undefined || call.status === "FINAL") {
        return [Either.left(backend.notFound(request, "Call not found")), state]
      }
      const updated = backend.addCall(state, {
        ...call,
        updates: [...call.updates, leg === undefined ? { svaml, at: request.now } : { leg, svaml, at: request.now }]
      })
      return [
        Either.right(undefined),
        svaml.action.name === "hangup"
          ? backend.endCall(updated, callId, request.now, { result: "ANSWERED", reason: "MANAGERHANGUP" })
          : updated
      ]
    })
  })

/** `Calls` on the shared in-memory backend, with `VoiceTest`. */
export const layer: Layer.Layer<Calls.Calls | VoiceTest.VoiceTest> = Layer.suspend(() =>
  Layer.effect(Calls.Calls, Effect.map(backend.MockBackend, (mock) => internalCalls.make(mock.client(handler(mock)))))
).pipe(Layer.merge(backend.voiceTest), Layer.provide(backend.layer))
