import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import * as Applications from "../Applications.js"
import * as VoiceTest from "../VoiceTest.js"
import * as internalApplications from "./applications.js"
import * as backend from "./mockBackend.js"

const notInProject = (request: backend.Request, number: string) =>
  backend.notFound(
    request,
    `Number ${number} is not a number of this project (add it with VoiceTest.seedNumbers)`
  )

const handler = (mock: backend.Backend): backend.Handler => (request) =>
  Effect.gen(function*() {
    const { body, path } = request.call
    switch (request.operation) {
      case "Applications.assignNumbers": {
        const assign = yield* Effect.orDie(Schema.decodeUnknown(Applications.AssignNumbersRequest)(body))
        return yield* mock.transition((state) => {
          const missing = assign.numbers.find((number) => !state.numbers.has(number))
          if (missing !== undefined) return [Either.left(notInProject(request, missing)), state]
          const numbers = assign.numbers.reduce(
            (all, number) =>
              backend.withEntry(all, number, {
                number,
                applicationkey: assign.applicationkey ?? VoiceTest.applicationKey,
                capability: assign.capability ?? "voice"
              }),
            state.numbers
          )
          return [Either.right(undefined), { ...state, numbers }]
        })
      }
      case "Applications.unassignNumber": {
        const unassign = yield* Effect.orDie(Schema.decodeUnknown(Applications.UnassignNumberRequest)(body))
        return yield* mock.transition((state) => {
          const current = state.numbers.get(unassign.number)
          if (current === undefined) return [Either.left(notInProject(request, unassign.number)), state]
          if (
            unassign.applicationkey !== undefined && current.applicationkey !== undefined &&
            unassign.applicationkey !== current.applicationkey
          ) {
            return [
              Either.left(
                backend.notFound(request, `Number ${unassign.number} is not assigned to ${unassign.applicationkey}`)
              ),
              state
            ]
          }
          return [
            Either.right(undefined),
            { ...state, numbers: backend.withEntry(state.numbers, unassign.number, { number: unassign.number }) }
          ]
        })
      }
      case "Applications.getCallbackUrls": {
        const applicationKey = backend.pathSegment(path, 5) ?? ""
        return yield* mock.transition((state) => [
          Either.right({ url: backend.compact({ ...state.callbackUrls.get(applicationKey) }) }),
          state
        ])
      }
      case "Applications.updateCallbackUrls": {
        const applicationKey = backend.pathSegment(path, 5) ?? ""
        const update = yield* Effect.orDie(Schema.decodeUnknown(Applications.UpdateCallbackUrlsRequest)(body))
        return yield* mock.transition((state) => [
          Either.right(undefined),
          { ...state, callbackUrls: backend.withEntry(state.callbackUrls, applicationKey, update.url) }
        ])
      }
      case "Applications.queryNumber": {
        const number = backend.pathSegment(path, 5) ?? ""
        return { number: { normalizedNumber: number, numberType: "Unknown", restricted: false } }
      }
      case "Applications.listNumbers":
        return yield* mock.transition((state) => [
          Either.right({ numbers: Array.from(state.numbers.values(), (number) => backend.compact({ ...number })) }),
          state
        ])
      default:
        return yield* Effect.dieMessage(`the Sinch Voice mock does not handle ${request.operation}`)
    }
  })

/** `Applications` on the shared in-memory backend, with `VoiceTest`. */
export const layer: Layer.Layer<Applications.Applications | VoiceTest.VoiceTest> = Layer.suspend(() =>
  Layer.effect(
    Applications.Applications,
    Effect.map(backend.MockBackend, (mock) => internalApplications.make(mock.client(handler(mock))))
  )
).pipe(Layer.merge(backend.voiceTest), Layer.provide(backend.layer))
