import { NodeSinchVoice } from "@effect-sinch/platform-node"
import { Callouts, Calls, Retry } from "@effect-sinch/voice"
import * as HttpClient from "@effect/platform/HttpClient"
import { assert, describe, it } from "@effect/vitest"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Redacted from "effect/Redacted"
import { createServer, type IncomingMessage, type ServerResponse } from "node:http"

const applicationKey = "669E367E-6BBA-48AB-AF15-266871C28135"
const applicationSecret = "BeIukql3pTKJ8RGL5zo0DA=="
const destination = { type: "number", endpoint: "+46700000001" } as const

/** A node:http server on 127.0.0.1 answering with `handler`, closed with the test's scope. */
const listen = (handler: (request: IncomingMessage, response: ServerResponse) => void) =>
  Effect.acquireRelease(
    Effect.async<{ readonly baseUrl: string; readonly close: () => void }>((resume) => {
      const server = createServer(handler)
      server.listen(0, "127.0.0.1", () => {
        const address = server.address()
        const port = typeof address === "object" && address !== null ? address.port : 0
        resume(Effect.succeed({
          baseUrl: `http://127.0.0.1:${port}`,
          close: () => {
            server.closeAllConnections()
            server.close()
          }
        }))
      })
    }),
    (server) => Effect.sync(server.close)
  )

const layer = (baseUrl: string) =>
  NodeSinchVoice.layer({ applicationKey, applicationSecret: Redacted.make(applicationSecret), callingBaseUrl: baseUrl })

describe("NodeSinchVoice transport", () => {
  it.scopedLive("reads an answer of declared length and a chunked answer alike", () =>
    Effect.gen(function*() {
      const body = JSON.stringify({ callId: "c-ü-1" })
      const { baseUrl } = yield* listen((request, response) => {
        request.resume()
        if (request.url === "/calling/v1/callouts") {
          response.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) })
          response.end(body)
        } else {
          // no content-length: read as a stream
          response.writeHead(200, { "content-type": "application/json" })
          response.write("{\"callId\":\"c-ü-2\",")
          response.end("\"status\":\"ONGOING\"}")
        }
      })
      yield* Effect.gen(function*() {
        const callouts = yield* Callouts.Callouts
        const calls = yield* Calls.Calls
        const placed = yield* callouts.tts({ destination, text: "Hi" })
        assert.strictEqual(placed.callId, "c-ü-1")
        const call = yield* calls.get("c-ü-2")
        assert.strictEqual(call.callId, "c-ü-2")
      }).pipe(Effect.provide(layer(baseUrl)))
    }))

  it.scopedLive("interrupting a request in flight ends it at once and closes its connection", () =>
    Effect.gen(function*() {
      const received = yield* Deferred.make<void>()
      const closed = yield* Deferred.make<void>()
      const { baseUrl } = yield* listen((request) => {
        request.resume()
        // never answers; tells the test when the client gives up on the exchange
        request.socket.on("close", () => Deferred.unsafeDone(closed, Exit.void))
        Deferred.unsafeDone(received, Exit.void)
      })
      yield* Effect.gen(function*() {
        const calls = yield* Calls.Calls
        const fiber = yield* Effect.fork(calls.get("c1").pipe(Retry.withPolicy(Retry.none)))
        yield* Deferred.await(received)
        const exit = yield* Fiber.interrupt(fiber)
        assert.isTrue(Exit.isInterrupted(exit))
        yield* Deferred.await(closed)
      }).pipe(Effect.provide(layer(baseUrl)))
    }))

  it.scopedLive("sends the trace context of the operation's span, unless propagation is turned off", () =>
    Effect.gen(function*() {
      const headers: Array<IncomingMessage["headers"]> = []
      const { baseUrl } = yield* listen((request, response) => {
        request.resume()
        headers.push(request.headers)
        response.writeHead(200, { "content-type": "application/json" })
        response.end(JSON.stringify({ callId: "c1" }))
      })
      yield* Effect.gen(function*() {
        const calls = yield* Calls.Calls
        const traceId = yield* Effect.map(Effect.currentSpan, (span) => span.traceId).pipe(
          Effect.zipLeft(calls.get("c1")),
          Effect.withSpan("app.request")
        )
        yield* calls.get("c1").pipe(Effect.locally(HttpClient.currentTracerPropagation, false))
        assert.match(String(headers[0]?.["traceparent"]), new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`))
        assert.match(String(headers[0]?.["b3"]), new RegExp(`^${traceId}-[0-9a-f]{16}-1-[0-9a-f]{16}$`))
        assert.isUndefined(headers[1]?.["traceparent"])
        assert.isUndefined(headers[1]?.["b3"])
      }).pipe(Effect.provide(layer(baseUrl)))
    }))
})
