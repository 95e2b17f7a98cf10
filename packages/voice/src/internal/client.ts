/**
 * The one request pipeline of the Voice API client:
 * build request → sign → send (on the `HttpTransport`) with a timeout → map errors → retry (only when safe) → decode → span.
 * Each attempt goes through the optional `CircuitBreaker` and `RateLimit` services when provided.
 */
import * as HttpClient from "@effect/platform/HttpClient"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as DefaultServices from "effect/DefaultServices"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type * as Fiber from "effect/Fiber"
import * as FiberRef from "effect/FiberRef"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import type * as Schedule from "effect/Schedule"
import type * as Schema from "effect/Schema"
import type * as Tracer from "effect/Tracer"
import * as CircuitBreaker from "../CircuitBreaker.js"
import * as Crypto from "../Crypto.js"
import * as HttpTransport from "../HttpTransport.js"
import * as RateLimit from "../RateLimit.js"
import * as Retry from "../Retry.js"
import * as Signature from "../Signature.js"
import * as VoiceConfig from "../VoiceConfig.js"
import * as VoiceError from "../VoiceError.js"
import { decodeJson } from "./decodeJson.js"
import * as errors from "./errors.js"
import * as metrics from "./metrics.js"
import * as settings from "./options.js"
import * as retrySchedule from "./retrySchedule.js"
import { userAgent } from "./version.js"

/** The options of a client, checked and with defaults applied (see `./options.ts`). */
export type ResolvedOptions = settings.ResolvedOptions

/** Checks the options (see `./options.ts`). */
export const resolveOptions = settings.resolveOptions

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
  /**
   * Runs an operation whose success body is JSON decoded with `schema`. A `fast` reading, when given,
   * is tried first: it gives exactly what the schema gives, or `undefined` to leave the answer to the
   * schema (which also says what is wrong).
   */
  readonly json: <A, I>(
    operation: Operation,
    prepare: Prepare,
    schema: Schema.Schema<A, I>,
    fast?: FastDecode<A>
  ) => Effect.Effect<A, errors.Failure>
  /** Runs an operation whose success body is ignored (Sinch answers 2xx, usually empty). */
  readonly empty: (operation: Operation, prepare: Prepare) => Effect.Effect<void, errors.Failure>
}

/** A quicker reading of a parsed JSON answer than its schema's: the same value, or `undefined`. */
export type FastDecode<A> = (json: unknown) => A | undefined

const utf8 = new TextEncoder()
const noBytes = new Uint8Array(0)

const noTime = BigInt(0)

const liveClock = Context.get(DefaultServices.liveServices, Clock.Clock)

interface BaseUrl {
  readonly origin: string
  readonly host: string
  /** The base URL's path, without a trailing slash (empty for none). */
  readonly pathPrefix: string
}

/** What does not change between two calls of an operation, computed on its first call. */
interface Plan {
  readonly label: string
  readonly spanName: string
  readonly spanOptions: Tracer.SpanOptions
  /** Set on the span once made (`SpanOptions.attributes` would cost an `Object.entries` per span). */
  readonly spanAttributes: ReadonlyArray<readonly [string, string]>
  readonly kind: Retry.RequestKind
  /** The retry schedule under the layer's policy (a per-call policy builds its own). */
  readonly schedule: Schedule.Schedule<unknown, VoiceError.VoiceError>
  readonly metrics: metrics.OperationMetrics
}

const statusAttribute = "http.response.status_code"
const retryCountAttribute = "sinch.voice.retry_count"
const callIdAttribute = "sinch.voice.call_id"

/** Builds the pipeline on the `HttpTransport` and `Crypto` of the context. */
export const make = (
  options: ResolvedOptions
): Effect.Effect<Client, never, HttpTransport.HttpTransport | Crypto.Crypto> =>
  Effect.gen(function*() {
    const transport = yield* HttpTransport.HttpTransport
    const crypto = yield* Crypto.Crypto

    // optional layers: those of the caller's context win over those given to the client layer
    const breakerOfLayer = yield* Effect.serviceOption(CircuitBreaker.CircuitBreaker)
    const rateLimitOfLayer = yield* Effect.serviceOption(RateLimit.RateLimit)

    const plans = new WeakMap<Operation, Plan>()
    const planOf = (operation: Operation): Plan => {
      let plan = plans.get(operation)
      if (plan === undefined) {
        const label = operationLabel(operation)
        const kind = retrySchedule.requestKind(operation.method)
        plan = {
          label,
          spanName: `sinch.voice.${operation.service}.${operation.name}`,
          spanOptions: {
            kind: "client",
            // the stack of the span's creation is the client's own code: not worth an Error per call
            captureStackTrace: false
          },
          spanAttributes: [
            ["http.request.method", operation.method],
            ["url.template", operation.pathTemplate],
            ["sinch.voice.operation", label]
          ],
          kind,
          schedule: retrySchedule.make(options.retry, kind, options.maxRetryAfter),
          metrics: metrics.operation(label)
        }
        plans.set(operation, plan)
      }
      return plan
    }

    /** A base URL split into its origin and path prefix (the base URLs are checked when resolved). */
    const splitBase = (base: string): BaseUrl => {
      const url = new URL(base)
      return { origin: url.origin, host: url.host, pathPrefix: url.pathname === "/" ? "" : url.pathname }
    }
    const callingBase = splitBase(options.callingBaseUrl)
    const configurationBase = splitBase(options.configurationBaseUrl)
    const baseOf = (operation: Operation, call: Call): BaseUrl =>
      call.baseUrl !== undefined
        ? splitBase(call.baseUrl)
        : operation.host === "calling"
        ? callingBase
        : configurationBase

    const basicAuthorization = `Basic ${btoa(`${options.applicationKey}:${Redacted.value(options.applicationSecret)}`)}`

    const buildRequest = (
      operation: Operation,
      plan: Plan,
      call: Call,
      nowMillis: number,
      timeout: Duration.Duration | undefined,
      span: Tracer.Span,
      propagate: boolean
    ): HttpTransport.Request => {
      const base = baseOf(operation, call)
      const path = `${base.pathPrefix}${call.path}`
      const timestamp = new Date(nowMillis).toISOString()
      const headers: Record<string, string> = { accept: "application/json", "user-agent": userAgent }
      const extra = call.headers
      if (extra !== undefined) { for (const name in extra) headers[name] = extra[name]! }
      headers["x-timestamp"] = timestamp
      let body: Uint8Array | undefined
      let contentType = ""
      if (call.body !== undefined) {
        body = utf8.encode(JSON.stringify(call.body))
        contentType = "application/json"
        headers["content-type"] = contentType
      }
      if (options.auth === "basic") {
        headers.authorization = basicAuthorization
      } else {
        // The signature covers the exact bytes, Content-Type and path sent; headers added later
        // (tracing) are not part of it.
        const signature = Signature.sign(crypto, Redacted.value(options.secretBytes), {
          method: operation.method,
          contentType,
          timestamp,
          path,
          body: body ?? noBytes
        })
        headers.authorization = Signature.authorization(options.applicationKey, signature)
      }
      if (propagate) {
        // what `@effect/platform`'s HttpClient sends (it replaces them with its own span's ids)
        const sampled = span.sampled ? "1" : "0"
        headers.traceparent = `00-${span.traceId}-${span.spanId}-0${sampled}`
        headers.b3 = `${span.traceId}-${span.spanId}-${sampled}${
          span.parent._tag === "Some" ? `-${span.parent.value.spanId}` : ""
        }`
      }
      return {
        operation: plan.label,
        method: operation.method,
        origin: base.origin,
        path,
        headers,
        body,
        timeout,
        span
      }
    }

    /** One attempt: sign and send, read the answer within `timeout`, map a non-2xx status to its error. */
    const attempt = (
      operation: Operation,
      plan: Plan,
      call: Call,
      timeout: Duration.Duration,
      span: Tracer.Span,
      propagate: boolean,
      clock: Clock.Clock,
      labels: metrics.Labels
    ): Effect.Effect<HttpTransport.Response, errors.Failure> => {
      // on the real clock the transport keeps the time (a timer, not a fiber); under any other
      // clock (a `TestClock`) Effect does
      const onLiveClock = clock === liveClock
      const exchange = Effect.flatMap(
        Effect.suspend(() =>
          transport.send(
            buildRequest(
              operation,
              plan,
              call,
              clock.unsafeCurrentTimeMillis(),
              onLiveClock ? timeout : undefined,
              span,
              propagate
            )
          )
        ),
        (response) => {
          span.attribute(statusAttribute, response.status)
          plan.metrics.responded(response.status, labels)
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
      )
      return onLiveClock
        ? exchange
        : Effect.timeoutFail(exchange, {
          duration: timeout,
          onTimeout: () => new VoiceError.Timeout({ operation: plan.label, timeout })
        })
    }

    /** Every attempt of one call: the first one bare, retries (if any) under the schedule. */
    const attempts = (
      operation: Operation,
      plan: Plan,
      call: Call,
      span: Tracer.Span,
      fiber: Fiber.RuntimeFiber<unknown, unknown>,
      clock: Clock.Clock,
      labels: metrics.Labels
    ): Effect.Effect<HttpTransport.Response, errors.Failure> => {
      if (call.callId !== undefined) span.attribute(callIdAttribute, call.callId)
      const policy = fiber.getFiberRef(Retry.currentPolicy)
      const timeout = Option.getOrElse(fiber.getFiberRef(VoiceConfig.currentTimeout), () => options.timeout)
      const context = fiber.currentContext
      const breaker = Option.orElse(Context.getOption(context, CircuitBreaker.CircuitBreaker), () => breakerOfLayer)
      const rateLimit = Option.orElse(Context.getOption(context, RateLimit.RateLimit), () => rateLimitOfLayer)

      const propagate = fiber.getFiberRef(HttpClient.currentTracerPropagation)
      let guarded = attempt(operation, plan, call, timeout, span, propagate, clock, labels)
      // the breaker fails fast before any wait for a rate-limit slot
      if (Option.isSome(breaker) || Option.isSome(rateLimit)) {
        const host = baseOf(operation, call).host
        if (Option.isSome(rateLimit)) guarded = rateLimit.value.limit(host, guarded)
        if (Option.isSome(breaker)) guarded = breaker.value.protect({ operation: plan.label, host }, guarded)
        // what they log belongs to the operation's span
        guarded = Effect.withParentSpan(guarded, span)
      }
      let count = 0
      const counted = Effect.suspend(() => {
        span.attribute(retryCountAttribute, count)
        if (count > 0) plan.metrics.retried(labels)
        count++
        return guarded
      })
      // a success on the first attempt never starts the schedule; a failure is replayed into it
      return Effect.catchAll(counted, (first) => {
        const schedule = Option.isNone(policy)
          ? plan.schedule
          : retrySchedule.make(policy.value, plan.kind, options.maxRetryAfter)
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
      onSuccess: (response: HttpTransport.Response) => Effect.Effect<A, errors.Failure>
    ): Effect.Effect<A, errors.Failure> => {
      const plan = planOf(operation)
      return Effect.withFiberRuntime<A, errors.Failure>((fiber) => {
        const clock = Context.get(fiber.currentDefaultServices, Clock.Clock)
        const labels = fiber.getFiberRef(FiberRef.currentMetricLabels)
        const timing = fiber.getFiberRef(FiberRef.currentTracerTimingEnabled)
        const started = clock.unsafeCurrentTimeNanos()
        // The span is handed down rather than made the fiber's parent span: setting a parent span
        // copies the fiber's context, which would cost more than the rest of the pipeline's steps.
        return Effect.flatMap(Effect.makeSpan(plan.spanName, plan.spanOptions), (span) => {
          for (const [key, value] of plan.spanAttributes) span.attribute(key, value)
          span.attribute(retryCountAttribute, 0)
          const traced = Effect.flatMap(
            prepare,
            (call) => Effect.flatMap(attempts(operation, plan, call, span, fiber, clock, labels), onSuccess)
          )
          // what `Effect.useSpan` does, with the call's metrics in the same exit hook (one hook costs
          // more than the metrics themselves)
          return Effect.onExit(traced, (exit) =>
            Effect.sync(() => {
              const ended = clock.unsafeCurrentTimeNanos()
              if (span.status._tag !== "Ended") span.end(timing ? ended : noTime, exit)
              plan.metrics.completed(exit, Number(ended - started) / 1e6, labels)
            }))
        })
      })
    }

    return {
      options,
      json: (operation, prepare, schema, fast) =>
        run(operation, prepare, decodeJson(operationLabel(operation), schema, fast)),
      empty: (operation, prepare) => run(operation, prepare, () => Effect.void)
    }
  })
