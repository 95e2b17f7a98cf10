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
import * as NodeCrypto from "node:crypto"
import * as Http from "node:http"
import * as Shared from "../shared.js"
import * as Events from "./events.js"
import type * as Types from "./types.js"

const maxClockSkewMillis = 10 * 60 * 1000

const isVerified = (headers: Readonly<Record<string, string | undefined>>, path: string, body: Buffer): boolean => {
  const authorization = headers.authorization
  const timestamp = headers["x-timestamp"]
  if (authorization === undefined || timestamp === undefined) return false
  const time = Date.parse(timestamp)
  if (Number.isNaN(time) || Math.abs(Date.now() - time) > maxClockSkewMillis) return false
  const space = authorization.indexOf(" ")
  const colon = authorization.lastIndexOf(":")
  if (space < 0 || colon < space || authorization.slice(0, space).toLowerCase() !== "application") return false
  if (authorization.slice(space + 1, colon) !== Shared.applicationKey) return false
  const expected = Buffer.from(
    Shared.signWithNodeCrypto("POST", headers["content-type"] ?? "", timestamp, path, body)
  )
  const given = Buffer.from(authorization.slice(colon + 1))
  return given.length === expected.length && NodeCrypto.timingSafeEqual(given, expected)
}

const field = (value: unknown, key: string): unknown =>
  typeof value === "object" && value !== null && key in value ? Reflect.get(value, key) : undefined

const answer = (event: unknown): unknown => {
  switch (field(event, "event")) {
    case "ice":
      return Events.iceAnswer(String(field(event, "cli") ?? "private"))
    case "ace":
      return Events.aceAnswer()
    case "pie":
      return Events.pieAnswer(String(field(field(event, "menuResult"), "value") ?? ""))
    default:
      return undefined
  }
}

const make = (traced: boolean): Types.MakeWebhookServer => async (path) => {
  const handler = Effect.gen(function*() {
    const request = yield* HttpServerRequest.HttpServerRequest
    const body = Buffer.from(yield* request.arrayBuffer)
    if (!isVerified(request.headers, path, body)) return HttpServerResponse.empty({ status: 401 })
    const svaml = answer(JSON.parse(body.toString("utf8")))
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
