import * as Actions from "@effect-sinch/svaml/Actions"
import type * as Documents from "@effect-sinch/svaml/Documents"
import * as Instructions from "@effect-sinch/svaml/Instructions"
import * as SvamlError from "@effect-sinch/svaml/SvamlError"
import * as Events from "@effect-sinch/voice/Events"
import * as Webhooks from "@effect-sinch/voice/Webhooks"
import * as Headers from "@effect/platform/Headers"
import * as HttpRouter from "@effect/platform/HttpRouter"
import { describe, expect, it } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"
import * as Option from "effect/Option"
import * as Ref from "effect/Ref"
import * as TestClock from "effect/TestClock"
import type * as Tracer from "effect/Tracer"
import * as Tracing from "../utils/tracer.js"
import * as Fixtures from "./fixtures.js"
import { bodyJson, bodyText, call, nowMillis, signedRequest, VerifierLive } from "./utils.js"

const greet: Documents.IceResponse = {
  instructions: [Instructions.say("Welcome")],
  action: Actions.hangup()
}

// Builds the webhooks for a test, at the time the test requests are signed.
const webhooks = <E = never, R = never>(handlers: Webhooks.Handlers<E, R>, options?: Webhooks.Options) =>
  Effect.gen(function*() {
    yield* TestClock.setTime(nowMillis)
    return yield* Webhooks.make(handlers, options)
  }).pipe(Effect.provide(VerifierLive))

const send = (service: Webhooks.Service, options: Parameters<typeof signedRequest>[0]) =>
  Effect.flatMap(signedRequest(options), (request) => call(service.httpApp, request)).pipe(Effect.provide(VerifierLive))

describe("Webhooks", () => {
  it.effect("answers a signed ICE with the handler's SVAML as JSON", () =>
    Effect.gen(function*() {
      const seen = yield* Ref.make<Array<string>>([])
      const service = yield* webhooks({
        ice: (event) => Effect.as(Ref.update(seen, (ids) => [...ids, event.callid]), greet)
      })
      const response = yield* send(service, { body: Fixtures.iceJava })
      expect(response.status).toBe(200)
      expect(response.headers["content-type"] ?? (response.body._tag === "Uint8Array" && response.body.contentType))
        .toBe("application/json")
      expect(bodyJson(response)).toEqual({
        instructions: [{ name: "say", text: "Welcome" }],
        action: { name: "hangup" }
      })
      expect(yield* Ref.get(seen)).toEqual(["a call id"])
    }))

  it.effect("answers with the documented defaults when a handler is missing", () =>
    Effect.gen(function*() {
      const service = yield* webhooks({})
      expect(bodyJson(yield* send(service, { body: Fixtures.iceNode }))).toEqual({ action: { name: "hangup" } })
      expect(bodyJson(yield* send(service, { body: Fixtures.ace }))).toEqual({ action: { name: "continue" } })
      expect(bodyJson(yield* send(service, { body: Fixtures.pie }))).toEqual({ action: { name: "hangup" } })
      for (const body of [Fixtures.dice, Fixtures.notifyRecording, Fixtures.notifyCallingError]) {
        const response = yield* send(service, { body })
        expect(response.status).toBe(200)
        expect(bodyText(response)).toBe("")
      }
    }))

  it.effect("hands DiCE, Notify and PIE to their handlers", () =>
    Effect.gen(function*() {
      const seen = yield* Ref.make<Array<string>>([])
      const record = (entry: string) => Ref.update(seen, (entries) => [...entries, entry])
      const service = yield* webhooks({
        dice: (event) => record(`dice ${event.result}`),
        notify: (event) => record(`notify ${event.type}`),
        pie: (event) =>
          Effect.as(record(`pie ${event.menuResult.value}`), {
            action: Actions.connectConf("room-1")
          })
      })
      expect((yield* send(service, { body: Fixtures.dice })).status).toBe(200)
      expect((yield* send(service, { body: Fixtures.notifyCallingError })).status).toBe(200)
      expect(bodyJson(yield* send(service, { body: Fixtures.pie }))).toEqual({
        action: { name: "connectConf", conferenceId: "room-1" }
      })
      expect(yield* Ref.get(seen)).toEqual(["dice ANSWERED", "notify callingerror", "pie 1452"])
    }))

  it.effect("gives handlers the request headers and the signing key", () =>
    Effect.gen(function*() {
      const seen = yield* Ref.make<Option.Option<string>>(Option.none())
      const service = yield* webhooks({
        ice: (_, context) => Effect.as(Ref.set(seen, Headers.get(context.headers, "x-cb-order")), greet)
      })
      yield* send(service, { body: Fixtures.iceJava, headers: { "X-CB-Order": "42" } })
      expect(yield* Ref.get(seen)).toEqual(Option.some("42"))
    }))

  it.effect("refuses what is not a signed callback, without calling a handler", () =>
    Effect.gen(function*() {
      const calls = yield* Ref.make(0)
      const service = yield* webhooks({ ice: () => Effect.as(Ref.update(calls, (n) => n + 1), greet) })
      const status = (options: Parameters<typeof signedRequest>[0]) =>
        Effect.map(send(service, options), (r) => r.status)

      expect(yield* status({ body: Fixtures.iceJava, secret: "bmV3LXNlY3JldA==" })).toBe(401)
      expect(yield* status({ body: Fixtures.iceJava, key: "someone-else" })).toBe(401)
      expect(yield* status({ body: Fixtures.iceJava, timestamp: "2024-01-16T16:30:00Z" })).toBe(401)
      expect(yield* status({ body: Fixtures.iceJava, headers: { authorization: "" } })).toBe(401)
      // signed with one path, delivered on another
      expect(yield* status({ body: Fixtures.iceJava, url: "http://localhost/other" })).toBe(401)
      expect(yield* status({ body: "{not json" })).toBe(400)
      expect(yield* status({ body: "[1,2]" })).toBe(400)
      expect(yield* status({ body: `{"event":"bogus","callid":"c"}` })).toBe(400)
      expect(yield* status({ body: `{"event":"ice"}` })).toBe(400)
      expect(yield* status({ body: Fixtures.iceJava, contentType: "text/plain" })).toBe(415)
      expect(yield* status({ body: Fixtures.iceJava, method: "PUT" })).toBe(405)
      expect(yield* status({ body: "", method: "GET" })).toBe(405)
      expect(yield* Ref.get(calls)).toBe(0)

      // the event type is decoded case-insensitively, and JSON with a charset is JSON
      expect(yield* status({ body: Fixtures.iceJava.replace(`"ice"`, `"ICE"`) })).toBe(200)
      expect(yield* status({ body: Fixtures.iceJava, contentType: "application/json; charset=utf-8" })).toBe(200)
      expect(yield* Ref.get(calls)).toBe(2)
    }))

  it.effect("refuses bodies above the size limit, by declared length and by bytes read", () =>
    Effect.gen(function*() {
      const service = yield* webhooks({}, { maxBodyBytes: 1024 })
      const large = JSON.stringify({ event: "ice", callid: "c", custom: "x".repeat(2000) })
      expect((yield* send(service, { body: large })).status).toBe(413)
      // a content-length that lies about the size does not help
      expect((yield* send(service, { body: large, headers: { "content-length": "10" } })).status).toBe(413)
      // a declared length above the limit is refused before reading
      expect((yield* send(service, { body: Fixtures.iceJava, headers: { "content-length": "999999" } })).status)
        .toBe(413)
      expect((yield* send(service, { body: Fixtures.iceJava })).status).toBe(200)
    }))

  it.effect("answers with the fallback when a handler fails, dies, throws or returns invalid SVAML", () =>
    Effect.gen(function*() {
      const outcomes: Array<Webhooks.Outcome> = []
      const handlers: ReadonlyArray<Webhooks.Handlers<string>> = [
        { ice: () => Effect.fail("database down") },
        { ice: () => Effect.die(new Error("bug")) },
        {
          ice: () => {
            throw new Error("thrown outside the effect")
          }
        },
        { ice: () => Effect.interrupt },
        { ice: () => Effect.succeed({ action: Actions.connectConf("") }) },
        { ice: () => Effect.succeed({ instructions: [Instructions.say("x".repeat(700))], action: Actions.hangup() }) }
      ]
      for (const handler of handlers) {
        const service = yield* webhooks(handler)
        const response = yield* send(service, { body: Fixtures.iceJava })
        expect(response.status).toBe(200)
        expect(bodyJson(response)).toEqual({ action: { name: "hangup" } })
        const reply = yield* service.dispatch(Events.IceEvent.make({ callid: "c" }))
        outcomes.push(reply.outcome)
      }
      expect(outcomes).toEqual(["failed", "failed", "failed", "failed", "invalid-svaml", "invalid-svaml"])
    }))

  it.effect("uses a configured fallback document", () =>
    Effect.gen(function*() {
      const service = yield* webhooks({ ace: () => Effect.fail("nope") }, {
        fallback: { ace: { instructions: [Instructions.say("Sorry")], action: Actions.hangup() } }
      })
      expect(bodyJson(yield* send(service, { body: Fixtures.ace }))).toEqual({
        instructions: [{ name: "say", text: "Sorry" }],
        action: { name: "hangup" }
      })
    }))

  it.effect("answers with the fallback when a handler runs past its deadline", () =>
    Effect.gen(function*() {
      const service = yield* webhooks({ ice: () => Effect.as(Effect.sleep("10 seconds"), greet) }, {
        timeout: "2 seconds"
      })
      const fiber = yield* Effect.fork(send(service, { body: Fixtures.iceJava }))
      yield* TestClock.adjust("2 seconds")
      const response = yield* Fiber.join(fiber)
      expect(bodyJson(response)).toEqual({ action: { name: "hangup" } })

      // a handler that cannot be interrupted does not hold the answer back either
      const stubborn = yield* webhooks({ ice: () => Effect.uninterruptible(Effect.as(Effect.never, greet)) })
      const stubbornFiber = yield* Effect.fork(stubborn.dispatch(Events.IceEvent.make({ callid: "c" })))
      yield* TestClock.adjust(Webhooks.defaultTimeout)
      expect((yield* Fiber.join(stubbornFiber)).outcome).toBe("timed-out")
    }))

  it.effect("verifies the path the client requested when mounted under a prefix", () =>
    Effect.gen(function*() {
      const service = yield* webhooks({ ice: () => Effect.succeed(greet) })
      const router = HttpRouter.empty.pipe(
        HttpRouter.mountApp("/sinch", HttpRouter.empty.pipe(HttpRouter.post("/voice", service.httpApp)))
      )
      const request = yield* signedRequest({ body: Fixtures.iceJava, path: "/sinch/voice" }).pipe(
        Effect.provide(VerifierLive)
      )
      const response = yield* call(HttpRouter.toHttpApp(router).pipe(Effect.flatten), request)
      expect(response.status).toBe(200)
      expect(bodyJson(response)).toEqual({
        instructions: [{ name: "say", text: "Welcome" }],
        action: { name: "hangup" }
      })
    }))

  it.effect("dispatches decoded events without HTTP (for simulators)", () =>
    Effect.gen(function*() {
      const layer = Webhooks.layer({ ice: () => Effect.succeed(greet) }).pipe(Layer.provide(VerifierLive))
      const reply = yield* Webhooks.dispatch(Events.IceEvent.make({ callid: "call-1" })).pipe(Effect.provide(layer))
      expect(reply).toMatchObject({ event: "ice", callid: "call-1", outcome: "handled", svaml: greet })
      expect(JSON.parse("json" in reply ? reply.json : "null")).toEqual({
        instructions: [{ name: "say", text: "Welcome" }],
        action: { name: "hangup" }
      })
      const dice = yield* Webhooks.dispatch(Events.DiceEvent.make({ callid: "call-1" })).pipe(Effect.provide(layer))
      expect(dice).toEqual({ event: "dice", callid: "call-1", outcome: "default" })
    }))

  it.effect("runs each callback in a span named after its event, with call id and outcome", () =>
    Effect.gen(function*() {
      const spans: Array<Tracer.Span> = []
      const recording = Tracing.recording(yield* Effect.tracer, spans)
      const service = yield* webhooks({ pie: () => Effect.fail("boom") })
      yield* send(service, { body: Fixtures.pie }).pipe(Effect.withTracer(recording))
      const span = spans.find((span) => span.name === "sinch.voice.webhook.pie")
      expect(span?.attributes.get("sinch.voice.callid")).toBe("a call id")
      expect(span?.attributes.get("sinch.voice.event")).toBe("pie")
      expect(span?.attributes.get("sinch.voice.outcome")).toBe("failed")
    }))
})

// Compile-time checks: each handler must return the document its event allows.
export const _typeChecks: ReadonlyArray<Webhooks.Handlers<never, never>> = [
  // @ts-expect-error `continue` is not an ICE action
  { ice: () => Effect.succeed({ action: Actions.continueCall() }) },
  // @ts-expect-error `connectPstn` is not an ACE action
  { ace: () => Effect.succeed({ action: Actions.connectPstn("+46700000000") }) },
  // @ts-expect-error `park` is not a PIE action
  { pie: () => Effect.succeed({ action: Actions.park() }) },
  {
    ice: () => Effect.succeed({ action: Actions.park() }),
    ace: () => Effect.succeed({ action: Actions.continueCall() })
  }
]

describe("Webhooks and SVAML of the wrong context", () => {
  it.effect("an untyped handler's action that the event's context refuses is logged in one short line", () =>
    Effect.gen(function*() {
      const logged: Array<string> = []
      const logger = Logger.make(({ cause, message }) => {
        const failure = Option.getOrUndefined(Cause.failureOption(cause))
        logged.push(`${String(message)}: ${failure instanceof SvamlError.InvalidSvaml ? failure.message : ""}`)
      })
      // what a JavaScript handler (or a cast) can return: `continue` is not an ICE action
      const untyped: Webhooks.Handlers = Object.fromEntries([[
        "ice",
        () => Effect.succeed({ action: { name: "continue" } })
      ]])
      const service = yield* webhooks(untyped)
      const reply = yield* service.dispatch(Events.IceEvent.make({ callid: "c" })).pipe(
        Effect.provide(Logger.replace(Logger.defaultLogger, logger))
      )
      expect(reply.outcome).toBe("invalid-svaml")
      const line = logged.find((text) => text.includes("invalid SVAML")) ?? ""
      expect(line).toBe(
        "Sinch webhook handler returned invalid SVAML; answering with the fallback: action.name: context rule:" +
          " action `continue` is not allowed in ICE; allowed: hangup, connectPstn, connectMxp, connectConf, connectSip," +
          " connectStream, runMenu, park"
      )
    }))
})
