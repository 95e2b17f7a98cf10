/**
 * The 14 REST operations of the Voice API on the simulator's state, answered as Sinch answers them:
 * the documented paths, bodies decoded with the same schemas the client encodes with, and Sinch's
 * error bodies (`status`, `errorCode`, `message`, `reference`). Authentication is checked before
 * (`http.ts`); the in-process services call this directly.
 */
import * as Fields from "@effect-sinch/svaml/Fields"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import type * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as Applications from "../../Applications.js"
import * as Callouts from "../../Callouts.js"
import * as Calls from "../../Calls.js"
import * as Conferences from "../../Conferences.js"
import * as ParseIssue from "../parseIssue.js"
import * as CallsState from "./calls.js"
import * as Conference from "./conference.js"
import * as Model from "./model.js"
import * as Replies from "./replies.js"
import * as Wait from "./wait.js"

export interface Request {
  readonly method: string
  /** The path as sent (percent-encoded), without the query. */
  readonly path: string
  /** The parsed JSON body, if any. */
  readonly body: unknown
  /** `X-CB-*` headers (lower-case names) to forward to the call's callbacks. */
  readonly callbackHeaders: Readonly<Record<string, string>>
  /** The application key that authenticated the request. */
  readonly applicationKey: string
}

export interface Response {
  readonly status: number
  readonly body?: unknown
}

const statusTexts: Record<number, string> = {
  400: "400 ParameterValidation",
  401: "401 Unauthorized",
  403: "403 Forbidden",
  404: "404 Not Found",
  405: "405 Method Not Allowed",
  413: "413 Payload Too Large",
  415: "415 Unsupported Media Type"
}

let references = 0

/** A Sinch error body. */
export const error = (status: number, errorCode: number, message: string): Response => {
  references += 1
  return {
    status,
    body: {
      status: statusTexts[status] ?? String(status),
      errorCode,
      message,
      reference: `5e0e0000-0000-4000-8000-${references.toString(16).padStart(12, "0")}`
    }
  }
}

const ok = (body: unknown): Response => ({ status: 200, body })
const noContent: Response = { status: 204 }

const describe = (error: ParseResult.ParseError): string => ParseIssue.describe(error, "body")

const decodeBody = <A, I>(schema: Schema.Schema<A, I>, body: unknown): Either.Either<A, Response> =>
  body === undefined
    ? Either.left(error(400, 40002, "Bad request: missing body"))
    : Either.mapLeft(
      Schema.decodeUnknownEither(schema)(body, { onExcessProperty: "ignore" }),
      (cause) => error(400, 40001, `Invalid parameters: ${describe(cause)}`)
    )

const segments = (path: string): Array<string> | undefined => {
  try {
    return path.split("/").slice(1).map((segment) => decodeURIComponent(segment))
  } catch {
    return undefined
  }
}

const callNotFound = () => error(404, 40400, "Call not found")
const conferenceNotFound = () => error(404, 40400, "Conference not found")

const calloutMethods = ["ttsCallout", "conferenceCallout", "customCallout"]

/** A custom callout's `ice` / `ace` / `pie`: inline SVAML (checked for its context) or a callback URL. */
const control = (
  context: "ice" | "ace" | "pie",
  value: string | undefined
): Effect.Effect<Model.Route, Response> => {
  if (value === undefined) return Effect.succeed(context === "ace" ? { _tag: "None" } : { _tag: "App" })
  if (value.trim().startsWith("{")) {
    return Replies.parse(context, value).pipe(
      Effect.map((): Model.Route => ({ _tag: "Inline", json: value })),
      Effect.mapError((reason) => error(400, 40001, `Invalid parameters: ${context}: ${reason}`))
    )
  }
  return Either.isRight(Schema.decodeUnknownEither(Callouts.CallbackUrl)(value))
    ? Effect.succeed({ _tag: "Url", url: value })
    : Effect.fail(error(400, 40001, `Invalid parameters: ${context}: expected inline SVAML or an http(s) URL`))
}

const callout = (engine: Model.Engine, request: Request): Effect.Effect<Response, Response> =>
  Effect.gen(function*() {
    const body = request.body
    const method = typeof body === "object" && body !== null && "method" in body ? body.method : undefined
    if (typeof method !== "string" || !calloutMethods.includes(method)) {
      return yield* Effect.fail(
        error(400, 40001, "Method needs to be `ttsCallout`, `conferenceCallout`, or `customCallout`")
      )
    }
    const decoded = yield* decodeBody(Callouts.CalloutRequest, body)
    const headers = request.callbackHeaders
    switch (decoded.method) {
      case "ttsCallout":
        return ok({ callId: yield* CallsState.tts(engine, decoded.ttsCallout, headers) })
      case "conferenceCallout":
        return ok({ callId: yield* CallsState.conference(engine, decoded.conferenceCallout, headers) })
      case "customCallout": {
        const custom = decoded.customCallout
        const [ice, ace, pie] = yield* Effect.all([
          control("ice", custom.ice),
          control("ace", custom.ace),
          control("pie", custom.pie)
        ])
        const callId = yield* CallsState.custom(engine, {
          cli: custom.cli,
          destination: custom.destination,
          dtmf: custom.dtmf,
          custom: custom.custom,
          maxDuration: custom.maxDuration,
          ice,
          ace,
          pie
        }, headers)
        return ok({ callId })
      }
    }
  })

const callInformation = (engine: Model.Engine, call: Model.CallRecord, now: number) => {
  const duration = Model.durationSeconds(call, now)
  return {
    from: { type: "number", endpoint: call.from },
    to: call.to,
    domain: "pstn",
    callId: call.id,
    duration,
    status: call.status === "final" ? "FINAL" : "ONGOING",
    result: call.result,
    reason: call.reason,
    timestamp: new Date(call.createdAt).toISOString(),
    ...(call.custom === undefined ? {} : { custom: call.custom }),
    userRate: engine.settings.rate,
    debit: Model.debit(engine.settings.rate, duration)
  }
}

const manageCall = (engine: Model.Engine, callId: string, body: unknown): Effect.Effect<Response, Response> =>
  Effect.gen(function*() {
    const call = engine.calls.get(callId)
    if (call === undefined) return yield* Effect.fail(callNotFound())
    if (body === undefined) return yield* Effect.fail(error(400, 40002, "Bad request: missing body"))
    const svaml = yield* Replies.decode("managedCall", body).pipe(
      Effect.mapError((reason) => error(400, 40001, `Invalid parameters: ${reason}`))
    )
    if (call.status === "final") return yield* Effect.fail(error(400, 40003, "Invalid request: the call has ended"))
    Wait.notify(call, { _tag: "Update", svaml, json: JSON.stringify(body) })
    return noContent
  })

const numbers = (engine: Model.Engine) =>
  Array.from(engine.numbers.values(), (entry) => ({
    number: entry.number,
    ...(entry.applicationkey === undefined ? {} : { applicationkey: entry.applicationkey }),
    capability: entry.capability
  }))

const countries: ReadonlyArray<readonly [string, string]> = [
  ["+1", "US"],
  ["+44", "GB"],
  ["+46", "SE"],
  ["+33", "FR"],
  ["+49", "DE"],
  ["+34", "ES"],
  ["+39", "IT"],
  ["+31", "NL"],
  ["+47", "NO"],
  ["+45", "DK"],
  ["+358", "FI"],
  ["+55", "BR"],
  ["+61", "AU"],
  ["+65", "SG"]
]

const route = (engine: Model.Engine, request: Request, now: number): Effect.Effect<Response, Response> => {
  const parts = segments(request.path)
  if (parts === undefined) return Effect.fail(error(400, 40001, "Invalid path"))
  const method = request.method.toUpperCase()
  const at = (...pattern: ReadonlyArray<string>) =>
    pattern.length === parts.length && pattern.every((part, i) => part === "*" || part === parts[i])
  const notAllowed = () => Effect.fail(error(405, 40500, `Method ${method} not allowed`))

  if (at("calling", "v1", "callouts")) return method === "POST" ? callout(engine, request) : notAllowed()

  if (at("calling", "v1", "calls", "id", "*")) {
    const callId = parts[4]!
    if (method === "GET") {
      const call = engine.calls.get(callId)
      return call === undefined ? Effect.fail(callNotFound()) : Effect.succeed(ok(callInformation(engine, call, now)))
    }
    return method === "PATCH" ? manageCall(engine, callId, request.body) : notAllowed()
  }
  if (at("calling", "v1", "calls", "id", "*", "leg", "*")) {
    if (method !== "PATCH") return notAllowed()
    if (Either.isLeft(Schema.decodeUnknownEither(Calls.CallLeg)(parts[6]))) {
      return Effect.fail(error(400, 40001, "Invalid parameters: callLeg must be caller, callee or both"))
    }
    return manageCall(engine, parts[4]!, request.body)
  }

  if (at("calling", "v1", "conferences", "id", "*")) {
    const conferenceId = parts[4]!
    if (method === "GET") {
      const participants = Conference.participants(engine, conferenceId, now)
      return participants === undefined ? Effect.fail(conferenceNotFound()) : Effect.succeed(ok({ participants }))
    }
    if (method === "DELETE") {
      return Conference.kickAll(engine, conferenceId) ? Effect.succeed(noContent) : Effect.fail(conferenceNotFound())
    }
    return notAllowed()
  }
  if (at("calling", "v1", "conferences", "id", "*", "*")) {
    const [conferenceId, callId] = [parts[4]!, parts[5]!]
    if (!engine.conferences.has(conferenceId)) return Effect.fail(conferenceNotFound())
    if (method === "DELETE") {
      return Conference.kick(engine, conferenceId, callId) ? Effect.succeed(noContent) : Effect.fail(callNotFound())
    }
    if (method !== "PATCH") return notAllowed()
    return Effect.flatMap(
      decodeBody(Conferences.ManageParticipantRequest, request.body),
      (body) =>
        Conference.manage(engine, conferenceId, callId, body.command, now)
          ? Effect.succeed(noContent)
          : Effect.fail(callNotFound())
    )
  }

  if (at("v1", "configuration", "numbers")) {
    if (method === "GET") return Effect.succeed(ok({ numbers: numbers(engine) }))
    if (method === "POST") {
      return Effect.flatMap(decodeBody(Applications.AssignNumbersRequest, request.body), (body) => {
        const unknown = body.numbers.filter((number) => !engine.numbers.has(number))
        if (unknown.length > 0) {
          return Effect.fail(error(400, 40001, `Unable to update numbers: not in the project: ${unknown.join(", ")}`))
        }
        for (const number of body.numbers) {
          const entry = engine.numbers.get(number)!
          entry.applicationkey = body.applicationkey ?? request.applicationKey
          entry.capability = body.capability ?? "voice"
        }
        return Effect.succeed(noContent)
      })
    }
    if (method === "DELETE") {
      return Effect.flatMap(decodeBody(Applications.UnassignNumberRequest, request.body), (body) => {
        const entry = engine.numbers.get(body.number)
        if (entry === undefined) return Effect.fail(error(400, 40001, "Unable to update numbers: unknown number"))
        entry.applicationkey = undefined
        return Effect.succeed(noContent)
      })
    }
    return notAllowed()
  }
  if (at("v1", "configuration", "callbacks", "applications", "*")) {
    if (parts[4] !== engine.settings.applicationKey) return Effect.fail(error(400, 40003, "Invalid Application Key"))
    if (method === "GET") return Effect.succeed(ok({ url: { ...engine.callbackUrls } }))
    if (method !== "POST") return notAllowed()
    return Effect.flatMap(decodeBody(Applications.UpdateCallbackUrlsRequest, request.body), (body) => {
      engine.callbackUrls = {
        ...(body.url.primary === undefined ? {} : { primary: body.url.primary }),
        ...(body.url.fallback === undefined ? {} : { fallback: body.url.fallback })
      }
      return Effect.succeed(noContent)
    })
  }
  if (at("v1", "calling", "query", "number", "*")) {
    if (method !== "GET") return notAllowed()
    const number = parts[4]!
    if (Either.isLeft(Schema.decodeUnknownEither(Fields.E164)(number))) {
      return Effect.fail(error(400, 40001, "Invalid number specified"))
    }
    const country = countries.find(([prefix]) => number.startsWith(prefix))?.[1] ?? "Unknown"
    return Effect.succeed(ok({
      number: {
        countryId: country,
        numberType: "Mobile",
        normalizedNumber: number,
        restricted: false,
        rate: engine.settings.rate
      }
    }))
  }
  return Effect.fail(error(404, 40400, "Resource not found"))
}

/** Answers one REST request. */
export const handle = (engine: Model.Engine, request: Request): Effect.Effect<Response> =>
  Effect.flatMap(Clock.currentTimeMillis, (now) => Effect.merge(route(engine, request, now)))
