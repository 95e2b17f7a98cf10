/**
 * Diagnostic (`--breakdown`): the floor's work — node:crypto verification, `JSON.parse`, the same
 * answers with `JSON.stringify` — served by `@effect/platform` (`NodeHttpServer` + `HttpRouter`)
 * instead of a bare `node:http` handler: the cost of the HTTP framework alone. The `Untraced`
 * variant turns off the per-request span of `@effect/platform`'s server.
 */
import * as NodeHttpServer from "@effect/platform-node/NodeHttpServer"
import * as HttpMiddleware from "@effect/platform/HttpMiddleware"
import * as HttpRouter from "@effect/platform/HttpRouter"
import * as HttpServer from "@effect/platform/HttpServer"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Http from "node:http"
import * as FloorWork from "./floorWork.js"
import type * as Types from "./types.js"

const make = (traced: boolean): Types.MakeWebhookServer => async (path) => {
  const handler = Effect.gen(function*() {
    const request = yield* HttpServerRequest.HttpServerRequest
    const body = Buffer.from(yield* request.arrayBuffer)
    if (!FloorWork.isVerified(request.headers, path, body)) return HttpServerResponse.empty({ status: 401 })
    const svaml = FloorWork.answer(JSON.parse(body.toString("utf8")))
    return svaml === undefined
      ? HttpServerResponse.empty({ status: 200 })
      : HttpServerResponse.text(JSON.stringify(svaml), { contentType: "application/json" })
  }).pipe(Effect.catchAll(() => Effect.succeed(HttpServerResponse.empty({ status: 400 }))))
  const server = HttpServer.serve(HttpRouter.empty.pipe(HttpRouter.post(path, handler))).pipe(
    Layer.provideMerge(NodeHttpServer.layer(() => Http.createServer(), { port: 0, host: "127.0.0.1" }))
  )
  const runtime = ManagedRuntime.make(traced ? server : HttpMiddleware.withTracerDisabledWhen(server, () => true))
  const address = await runtime.runPromise(HttpServer.addressWith(Effect.succeed))
  if (address._tag !== "TcpAddress") throw new Error("the server is not on TCP")
  return { port: address.port, close: () => runtime.dispose() }
}

export const makeTraced = make(true)
export const makeUntraced = make(false)
