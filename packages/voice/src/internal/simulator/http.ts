/**
 * The simulator's REST API as an `HttpApp` (both Sinch hosts on one origin): checks the request's
 * authentication like Sinch (application signature over method, Content-MD5, content type,
 * `x-timestamp` and path, with a freshness window; or Basic), reads the JSON body, and answers from
 * `rest.ts`.
 */
import * as Headers from "@effect/platform/Headers"
import type * as HttpApp from "@effect/platform/HttpApp"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import type * as WebhookError from "../../WebhookError.js"
import type * as WebhookVerifier from "../../WebhookVerifier.js"
import { readBody, requestPath } from "../webhookHttp.js"
import type * as Model from "./model.js"
import * as Rest from "./rest.js"

const refusal = (error: WebhookError.VerificationError): Rest.Response => {
  switch (error._tag) {
    case "MissingAuthorization":
    case "MalformedAuthorization":
      return Rest.error(401, 40100, "Authorization Header")
    case "MalformedTimestamp":
    case "StaleTimestamp":
      return Rest.error(401, 40101, "Timestamp Header")
    case "UnsupportedScheme":
      return Rest.error(403, 40301, "Invalid authorization scheme for calling the method")
    default:
      return Rest.error(401, 40102, "Invalid Signature")
  }
}

const respond = (response: Rest.Response): HttpServerResponse.HttpServerResponse =>
  response.body === undefined
    ? HttpServerResponse.empty({ status: response.status })
    : HttpServerResponse.text(JSON.stringify(response.body), {
      status: response.status,
      contentType: "application/json"
    })

const utf8 = new TextDecoder("utf-8", { fatal: true })

/** The largest request body read (a callout with inline SVAML is a few KiB); larger ones get 413. */
const maxRequestBytes = 1024 * 1024

const callbackHeaders = (headers: Headers.Headers): Record<string, string> => {
  const forwarded: Record<string, string> = {}
  for (const [key, value] of Object.entries(headers)) {
    if (/^x-cb-/i.test(key)) forwarded[key.toLowerCase()] = value
  }
  return forwarded
}

export const make = (engine: Model.Engine, verifier: WebhookVerifier.Service): HttpApp.Default =>
  Effect.gen(function*() {
    const request = yield* HttpServerRequest.HttpServerRequest
    const path = requestPath(request.url)
    const read = yield* Effect.either(readBody(request, maxRequestBytes))
    if (Either.isLeft(read)) {
      return respond(
        read.left._tag === "PayloadTooLarge"
          ? Rest.error(413, 41300, `Request body larger than ${maxRequestBytes} bytes`)
          : Rest.error(400, 40002, "Bad request: the body could not be read")
      )
    }
    const body = read.right
    const verified = yield* Effect.either(
      verifier.verify({ method: request.method, path, headers: request.headers, body })
    )
    if (Either.isLeft(verified)) return respond(refusal(verified.left))
    let json: unknown = undefined
    if (body.length > 0) {
      const contentType = Option.getOrElse(Headers.get(request.headers, "content-type"), () => "")
      if (contentType.split(";")[0]?.trim().toLowerCase() !== "application/json") {
        return respond(Rest.error(415, 41500, "Content-Type must be application/json"))
      }
      const parsed = Either.try((): unknown => JSON.parse(utf8.decode(body)))
      if (Either.isLeft(parsed)) return respond(Rest.error(400, 40001, "Invalid parameters: the body is not JSON"))
      json = parsed.right
    }
    return respond(
      yield* Rest.handle(engine, {
        method: request.method,
        path,
        body: json,
        callbackHeaders: callbackHeaders(request.headers),
        applicationKey: verified.right.applicationKey
      })
    )
  })
