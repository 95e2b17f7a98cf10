/**
 * The one request pipeline of the Voice API client:
 * build request → sign → send with a timeout → map errors → retry (only when safe) → decode → span.
 * Each attempt goes through the optional `CircuitBreaker` and `RateLimit` services when provided.
 */
import type * as Headers from "@effect/platform/Headers"
import * as HttpBody from "@effect/platform/HttpBody"
import * as HttpClient from "@effect/platform/HttpClient"
import type * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import type * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Chunk from "effect/Chunk"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as DefaultServices from "effect/DefaultServices"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Schedule from "effect/Schedule"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import type * as Tracer from "effect/Tracer"
import * as CircuitBreaker from "../CircuitBreaker.js"
import * as Crypto from "../Crypto.js"
import * as RateLimit from "../RateLimit.js"
import * as Region from "../Region.js"
import * as Retry from "../Retry.js"
import * as Signature from "../Signature.js"
import * as VoiceConfig from "../VoiceConfig.js"
import * as VoiceError from "../VoiceError.js"
import { concat } from "./bytes.js"
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
 * Reads a body up to `maxResponseBytes` as a stream, checking the bytes as they arrive (for a body
 * of undeclared length). A declared `content-length` over the cap fails at the first chunk;
 * failing while streaming cancels the body, so the connection is not left half-read.
 */
const readCappedStream = (
  response: HttpClientResponse.HttpClientResponse,
  declaredTooLarge: boolean
): Effect.Effect<string, HttpClientError.ResponseError | BodyTooLarge> =>
  response.stream.pipe(
    Stream.runFoldEffect(
      nothingRead,
      (read, chunk): Effect.Effect<BodyRead, BodyTooLarge> =>
        declaredTooLarge || read.size + chunk.length > maxResponseBytes
          ? Effect.fail(new BodyTooLarge(response.status, Option.getOrElse(Chunk.head(read.chunks), () => chunk)))
          : Effect.succeed({ chunks: Chunk.append(read.chunks, chunk), size: read.size + chunk.length })
    ),
    Effect.map(({ chunks, size }) => utf8Decoder.decode(concat(Chunk.toReadonlyArray(chunks), size)))
  )

const emptyBody = Effect.succeed("")
const declaredLength = /^\d+$/

/**
 * Reads a body of at most `maxResponseBytes`. An uncompressed body whose declared `content-length`
 * is within the cap is read in one go (the transport rejects a body longer than it declared); any
 * other body is read as a stream and checked as it arrives.
 */
const readCapped = (
  response: HttpClientResponse.HttpClientResponse,
  headers: Headers.Headers
): Effect.Effect<string, HttpClientError.ResponseError | BodyTooLarge> => {
  // no body to read (a web Response has none for these)
  if (response.status === 204 || response.status === 205 || response.status === 304) return emptyBody
  const contentLength = headers["content-length"]
  if (contentLength === undefined || !declaredLength.test(contentLength)) return readCappedStream(response, false)
  if (Number(contentLength) > maxResponseBytes) return readCappedStream(response, true)
  // a compressed body's length says nothing of what a decompressing transport (fetch) yields
  const encoding = headers["content-encoding"]
  if (encoding !== undefined && encoding !== "identity") return readCappedStream(response, false)
  return Effect.flatMap(response.arrayBuffer, (buffer) => {
    const bytes = new Uint8Array(buffer)
    // a transport that does not hold the body to its declared length is still capped
    return bytes.length > maxResponseBytes
      ? Effect.fail(new BodyTooLarge(response.status, bytes.subarray(0, 1024)))
      : Effect.succeed(utf8Decoder.decode(bytes))
  })
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

const liveClock = Context.get(DefaultServices.liveServices, Clock.Clock)
// the longest delay a JavaScript timer keeps (a longer one fires at once)
const maxTimerMillis = 2 ** 31 - 1

/**
 * `Effect.timeoutFail`, with one fiber instead of two under the live clock: `self` runs in a child
 * fiber interrupted by a timer. Under any other clock (a `TestClock`), `Effect.timeoutFail` itself.
 */
const timeoutFail = <A, E>(
  self: Effect.Effect<A, E>,
  clock: Clock.Clock,
  timeout: Duration.Duration,
  onTimeout: () => E
): Effect.Effect<A, E> => {
  const millis = Duration.toMillis(timeout)
  if (clock !== liveClock || !(millis <= maxTimerMillis)) {
    return Effect.timeoutFail(self, { duration: timeout, onTimeout })
  }
  return Effect.uninterruptibleMask((restore) =>
    Effect.flatMap(Effect.fork(restore(self)), (child) => {
      let timer: ReturnType<typeof setTimeout> | undefined
      return Effect.onInterrupt(
        restore(Effect.async<A, E>((resume) => {
          let timedOut = false
          timer = setTimeout(() => {
            timedOut = true
            child.unsafeInterruptAsFork(child.id())
          }, millis)
          child.addObserver((exit) => {
            clearTimeout(timer)
            resume(timedOut && Exit.isInterrupted(exit) ? Effect.fail(onTimeout()) : exit)
          })
        })),
        // also when interrupted before the wait began: the child never outlives the attempt
        () =>
          Effect.suspend(() => {
            clearTimeout(timer)
            return Fiber.interrupt(child)
          })
      )
    })
  )
}

/** What does not change between two calls of an operation, computed on its first call. */
interface Plan {
  readonly label: string
  readonly spanName: string
  readonly spanOptions: Tracer.SpanOptions
  readonly kind: Retry.RequestKind
  /** The retry schedule under the layer's policy (a per-call policy builds its own). */
  readonly schedule: Schedule.Schedule<unknown, VoiceError.VoiceError>
}

const statusAttribute = "http.response.status_code"
const retryCountAttribute = "sinch.voice.retry_count"
const callIdAttribute = "sinch.voice.call_id"

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

    const plans = new WeakMap<Operation, Plan>()
    const planOf = (operation: Operation): Plan => {
      let plan = plans.get(operation)
      if (plan === undefined) {
        const label = operationLabel(operation)
        const kind = requestKind(operation.method)
        plan = {
          label,
          spanName: `sinch.voice.${operation.service}.${operation.name}`,
          spanOptions: {
            kind: "client",
            attributes: {
              "http.request.method": operation.method,
              "url.template": operation.pathTemplate,
              "sinch.voice.operation": label
            },
            // the stack of the span's creation is the client's own code: not worth an Error per call
            captureStackTrace: false
          },
          kind,
          schedule: retrySchedule(options.retry, kind, options.maxRetryAfter)
        }
        plans.set(operation, plan)
      }
      return plan
    }

    const requestUrl = (operation: Operation, call: Call): URL => {
      const base = call.baseUrl ??
        (operation.host === "calling" ? options.callingBaseUrl : options.configurationBaseUrl)
      return new URL(`${base}${call.path}`)
    }

    const buildRequest = (operation: Operation, call: Call, nowMillis: number): HttpClientRequest.HttpClientRequest => {
      const url = requestUrl(operation, call)
      const timestamp = new Date(nowMillis).toISOString()
      const headers: Record<string, string> = { accept: "application/json", ...call.headers, "x-timestamp": timestamp }
      let body = new Uint8Array(0)
      let contentType = ""
      if (call.body !== undefined) {
        body = utf8.encode(JSON.stringify(call.body))
        contentType = "application/json"
      }
      if (options.auth === "basic") {
        headers.authorization = `Basic ${
          btoa(`${options.applicationKey}:${Redacted.value(options.applicationSecret)}`)
        }`
      } else {
        // The signature covers the exact bytes, Content-Type and path sent; headers added later
        // (tracing) are not part of it.
        const signature = Signature.sign(crypto, Redacted.value(options.secretBytes), {
          method: operation.method,
          contentType,
          timestamp,
          path: url.pathname,
          body
        })
        headers.authorization = Signature.authorization(options.applicationKey, signature)
      }
      return HttpClientRequest.make(operation.method)(
        url.toString(),
        call.body === undefined ? { headers } : { headers, body: HttpBody.uint8Array(body, contentType) }
      )
    }

    const fromReadError = (label: string) => (error: HttpClientError.HttpClientError | BodyTooLarge): errors.Failure =>
      error._tag === "BodyTooLarge"
        ? new VoiceError.UnexpectedResponse({
          operation: label,
          status: error.status,
          excerpt: errors.excerpt(utf8Decoder.decode(error.start.subarray(0, 1024))),
          reason: `the body is larger than ${maxResponseBytes} bytes`
        })
        : errors.fromHttpClientError(label, error)

    /** One attempt: sign and send, read the answer within `timeout`, map a non-2xx status to its error. */
    const attempt = (
      operation: Operation,
      plan: Plan,
      call: Call,
      timeout: Duration.Duration,
      span: Tracer.Span,
      clock: Clock.Clock
    ): Effect.Effect<RawResponse, errors.Failure> => {
      const onTimeout = () => new VoiceError.Timeout({ operation: plan.label, timeout })
      const mapError = fromReadError(plan.label)
      return Effect.suspend(
        () =>
          httpClient.execute(buildRequest(operation, call, clock.unsafeCurrentTimeMillis())).pipe(
            Effect.flatMap((response) => {
              const headers = response.headers
              return Effect.map(
                readCapped(response, headers),
                (text): RawResponse & { readonly retryAfter: string | undefined } => ({
                  status: response.status,
                  text,
                  retryAfter: headers["retry-after"]
                })
              )
            }),
            Effect.matchEffect({
              onFailure: (error) => Effect.fail(mapError(error)),
              onSuccess: (response) => {
                span.attribute(statusAttribute, response.status)
                if (response.status >= 200 && response.status < 300) return Effect.succeed(response)
                return Effect.fail(errors.fromStatus({
                  operation: plan.label,
                  resource: operation.resource,
                  status: response.status,
                  text: response.text,
                  retryAfter: response.retryAfter,
                  nowMillis: clock.unsafeCurrentTimeMillis()
                }))
              }
            }),
            (effect) => timeoutFail(effect, clock, timeout, onTimeout)
          )
      )
    }

    /** Every attempt of one call: the first one bare, retries (if any) under the schedule. */
    const attempts = (
      operation: Operation,
      plan: Plan,
      call: Call,
      span: Tracer.Span,
      fiber: Fiber.RuntimeFiber<RawResponse, errors.Failure>
    ): Effect.Effect<RawResponse, errors.Failure> => {
      if (call.callId !== undefined) span.attribute(callIdAttribute, call.callId)
      const policy = fiber.getFiberRef(Retry.currentPolicy)
      const timeout = Option.getOrElse(fiber.getFiberRef(VoiceConfig.currentTimeout), () => options.timeout)
      const context = fiber.currentContext
      const breaker = Option.orElse(Context.getOption(context, CircuitBreaker.CircuitBreaker), () => breakerOfLayer)
      const rateLimit = Option.orElse(Context.getOption(context, RateLimit.RateLimit), () => rateLimitOfLayer)

      const clock = Context.get(fiber.currentDefaultServices, Clock.Clock)
      let guarded = attempt(operation, plan, call, timeout, span, clock)
      // the breaker fails fast before any wait for a rate-limit slot
      if (Option.isSome(breaker) || Option.isSome(rateLimit)) {
        const host = requestUrl(operation, call).host
        if (Option.isSome(rateLimit)) guarded = rateLimit.value.limit(host, guarded)
        if (Option.isSome(breaker)) guarded = breaker.value.protect({ operation: plan.label, host }, guarded)
      }
      let count = 0
      const counted = Effect.suspend(() => {
        span.attribute(retryCountAttribute, count)
        count++
        return guarded
      })
      // a success on the first attempt never starts the schedule; a failure is replayed into it
      return Effect.catchAll(counted, (first) => {
        const schedule = Option.isNone(policy)
          ? plan.schedule
          : retrySchedule(policy.value, plan.kind, options.maxRetryAfter)
        let replay: errors.Failure | undefined = first
        return Effect.retry(
          Effect.suspend(() => {
            if (replay === undefined) return counted
            const error = replay
            replay = undefined
            return Effect.fail(error)
          }),
          schedule
        )
      })
    }

    const run = <A>(
      operation: Operation,
      prepare: Prepare,
      onSuccess: (response: RawResponse) => Effect.Effect<A, errors.Failure>
    ): Effect.Effect<A, errors.Failure> => {
      const plan = planOf(operation)
      return Effect.useSpan(plan.spanName, plan.spanOptions, (span) => {
        span.attribute(retryCountAttribute, 0)
        return Effect.withParentSpan(
          Effect.flatMap(
            prepare,
            (call) =>
              Effect.flatMap(
                Effect.withFiberRuntime<RawResponse, errors.Failure>((fiber) =>
                  attempts(operation, plan, call, span, fiber)
                ),
                onSuccess
              )
          ),
          span
        )
      })
    }

    const decodeJson = <A, I>(operation: Operation, schema: Schema.Schema<A, I>) => {
      // compiled once per schema by `effect` (memoized on the AST); synchronous, as answers are
      const decode = Schema.decodeUnknownEither(schema, { onExcessProperty: "ignore" })
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
        const decoded = decode(json)
        return Either.isRight(decoded)
          ? Effect.succeed(decoded.right)
          : Effect.fail(unexpected(errors.excerpt(`the body does not match the schema: ${decoded.left.message}`)))
      }
    }

    return {
      options,
      json: (operation, prepare, schema) => run(operation, prepare, decodeJson(operation, schema)),
      empty: (operation, prepare) => run(operation, prepare, () => Effect.void)
    }
  })
