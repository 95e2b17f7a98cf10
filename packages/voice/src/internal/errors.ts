import type * as HttpClientError from "@effect/platform/HttpClientError"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Predicate from "effect/Predicate"
import * as VoiceError from "../VoiceError.js"

/** What an operation can fail with once a request is on its way. */
export type Failure = VoiceError.CommonError | VoiceError.PaymentRequired | VoiceError.NotFound

const excerptLength = 200

/** The start of a body, on one line, for error messages. */
export const excerpt = (text: string): string => {
  const oneLine = text.replace(/\s+/g, " ").trim()
  return oneLine.length > excerptLength ? `${oneLine.slice(0, excerptLength)}…` : oneLine
}

interface SinchErrorBody {
  readonly errorCode?: number | string
  readonly detail?: string
  readonly reference?: string
}

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/** Sinch's error body (`status`, `errorCode`, `message`, `reference`), read leniently: any field may be missing. */
export const parseErrorBody = (text: string): SinchErrorBody => {
  const json = parseJson(text)
  if (!Predicate.isRecord(json)) return {}
  const body: { errorCode?: number | string; detail?: string; reference?: string } = {}
  const code = json.errorCode
  if (typeof code === "number" && Number.isFinite(code)) body.errorCode = code
  else if (typeof code === "string" && code.length > 0) {
    body.errorCode = /^\d{1,15}$/.test(code) ? Number(code) : excerpt(code.slice(0, 64))
  }
  // a server's text ends up in error messages and logs: kept to an excerpt whatever its size
  if (typeof json.message === "string") body.detail = excerpt(json.message)
  if (typeof json.reference === "string") body.reference = excerpt(json.reference.slice(0, 128))
  return body
}

/**
 * `Retry-After` as a duration: delay-seconds, or an HTTP date relative to `nowMillis`.
 * Anything else is ignored.
 */
export const parseRetryAfter = (value: string | undefined, nowMillis: number): Duration.Duration | undefined => {
  if (value === undefined) return undefined
  const trimmed = value.trim()
  if (/^\d+$/.test(trimmed)) return Duration.seconds(Number(trimmed))
  const date = Date.parse(trimmed)
  return Number.isNaN(date) ? undefined : Duration.millis(Math.max(0, date - nowMillis))
}

/** Maps a non-2xx response to the error of its status. */
export const fromStatus = (options: {
  readonly operation: string
  readonly resource: string
  readonly status: number
  readonly text: string
  readonly retryAfter: string | undefined
  readonly nowMillis: number
}): Failure => {
  const { operation, status, text } = options
  const body = parseErrorBody(text)
  const fields = { operation, ...body }
  if (status === 400) return new VoiceError.BadRequest(fields)
  if (status === 401 || status === 403) return new VoiceError.Unauthorized({ ...fields, status })
  if (status === 402) return new VoiceError.PaymentRequired(fields)
  if (status === 404) return new VoiceError.NotFound({ ...fields, resource: options.resource })
  if (status === 429) {
    const retryAfter = parseRetryAfter(options.retryAfter, options.nowMillis)
    return new VoiceError.RateLimited(retryAfter === undefined ? fields : { ...fields, retryAfter })
  }
  if (status >= 500 && status <= 599) {
    // a 503 (or any 5xx) may say when to come back
    const retryAfter = parseRetryAfter(options.retryAfter, options.nowMillis)
    return new VoiceError.ServerError(
      retryAfter === undefined ? { ...fields, status } : { ...fields, status, retryAfter }
    )
  }
  return new VoiceError.UnexpectedResponse({
    operation,
    status,
    excerpt: excerpt(text),
    reason: `undocumented status ${status}`,
    ...(body.reference === undefined ? {} : { reference: body.reference })
  })
}

/**
 * Error codes meaning the connection was never established, so the request cannot have reached
 * Sinch: refused, unresolvable host, unreachable network, connect timeout.
 */
const neverSentCodes = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EAI_NONAME",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "EADDRNOTAVAIL",
  "UND_ERR_CONNECT_TIMEOUT",
  // undici refused the request before sending it
  "UND_ERR_INVALID_ARG",
  "ERR_TLS_CERT_ALTNAME_INVALID",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "CERT_HAS_EXPIRED"
])

const errorCodes = (cause: unknown, depth = 0): Array<string> => {
  if (depth > 5 || !Predicate.isObject(cause)) return []
  const codes: Array<string> = []
  if (Predicate.hasProperty(cause, "code") && typeof cause.code === "string") codes.push(cause.code)
  if (Predicate.hasProperty(cause, "errors") && Array.isArray(cause.errors)) {
    for (const inner of cause.errors) codes.push(...errorCodes(inner, depth + 1))
  }
  if (Predicate.hasProperty(cause, "cause")) codes.push(...errorCodes(cause.cause, depth + 1))
  return codes
}

const describeCause = (cause: unknown): string => {
  const codes = errorCodes(cause)
  const message = Predicate.hasProperty(cause, "message") && typeof cause.message === "string"
    ? cause.message
    : "no details"
  return codes.length > 0 ? `${codes[0]}: ${message}` : message
}

const utf8Decoder = new TextDecoder()

/** An answer whose body is over `limit` bytes; `start` is what arrived first (for the excerpt). */
export const bodyTooLarge = (
  operation: string,
  status: number,
  start: Uint8Array,
  limit: number
): VoiceError.UnexpectedResponse =>
  new VoiceError.UnexpectedResponse({
    operation,
    status,
    excerpt: excerpt(utf8Decoder.decode(start.subarray(0, 1024))),
    reason: `the body is larger than ${limit} bytes`
  })

/**
 * Maps what a transport failed with. Before a response arrived, only causes that prove the
 * connection was never made count as "not sent"; once a response arrived the request was sent.
 */
export const fromTransportCause = (
  operation: string,
  cause: unknown,
  stage: "request" | "response"
): VoiceError.TransportError => {
  if (stage === "response") {
    return new VoiceError.TransportError({
      operation,
      mayHaveReachedSinch: true,
      description: `the response could not be read: ${describeCause(cause)}`
    })
  }
  const codes = errorCodes(cause)
  return new VoiceError.TransportError({
    operation,
    mayHaveReachedSinch: !(codes.length > 0 && codes.every((code) => neverSentCodes.has(code))),
    description: describeCause(cause)
  })
}

/**
 * Maps a failed HTTP exchange. Only failures that prove the connection was never made count as
 * "not sent"; when unsure, the request may have reached Sinch.
 */
export const fromHttpClientError = (
  operation: string,
  error: HttpClientError.HttpClientError
): VoiceError.TransportError => {
  if (error._tag === "RequestError") {
    if (error.reason !== "Transport") {
      return new VoiceError.TransportError({
        operation,
        mayHaveReachedSinch: false,
        description: `${error.reason} error: ${error.description ?? "the request could not be built"}`
      })
    }
    return fromTransportCause(operation, error.cause ?? error, "request")
  }
  return new VoiceError.TransportError({
    operation,
    mayHaveReachedSinch: true,
    description: `the response could not be read (${error.reason}): ${describeCause(error.cause ?? error)}`
  })
}

const asUnexpected = (error: VoiceError.NotFound | VoiceError.PaymentRequired, status: number) =>
  new VoiceError.UnexpectedResponse({
    operation: error.operation,
    status,
    excerpt: [error.errorCode, error.detail].filter((part) => part !== undefined).join(" "),
    reason: `undocumented status ${status}`,
    ...(error.reference === undefined ? {} : { reference: error.reference })
  })

/** For operations on a resource: a 402 is not documented, so it is an unexpected response. */
export const forResource = <A>(effect: Effect.Effect<A, Failure>): Effect.Effect<A, VoiceError.ResourceError> =>
  Effect.catchTag(effect, "PaymentRequired", (error) => Effect.fail(asUnexpected(error, 402)))

/** For callouts: there is nothing to be "not found", so a 404 is an unexpected response. */
export const forCallout = <A>(effect: Effect.Effect<A, Failure>): Effect.Effect<A, VoiceError.CalloutError> =>
  Effect.catchTag(effect, "NotFound", (error) => Effect.fail(asUnexpected(error, 404)))
