/**
 * The one request pipeline of the Voice API client:
 * build request → sign → send with a timeout → map errors → retry (only when safe) → decode → span.
 */
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
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
import * as Crypto from "../Crypto.js"
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

    const buildRequest = (operation: Operation, call: Call, nowMillis: number): HttpClientRequest.HttpClientRequest => {
      const base = call.baseUrl ??
        (operation.host === "calling" ? options.callingBaseUrl : options.configurationBaseUrl)
      const url = new URL(`${base}${call.path}`)
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
            Effect.map(response.text, (text) => ({ status: response.status, text, headers: response.headers }))
          ),
          Effect.mapError((error) => errors.fromHttpClientError(label, error)),
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
          const response = yield* Ref.update(attempts, (n) => n + 1).pipe(
            Effect.zipRight(attempt(operation, call, timeout)),
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
