/**
 * The one request pipeline of the Voice API client:
 * build request → sign → send with a timeout → map errors → retry (only when safe) → decode → span.
 * Each attempt goes through the optional `CircuitBreaker` and `RateLimit` services when provided.
 */
import * as HttpClient from "@effect/platform/HttpClient"
import type * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import type * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Chunk from "effect/Chunk"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as FiberRef from "effect/FiberRef"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Ref from "effect/Ref"
import * as Schedule from "effect/Schedule"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as CircuitBreaker from "../CircuitBreaker.js"
import * as Crypto from "../Crypto.js"
import * as RateLimit from "../RateLimit.js"
import * as Region from "../Region.js"
import * as Retry from "../Retry.js"
import * as Signature from "../Signature.js"
import * as VoiceConfig from "../VoiceConfig.js"
import * as VoiceError from "../VoiceError.js"
import * as errors from "./errors.js"

/** The options of a client, checked and with defaults applied. */
export interface ResolvedOptions {
  readonly applicationKey: string
  readonly applicationSecret: Redacted.Redacted<string>
  readonly secretBytes: Redacted.Redacted<Uint8Array>
  readonly auth: VoiceConfig.Auth
  readonly callingBaseUrl: string
  readonly configurationBaseUrl: string
  readonly timeout: Duration.Duration
  readonly retry: Retry.Policy
  readonly maxRetryAfter: Duration.Duration
}

const baseUrl = (
  field: string,
  value: string
): Either.Either<string, VoiceError.InvalidConfiguration> => {
  try {
    const url = new URL(value)
    if (url.protocol !== "https:" && url.protocol !== "http:") {
      return Either.left(new VoiceError.InvalidConfiguration({ field, reason: "expected an http(s) URL" }))
    }
    if (url.search !== "" || url.hash !== "" || url.username !== "" || url.password !== "") {
      return Either.left(
        new VoiceError.InvalidConfiguration({ field, reason: "must not carry a query, a fragment or credentials" })
      )
    }
    return Either.right(`${url.origin}${url.pathname.replace(/\/+$/, "")}`)
  } catch {
    return Either.left(new VoiceError.InvalidConfiguration({ field, reason: "expected an absolute http(s) URL" }))
  }
}

/** Checks the options: a usable key, a base64 secret, valid base URLs and a positive timeout. */
export const resolveOptions = (
  options: VoiceConfig.Options
): Effect.Effect<ResolvedOptions, VoiceError.InvalidConfiguration> =>
  Effect.gen(function*() {
    if (!/^[\x21-\x39\x3b-\x7e]+$/.test(options.applicationKey)) {
      return yield* new VoiceError.InvalidConfiguration({
        field: "applicationKey",
        reason: "expected a non-empty key of printable ASCII characters, without spaces or ':'"
      })
    }
    const secretBytes = yield* Signature.decodeSecret(options.applicationSecret).pipe(
      Either.mapLeft((reason) => new VoiceError.InvalidConfiguration({ field: "applicationSecret", reason }))
    )
    const region = options.region ?? "global"
    if (!Region.Region.literals.includes(region)) {
      return yield* new VoiceError.InvalidConfiguration({
        field: "region",
        reason: `expected one of ${Region.Region.literals.join(", ")}`
      })
    }
    const auth = options.auth ?? "signed"
    if (auth !== "signed" && auth !== "basic") {
      return yield* new VoiceError.InvalidConfiguration({ field: "auth", reason: "expected signed or basic" })
    }
    const callingBaseUrl = yield* baseUrl("callingBaseUrl", options.callingBaseUrl ?? Region.callingBaseUrl(region))
    const configurationBaseUrl = yield* baseUrl(
      "configurationBaseUrl",
      options.configurationBaseUrl ?? Region.configurationBaseUrl
    )
    const timeout = Duration.decode(options.timeout ?? VoiceConfig.defaultTimeout)
    if (!Duration.greaterThan(timeout, Duration.zero)) {
      return yield* new VoiceError.InvalidConfiguration({ field: "timeout", reason: "must be positive" })
    }
    return {
      applicationKey: options.applicationKey,
      applicationSecret: options.applicationSecret,
      secretBytes: Redacted.make(secretBytes),
      auth,
      callingBaseUrl,
      configurationBaseUrl,
      timeout,
      retry: options.retry ?? Retry.defaultPolicy,
      maxRetryAfter: Duration.decode(options.maxRetryAfter ?? Retry.defaultMaxRetryAfter)
    }
  })

/** What an operation is, independently of its arguments. */
export interface Operation {
  /** `callouts`, `calls`, `conferences` or `applications`. */
  readonly service: string
  /** The method name, e.g. `tts`. */
  readonly name: string
  readonly method: "GET" | "POST" | "PATCH" | "DELETE"
  readonly host: "calling" | "configuration"
  /** The documented path, e.g. `/calling/v1/calls/id/{callId}`. */
  readonly pathTemplate: string
  /** What a 404 means was not found. */
  readonly resource: string
}

/** One call of an operation: the concrete path (percent-encoded), body and extra headers. */
export interface Call {
  readonly path: string
  /** Another base URL than the operation's host (a call's regional `callResourceUrl`). */
  readonly baseUrl?: string | undefined
  /** A JSON-encodable body (already in wire form). */
  readonly body?: unknown
  readonly headers?: Readonly<Record<string, string>> | undefined
  readonly callId?: string | undefined
}

/** The label errors carry, e.g. `callouts.tts`. */
export const operationLabel = (operation: Operation): string => `${operation.service}.${operation.name}`

/** Effects that prepare a call (validation) before anything is sent. */
export type Prepare = Effect.Effect<Call, VoiceError.InvalidInput>

/** The request pipeline shared by the four services. */
export interface Client {
  readonly options: ResolvedOptions
  /** Runs an operation whose success body is JSON decoded with `schema`. */
  readonly json: <A, I>(
    operation: Operation,
    prepare: Prepare,
    schema: Schema.Schema<A, I>
  ) => Effect.Effect<A, errors.Failure>
  /** Runs an operation whose success body is ignored (Sinch answers 2xx, usually empty). */
  readonly empty: (operation: Operation, prepare: Prepare) => Effect.Effect<void, errors.Failure>
}

interface RawResponse {
  readonly status: number
  readonly text: string
}

const utf8 = new TextEncoder()
const utf8Decoder = new TextDecoder()

/**
 * The most bytes of a response body the client reads (4 MiB, far above any documented answer):
 * a larger body is abandoned (the connection is dropped) and the attempt fails with
 * `UnexpectedResponse`, so a misbehaving server or proxy cannot exhaust memory.
 */
export const maxResponseBytes = 4 * 1024 * 1024

/** A body over the cap; `start` is what arrived first (for the error's excerpt). */
class BodyTooLarge {
  readonly _tag = "BodyTooLarge"
  constructor(readonly status: number, readonly start: Uint8Array) {}
}

interface BodyRead {
  readonly chunks: Chunk.Chunk<Uint8Array>
  readonly size: number
}

const nothingRead: BodyRead = { chunks: Chunk.empty(), size: 0 }

/**
 * Reads a body up to `maxResponseBytes`, checking the bytes as they arrive. A declared
 * `content-length` over the cap fails at the first chunk; failing while streaming cancels the
 * body, so the connection is not left half-read.
 */
const readCapped = (
  response: HttpClientResponse.HttpClientResponse
): Effect.Effect<string, HttpClientError.ResponseError | BodyTooLarge> => {
  // no body to read (a web Response has none for these)
  if (response.status === 204 || response.status === 205 || response.status === 304) return Effect.succeed("")
  const declared = response.headers["content-length"]
  const declaredTooLarge = declared !== undefined && /^\d+$/.test(declared) && Number(declared) > maxResponseBytes
  return response.stream.pipe(
    Stream.runFoldEffect(
      nothingRead,
      (read, chunk): Effect.Effect<BodyRead, BodyTooLarge> =>
        declaredTooLarge || read.size + chunk.length > maxResponseBytes
          ? Effect.fail(new BodyTooLarge(response.status, Option.getOrElse(Chunk.head(read.chunks), () => chunk)))
          : Effect.succeed({ chunks: Chunk.append(read.chunks, chunk), size: read.size + chunk.length })
    ),
    Effect.map(({ chunks, size }) => {
      const body = new Uint8Array(size)
      let offset = 0
      for (const chunk of chunks) {
        body.set(chunk, offset)
        offset += chunk.length
      }
      return utf8Decoder.decode(body)
    })
  )
}

const requestKind = (method: Operation["method"]): Retry.RequestKind =>
  method === "GET" || method === "DELETE" ? "idempotent" : "non-idempotent"

/**
 * The schedule actually used: the policy shapes the backoff; the client decides what may be
 * retried at all and makes a 429 wait at least its `Retry-After`.
 */
export const retrySchedule = (
  policy: Retry.Policy,
  kind: Retry.RequestKind,
  maxRetryAfter: Duration.Duration
): Schedule.Schedule<unknown, VoiceError.VoiceError> =>
  Schedule.intersect(policy, Schedule.identity<VoiceError.VoiceError>()).pipe(
    Schedule.whileInput((error: VoiceError.VoiceError) =>
      Retry.isRetryable(error, kind) &&
      !(error._tag === "RateLimited" && error.retryAfter !== undefined &&
        Duration.greaterThan(error.retryAfter, maxRetryAfter))
    ),
    Schedule.modifyDelay(([_, error], delay) =>
      error._tag === "RateLimited" && error.retryAfter !== undefined ? Duration.max(delay, error.retryAfter) : delay
    )
  )

/** Builds the pipeline on the `HttpClient` and `Crypto` of the context. */
export const make = (
  options: ResolvedOptions
): Effect.Effect<Client, never, HttpClient.HttpClient | Crypto.Crypto> =>
  Effect.gen(function*() {
    const httpClient = yield* HttpClient.HttpClient
    const crypto = yield* Crypto.Crypto

    // optional layers: those of the caller's context win over those given to the client layer
    const breakerOfLayer = yield* Effect.serviceOption(CircuitBreaker.CircuitBreaker)
    const rateLimitOfLayer = yield* Effect.serviceOption(RateLimit.RateLimit)

    const requestUrl = (operation: Operation, call: Call): URL => {
      const base = call.baseUrl ??
        (operation.host === "calling" ? options.callingBaseUrl : options.configurationBaseUrl)
      return new URL(`${base}${call.path}`)
    }

    const buildRequest = (operation: Operation, call: Call, nowMillis: number): HttpClientRequest.HttpClientRequest => {
      const url = requestUrl(operation, call)
      const timestamp = new Date(nowMillis).toISOString()
      let request = HttpClientRequest.make(operation.method)(url.toString()).pipe(
        HttpClientRequest.acceptJson,
        HttpClientRequest.setHeaders(call.headers ?? {}),
        HttpClientRequest.setHeader("x-timestamp", timestamp)
      )
      let body = new Uint8Array(0)
      let contentType = ""
      if (call.body !== undefined) {
        body = utf8.encode(JSON.stringify(call.body))
        contentType = "application/json"
        request = HttpClientRequest.bodyUint8Array(request, body, contentType)
      }
      if (options.auth === "basic") {
        return HttpClientRequest.basicAuth(request, options.applicationKey, options.applicationSecret)
      }
      // The signature covers the exact bytes, Content-Type and path sent; headers added later
      // (tracing) are not part of it.
      const signature = Signature.sign(crypto, Redacted.value(options.secretBytes), {
        method: operation.method,
        contentType,
        timestamp,
        path: url.pathname,
        body
      })
      return HttpClientRequest.setHeader(
        request,
        "authorization",
        Signature.authorization(options.applicationKey, signature)
      )
    }

    const attempt = (
      operation: Operation,
      call: Call,
      timeout: Duration.Duration
    ): Effect.Effect<RawResponse, errors.Failure> => {
      const label = operationLabel(operation)
      return Effect.gen(function*() {
        const nowMillis = yield* Clock.currentTimeMillis
        const request = buildRequest(operation, call, nowMillis)
        const response = yield* httpClient.execute(request).pipe(
          Effect.flatMap((response) =>
            Effect.map(readCapped(response), (text) => ({ status: response.status, text, headers: response.headers }))
          ),
          Effect.mapError((error) =>
            error._tag === "BodyTooLarge"
              ? new VoiceError.UnexpectedResponse({
                operation: label,
                status: error.status,
                excerpt: errors.excerpt(utf8Decoder.decode(error.start.subarray(0, 1024))),
                reason: `the body is larger than ${maxResponseBytes} bytes`
              })
              : errors.fromHttpClientError(label, error)
          ),
          Effect.timeoutFail({
            duration: timeout,
            onTimeout: () => new VoiceError.Timeout({ operation: label, timeout })
          })
        )
        yield* Effect.annotateCurrentSpan("http.response.status_code", response.status)
        if (response.status >= 200 && response.status < 300) {
          return { status: response.status, text: response.text }
        }
        const failedAt = yield* Clock.currentTimeMillis
        return yield* Effect.fail(errors.fromStatus({
          operation: label,
          resource: operation.resource,
          status: response.status,
          text: response.text,
          retryAfter: response.headers["retry-after"],
          nowMillis: failedAt
        }))
      })
    }

    // the breaker fails fast before any wait for a rate-limit slot
    const guard = (
      operation: Operation,
      call: Call,
      effect: Effect.Effect<RawResponse, errors.Failure>
    ): Effect.Effect<Effect.Effect<RawResponse, errors.Failure>> =>
      Effect.gen(function*() {
        const breaker = Option.orElse(yield* Effect.serviceOption(CircuitBreaker.CircuitBreaker), () => breakerOfLayer)
        const rateLimit = Option.orElse(yield* Effect.serviceOption(RateLimit.RateLimit), () => rateLimitOfLayer)
        if (Option.isNone(breaker) && Option.isNone(rateLimit)) return effect
        const host = requestUrl(operation, call).host
        const limited = Option.isSome(rateLimit) ? rateLimit.value.limit(host, effect) : effect
        return Option.isSome(breaker)
          ? breaker.value.protect({ operation: operationLabel(operation), host }, limited)
          : limited
      })

    const run = <A>(
      operation: Operation,
      prepare: Prepare,
      onSuccess: (response: RawResponse) => Effect.Effect<A, errors.Failure>
    ): Effect.Effect<A, errors.Failure> => {
      const label = operationLabel(operation)
      return Effect.gen(function*() {
        const attempts = yield* Ref.make(0)
        return yield* Effect.gen(function*() {
          const call = yield* prepare
          if (call.callId !== undefined) yield* Effect.annotateCurrentSpan("sinch.voice.call_id", call.callId)
          const policy = Option.getOrElse(yield* FiberRef.get(Retry.currentPolicy), () => options.retry)
          const timeout = Option.getOrElse(yield* FiberRef.get(VoiceConfig.currentTimeout), () => options.timeout)
          const guarded = yield* guard(operation, call, attempt(operation, call, timeout))
          const response = yield* Ref.update(attempts, (n) => n + 1).pipe(
            Effect.zipRight(guarded),
            Effect.retry(retrySchedule(policy, requestKind(operation.method), options.maxRetryAfter))
          )
          return yield* onSuccess(response)
        }).pipe(
          Effect.onExit(() =>
            Effect.flatMap(
              Ref.get(attempts),
              (n) => Effect.annotateCurrentSpan("sinch.voice.retry_count", Math.max(0, n - 1))
            )
          )
        )
      }).pipe(
        Effect.withSpan(`sinch.voice.${operation.service}.${operation.name}`, {
          kind: "client",
          attributes: {
            "http.request.method": operation.method,
            "url.template": operation.pathTemplate,
            "sinch.voice.operation": label
          }
        })
      )
    }

    const decodeJson = <A, I>(operation: Operation, schema: Schema.Schema<A, I>) => {
      const decode = Schema.decodeUnknown(schema)
      return (response: RawResponse): Effect.Effect<A, errors.Failure> => {
        const unexpected = (reason: string) =>
          new VoiceError.UnexpectedResponse({
            operation: operationLabel(operation),
            status: response.status,
            excerpt: errors.excerpt(response.text),
            reason
          })
        let json: unknown
        try {
          json = JSON.parse(response.text)
        } catch {
          return Effect.fail(unexpected(response.text.length === 0 ? "empty body" : "the body is not JSON"))
        }
        return decode(json, { onExcessProperty: "ignore" }).pipe(
          Effect.mapError((error) => unexpected(errors.excerpt(`the body does not match the schema: ${error.message}`)))
        )
      }
    }

    return {
      options,
      json: (operation, prepare, schema) => run(operation, prepare, decodeJson(operation, schema)),
      empty: (operation, prepare) => run(operation, prepare, () => Effect.void)
    }
  })
