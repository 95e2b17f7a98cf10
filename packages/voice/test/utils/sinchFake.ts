/**
 * A loopback HTTP fake of the Sinch Voice API, written from the reference: the 14 routes on one
 * server (127.0.0.1, ephemeral port; the configuration host is the same server under the `/cfg`
 * prefix, so tests can tell the two hosts apart), each checking the authorization (application signature
 * recomputed with node:crypto, or Basic) and answering like Sinch. Every request is recorded
 * (method, raw path, headers, raw body); a test can queue the next responses.
 */
import * as NodeHttpServer from "@effect/platform-node/NodeHttpServer"
import * as HttpServer from "@effect/platform/HttpServer"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Ref from "effect/Ref"
import * as NodeCrypto from "node:crypto"
import { createServer } from "node:http"

export const applicationKey = "669E367E-6BBA-48AB-AF15-266871C28135"
export const applicationSecret = "BeIukql3pTKJ8RGL5zo0DA=="

export interface RecordedRequest {
  readonly method: string
  /** The raw request target as received (path and query, not decoded). */
  readonly url: string
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
  /** Whether the fake accepted the Authorization header. */
  readonly authorized: boolean
}

export interface FakeResponse {
  readonly status: number
  readonly body?: string | undefined
  readonly headers?: Readonly<Record<string, string>> | undefined
}

export class SinchFake extends Context.Tag("test/SinchFake")<SinchFake, {
  readonly baseUrl: string
  readonly requests: Effect.Effect<ReadonlyArray<RecordedRequest>>
  /** Answers the next requests with these responses, in order, instead of the documented ones. */
  readonly respondWith: (...responses: ReadonlyArray<FakeResponse>) => Effect.Effect<void>
}>() {}

/** The application signature of a request, computed independently of the client (node:crypto). */
export const expectedSignature = (options: {
  readonly method: string
  readonly contentType: string
  readonly timestamp: string
  readonly path: string
  readonly body: string
  readonly secret?: string
}): string => {
  const md5 = options.body.length === 0
    ? ""
    : NodeCrypto.createHash("md5").update(Buffer.from(options.body, "utf8")).digest("base64")
  const stringToSign =
    `${options.method}\n${md5}\n${options.contentType}\nx-timestamp:${options.timestamp}\n${options.path}`
  return NodeCrypto.createHmac("sha256", Buffer.from(options.secret ?? applicationSecret, "base64"))
    .update(stringToSign, "utf8").digest("base64")
}

const isAuthorized = (method: string, url: string, headers: Readonly<Record<string, string>>, body: string) => {
  const authorization = headers["authorization"] ?? ""
  if (authorization.startsWith("Basic ")) {
    return Buffer.from(authorization.slice(6), "base64").toString("utf8") === `${applicationKey}:${applicationSecret}`
  }
  const match = /^Application ([^:]+):(.+)$/.exec(authorization)
  if (match === null || match[1] !== applicationKey) return false
  const path = url.split("?")[0]!
  return match[2] === expectedSignature({
    method,
    contentType: headers["content-type"] ?? "",
    timestamp: headers["x-timestamp"] ?? "",
    path,
    body
  })
}

export const callInformation = {
  from: { type: "Username", endpoint: "user name endpoint validation" },
  to: { type: "Number", endpoint: "+33123456789" },
  domain: "pstn",
  callId: "a call UUID",
  duration: 138,
  status: "FINAL",
  result: "ANSWERED",
  reason: "CALLEEHANGUP",
  timestamp: "2024-01-08T09:48:12",
  custom: "{}",
  userRate: { currencyId: "EUR", amount: 0.1758 },
  debit: { currencyId: "EUR", amount: 0.5274 }
}

const json = (status: number, body: unknown): FakeResponse => ({
  status,
  body: JSON.stringify(body),
  headers: { "content-type": "application/json" }
})

const noContent: FakeResponse = { status: 204 }

const notFound = (message: string) =>
  json(404, {
    status: "404 Not Found",
    errorCode: 40400,
    message,
    reference: "38188074-abcd-56ab-ab64-daf82fada8e8"
  })

/** The documented answer of each route. */
const route = (method: string, path: string): FakeResponse => {
  const segments = path.split("/").slice(1)
  const at = (pattern: string) => {
    const parts = pattern.split("/").slice(1)
    return parts.length === segments.length && parts.every((part, i) => part.startsWith(":") || part === segments[i])
  }
  if (method === "POST" && at("/calling/v1/callouts")) {
    return json(200, { callId: "adf92089-df2a-4f14-a377-1e975f588fe4" })
  }
  if (at("/calling/v1/calls/id/:callId")) {
    if (method === "GET") return json(200, { ...callInformation, callId: decodeURIComponent(segments[4]!) })
    if (method === "PATCH") return noContent
  }
  if (method === "PATCH" && at("/calling/v1/calls/id/:callId/leg/:leg")) return noContent
  if (at("/calling/v1/conferences/id/:conferenceId")) {
    if (method === "GET") {
      return json(200, {
        participants: [{ cli: "+46708168731", id: "abcABC123", duration: 14, muted: false, onhold: true }]
      })
    }
    if (method === "DELETE") return noContent
  }
  if (at("/calling/v1/conferences/id/:conferenceId/:callId") && (method === "DELETE" || method === "PATCH")) {
    return noContent
  }
  if (at("/v1/configuration/numbers")) {
    if (method === "GET") {
      return json(200, {
        numbers: [
          { number: "+123456789", applicationkey: "an application key", capability: "voice" },
          { number: "+134567890", capability: "sms" }
        ]
      })
    }
    if (method === "POST" || method === "DELETE") return noContent
  }
  if (at("/v1/configuration/callbacks/applications/:applicationkey")) {
    if (method === "GET") {
      return json(200, { url: { primary: "https://foo.com", fallback: "https://fallback.foo.com" } })
    }
    if (method === "POST") return noContent
  }
  if (method === "GET" && at("/v1/calling/query/number/:number")) {
    return json(200, {
      number: {
        countryId: "FR",
        numberType: "Mobile",
        normalizedNumber: "+331234567489",
        restricted: true,
        rate: { currencyId: "USD", amount: 0.185 }
      }
    })
  }
  return notFound("Resource not found")
}

/** The fake on 127.0.0.1 with an ephemeral port, stopped when the layer's scope closes. */
export const layer: Layer.Layer<SinchFake, unknown> = Layer.scoped(
  SinchFake,
  Effect.gen(function*() {
    const recorded = yield* Ref.make<ReadonlyArray<RecordedRequest>>([])
    const queued = yield* Ref.make<ReadonlyArray<FakeResponse>>([])
    const app = Effect.gen(function*() {
      const request = yield* HttpServerRequest.HttpServerRequest
      const body = yield* Effect.orElseSucceed(request.text, () => "")
      const headers: Record<string, string> = { ...request.headers }
      const authorized = isAuthorized(request.method, request.url, headers, body)
      yield* Ref.update(
        recorded,
        (all) => [...all, { method: request.method, url: request.url, headers, body, authorized }]
      )
      const next = yield* Ref.modify(queued, (all) => [all[0], all.slice(1)])
      const response = next ?? (authorized
        ? route(request.method, request.url.split("?")[0]!.replace(/^\/cfg(?=\/)/, ""))
        : json(401, { errorCode: 40102, message: "Invalid Signature" }))
      return HttpServerResponse.text(response.body ?? "", {
        status: response.status,
        headers: response.headers ?? {},
        contentType: response.headers?.["content-type"] ?? "application/json"
      })
    })
    yield* HttpServer.serveEffect(app)
    const address = yield* HttpServer.addressWith((address) =>
      Effect.succeed(address._tag === "TcpAddress" ? `http://127.0.0.1:${address.port}` : "")
    )
    return {
      baseUrl: address,
      requests: Ref.get(recorded),
      respondWith: (...responses) => Ref.update(queued, (all) => [...all, ...responses])
    }
  })
).pipe(Layer.provide(NodeHttpServer.layer(() => createServer(), { port: 0, host: "127.0.0.1" })))
