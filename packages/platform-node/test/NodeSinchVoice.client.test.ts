/**
 * What a server sees of the client over real HTTP on loopback, on both Node transports
 * (`NodeSinchVoice.layer` on undici directly, and `SinchVoice.layer` on `@effect/platform`'s
 * `HttpClient`): the `User-Agent`, a 503's `Retry-After`, and the spans each transport records.
 */
import { NodeCrypto, NodeSinchVoice } from "@effect-sinch/platform-node"
import { Calls, Retry, SinchVoice } from "@effect-sinch/voice"
import { assert, describe, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as TestClock from "effect/TestClock"
import * as Tracer from "effect/Tracer"
import { readFileSync } from "node:fs"
import { createServer, type IncomingHttpHeaders } from "node:http"

const applicationKey = "669E367E-6BBA-48AB-AF15-266871C28135"
const applicationSecret = "BeIukql3pTKJ8RGL5zo0DA=="
const voiceManifest: unknown = JSON.parse(
  readFileSync(new URL("../../voice/package.json", import.meta.url), "utf8")
)
const voiceVersion = typeof voiceManifest === "object" && voiceManifest !== null && "version" in voiceManifest
  ? String(voiceManifest.version)
  : "unknown"

const callInformation = JSON.stringify({
  from: { type: "Number", endpoint: "+46700000001" },
  to: { type: "Number", endpoint: "+46700000002" },
  domain: "pstn",
  callId: "c1",
  duration: 1,
  status: "ONGOING",
  result: "N/A",
  reason: "N/A",
  timestamp: "2024-01-08T09:48:12",
  custom: "{}"
})

interface Answer {
  readonly status: number
  readonly headers?: Readonly<Record<string, string>>
  readonly body?: string
}

/** A server on 127.0.0.1 answering the n-th request (from 1) with `answer(n)`; closed with the test. */
const listen = (answer: (attempt: number) => Answer) =>
  Effect.acquireRelease(
    Effect.async<{
      readonly baseUrl: string
      readonly received: Array<IncomingHttpHeaders>
      readonly close: () => void
    }>((resume) => {
      const received: Array<IncomingHttpHeaders> = []
      const server = createServer((request, response) => {
        request.resume()
        received.push(request.headers)
        const { body = callInformation, headers = {}, status } = answer(received.length)
        response.writeHead(status, { "content-type": "application/json", ...headers }).end(body)
      })
      server.listen(0, "127.0.0.1", () => {
        const address = server.address()
        const port = typeof address === "object" && address !== null ? address.port : 0
        resume(Effect.succeed({
          baseUrl: `http://127.0.0.1:${port}`,
          received,
          close: () => {
            server.closeAllConnections()
            server.close()
          }
        }))
      })
    }),
    (server) => Effect.sync(server.close)
  )

const options = (baseUrl: string) => ({
  applicationKey,
  applicationSecret: Redacted.make(applicationSecret),
  callingBaseUrl: baseUrl,
  retry: Retry.exponential({ base: "10 millis" })
})

const transports = {
  undici: (baseUrl: string) => NodeSinchVoice.layer(options(baseUrl)),
  HttpClient: (baseUrl: string) =>
    SinchVoice.layer(options(baseUrl)).pipe(
      Layer.provide(Layer.merge(NodeSinchVoice.layerHttpClient({}), NodeCrypto.layer))
    )
}

const getCall = Effect.flatMap(Calls.Calls, (calls) => calls.get("c1"))

/** Waits, in real time (bounded), until `condition` holds: the client works on real I/O. */
const eventually = (condition: Effect.Effect<boolean>, what: string) =>
  Effect.gen(function*() {
    for (let waited = 0; waited < 5_000; waited += 5) {
      if (yield* condition) return
      yield* Effect.promise(() => new Promise((resolve) => setTimeout(resolve, 5)))
    }
    assert.fail(`timed out waiting until ${what}`)
  })

/** Spans opened while running `effect`, on a tracer that records them. */
const traced = <A, E>(effect: Effect.Effect<A, E>) =>
  Effect.gen(function*() {
    const spans: Array<Tracer.Span> = []
    const tracer = yield* Effect.tracer
    const recording = Tracer.make({
      span: (...args) => {
        const span = tracer.span(...args)
        spans.push(span)
        return span
      },
      context: tracer.context
    })
    yield* Effect.withTracer(effect, recording)
    return spans
  })

describe("the client over loopback", () => {
  for (const [name, transport] of Object.entries(transports)) {
    it.scopedLive(`${name}: the server sees User-Agent effect-sinch/<version of @effect-sinch/voice>`, () =>
      Effect.gen(function*() {
        const server = yield* listen(() => ({ status: 200 }))
        yield* Effect.provide(getCall, transport(server.baseUrl))
        assert.strictEqual(server.received[0]?.["user-agent"], `effect-sinch/${voiceVersion}`)
      }))

    it.scoped(`${name}: a GET answered 503 with Retry-After: 2 is retried 2 seconds later, not sooner`, () =>
      Effect.gen(function*() {
        const server = yield* listen((attempt) =>
          attempt === 1 ? { status: 503, headers: { "retry-after": "2" }, body: "" } : { status: 200 }
        )
        const fiber = yield* Effect.fork(Effect.provide(getCall, transport(server.baseUrl)))
        // the answer comes back in real time; then the retry waits on the TestClock
        yield* eventually(
          Effect.map(TestClock.sleeps(), Chunk.some((deadline) => deadline === 2_000)),
          "the retry waits for the Retry-After"
        )
        yield* TestClock.adjust("1999 millis")
        assert.strictEqual(server.received.length, 1)
        yield* TestClock.adjust("1 millis")
        const call = yield* Fiber.join(fiber)
        assert.strictEqual(call.callId, "c1")
        assert.strictEqual(server.received.length, 2)
      }))
  }

  it.scopedLive("undici: the operation's span is the only one; it carries the exchange, no headers", () =>
    Effect.gen(function*() {
      const server = yield* listen(() => ({ status: 200 }))
      const spans = yield* traced(Effect.provide(getCall, transports.undici(server.baseUrl)))
      assert.deepStrictEqual(spans.map((span) => span.name), ["sinch.voice.calls.get"])
      assert.strictEqual(spans[0]!.status._tag, "Ended")
      const attributes = spans[0]!.attributes
      assert.strictEqual(attributes.get("http.response.status_code"), 200)
      assert.strictEqual(attributes.get("http.request.method"), "GET")
      for (const key of attributes.keys()) assert.notMatch(key, /header/)
    }))

  it.scopedLive("HttpClient: an http.client child span records request headers, Authorization redacted", () =>
    Effect.gen(function*() {
      const server = yield* listen(() => ({ status: 200 }))
      const spans = yield* traced(Effect.provide(getCall, transports.HttpClient(server.baseUrl)))
      const operation = spans.find((span) => span.name === "sinch.voice.calls.get")
      const child = spans.find((span) => span.name === "http.client GET")
      assert.isDefined(operation)
      assert.isDefined(child)
      assert.isTrue(child!.parent._tag === "Some" && child!.parent.value.spanId === operation!.spanId)
      assert.strictEqual(child!.attributes.get("http.request.header.user-agent"), `effect-sinch/${voiceVersion}`)
      const sent = server.received[0]?.authorization ?? ""
      assert.match(sent, /^Application /)
      const recorded = String(child!.attributes.get("http.request.header.authorization"))
      assert.notInclude(recorded, sent.slice("Application ".length))
    }))
})
