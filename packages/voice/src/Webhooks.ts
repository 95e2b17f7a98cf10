/**
 * Answers Sinch's callbacks: each request is proven to come from Sinch (`WebhookVerifier`), decoded
 * into its event (`Events`), handed to the application's handler for that event, and the handler's
 * SVAML goes back. Sinch is never left waiting: a handler that fails, dies, returns a document that
 * breaks a SVAML rule or runs past its deadline is answered with a fallback document (a hangup by
 * default), and the reason is logged.
 *
 * ```ts
 * const WebhooksLive = Webhooks.layer({
 *   ice: (event) => Svaml.ice(Instructions.say("Hello"), Actions.hangup()),
 *   dice: (event) => Effect.log("call ended", event.result)
 * })
 * // mount it next to the application's own routes:
 * HttpRouter.empty.pipe(HttpRouter.post("/sinch/callback", Webhooks.httpApp))
 * ```
 *
 * | event | handler returns | without a handler | on failure / timeout / invalid SVAML |
 * |---|---|---|---|
 * | ICE | `Documents.IceResponse` | hangup | fallback (hangup) |
 * | ACE | `Documents.AceResponse` | continue | fallback (hangup) |
 * | PIE | `Documents.PieResponse` | hangup | fallback (hangup) |
 * | DiCE, Notify | nothing | no-op | logged, empty 200 |
 *
 * HTTP answers: 200 with the SVAML (`content-type: application/json`), or an empty 200 for DiCE and
 * Notify; 401 when verification fails; 400 for a body that is not JSON or not a known event; 405
 * for a method other than POST; 413 above the size limit (64 KiB by default, enforced while
 * reading); 415 for a content type other than JSON. Nothing a client sends causes a 5xx.
 *
 * Every handled callback runs in a span `sinch.voice.webhook.<event>` with the attributes
 * `sinch.voice.callid`, `sinch.voice.event` and `sinch.voice.outcome`.
 *
 * @since 0.1.0
 */
import * as Actions from "@effect-sinch/svaml/Actions"
import * as Documents from "@effect-sinch/svaml/Documents"
import * as Headers from "@effect/platform/Headers"
import type * as HttpApp from "@effect/platform/HttpApp"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as Cause from "effect/Cause"
import * as Chunk from "effect/Chunk"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as DefaultServices from "effect/DefaultServices"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as FiberRef from "effect/FiberRef"
import * as FiberRefs from "effect/FiberRefs"
import * as HashMap from "effect/HashMap"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import type * as ParseResult from "effect/ParseResult"
import * as Runtime from "effect/Runtime"
import * as Schema from "effect/Schema"
import * as Tracer from "effect/Tracer"
import type * as Events from "./Events.js"
import * as internal from "./internal/webhookHttp.js"
import type * as WebhookError from "./WebhookError.js"
import * as WebhookVerifier from "./WebhookVerifier.js"

/**
 * What a handler gets besides the event: the request headers (e.g. the `X-CB-*` headers given to
 * a callout) and the application key that signed the request.
 *
 * @since 0.1.0
 * @category Models
 */
export interface CallbackContext {
  readonly headers: Headers.Headers
  readonly applicationKey: Option.Option<string>
}

/**
 * One handler per event; each is optional. ICE, ACE and PIE handlers return the SVAML document
 * allowed in their context (anything else does not compile); DiCE and Notify handlers return nothing.
 * A handler may fail with any error: the caller then hears the fallback.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Handlers<E = never, R = never> {
  readonly ice?: (event: Events.IceEvent, context: CallbackContext) => Effect.Effect<Documents.IceResponse, E, R>
  readonly ace?: (event: Events.AceEvent, context: CallbackContext) => Effect.Effect<Documents.AceResponse, E, R>
  readonly pie?: (event: Events.PieEvent, context: CallbackContext) => Effect.Effect<Documents.PieResponse, E, R>
  readonly dice?: (event: Events.DiceEvent, context: CallbackContext) => Effect.Effect<void, E, R>
  readonly notify?: (event: Events.NotifyEvent, context: CallbackContext) => Effect.Effect<void, E, R>
}

/**
 * @since 0.1.0
 * @category Models
 */
export interface Options {
  /** How long a handler may run before the fallback answers. Default: 3 seconds. */
  readonly timeout?: Duration.DurationInput | undefined
  /** The largest body accepted, in bytes. Default: 64 KiB. */
  readonly maxBodyBytes?: number | undefined
  /** What to answer when a handler fails, times out or returns invalid SVAML. Default: hangup. */
  readonly fallback?: {
    readonly ice?: Documents.IceResponse | undefined
    readonly ace?: Documents.AceResponse | undefined
    readonly pie?: Documents.PieResponse | undefined
  } | undefined
  /** Limits for `Documents.validateWith` (e.g. a raised TTS length). */
  readonly validation?: Documents.ValidationOptions | undefined
}

/**
 * How a callback was answered: by its handler, by the documented default (no handler), or by the
 * fallback because the handler failed, timed out or returned SVAML that breaks a rule.
 *
 * @since 0.1.0
 * @category Models
 */
export type Outcome = "handled" | "default" | "failed" | "timed-out" | "invalid-svaml"

/**
 * The answer to an ICE, ACE or PIE event: the document and its JSON.
 *
 * @since 0.1.0
 * @category Models
 */
export interface SvamlReply<Event extends "ice" | "ace" | "pie", Document> {
  readonly event: Event
  readonly callid: string
  readonly outcome: Outcome
  readonly svaml: Document
  readonly json: string
}

/**
 * The answer to a DiCE or Notify event: an empty 200.
 *
 * @since 0.1.0
 * @category Models
 */
export interface EmptyReply<Event extends "dice" | "notify"> {
  readonly event: Event
  readonly callid: string
  readonly outcome: Outcome
}

/**
 * @since 0.1.0
 * @category Models
 */
export type Reply =
  | SvamlReply<"ice", Documents.IceResponse>
  | SvamlReply<"ace", Documents.AceResponse>
  | SvamlReply<"pie", Documents.PieResponse>
  | EmptyReply<"dice">
  | EmptyReply<"notify">

/**
 * @since 0.1.0
 * @category Models
 */
export interface Service {
  /**
   * The HTTP endpoint: verifies, decodes, dispatches and answers. Mount it at any path, or call it
   * in-process with `HttpServerRequest.fromWeb(new Request(...))`.
   */
  readonly httpApp: HttpApp.Default
  /**
   * What `httpApp` does, without `@effect/platform`'s request and response: for a server adapter
   * that reads the request itself (`NodeWebhookServer` does). Never fails.
   */
  readonly handle: (request: IncomingRequest) => Effect.Effect<Answer>
  /**
   * Runs the handler for an already verified and decoded event, with defaults, deadline,
   * validation and fallback, and returns the reply (never fails).
   */
  readonly dispatch: (event: Events.CallbackEvent, context?: Partial<CallbackContext>) => Effect.Effect<Reply>
  /**
   * `handle` in steps, for a server adapter that reads the body itself and runs a fiber only for a
   * callback that cannot be answered at once (`NodeWebhookServer` does).
   */
  readonly steps: HandleSteps
}

/**
 * The steps of `Service.handle`. Each returns the answer as an effect that never fails; when it is
 * an `Exit` (the common case) the answer is known already and no fiber is needed to run it.
 *
 * @since 0.1.0
 * @category Models
 */
export interface HandleSteps {
  /** The largest body accepted, in bytes: read no more than this, then `refuse` with `PayloadTooLarge`. */
  readonly maxBodyBytes: number
  /** The checks that need only the method and headers: their refusal, or `undefined` to read the body. */
  readonly check: (method: string, headers: Headers.Headers) => Effect.Effect<Answer> | undefined
  /**
   * Verifies, decodes, dispatches and encodes a request whose body was read, in `runtime` (whose
   * clock, tracer, logger and context apply, as if it ran in a fiber of that runtime).
   */
  readonly answer: (runtime: Runtime.Runtime<never>, request: BufferedRequest) => Effect.Effect<Answer>
  /** The answer to a refused request (logged as a warning). */
  readonly refuse: (error: WebhookError.VerificationError | WebhookError.RequestError) => Effect.Effect<Answer>
}

/**
 * A request with its body read: what `HandleSteps.answer` takes.
 *
 * @since 0.1.0
 * @category Models
 */
export interface BufferedRequest {
  readonly method: string
  /** The request target as received (what Sinch signed, query and all). */
  readonly url: string
  readonly headers: Headers.Headers
  readonly body: Uint8Array
}

/**
 * A request as a server adapter hands it to `Service.handle`: the method, the request target as
 * received (what Sinch signed, query and all), the headers, and how to read the body within a limit.
 *
 * @since 0.1.0
 * @category Models
 */
export interface IncomingRequest {
  readonly method: string
  readonly url: string
  readonly headers: Headers.Headers
  /** Reads the raw body, failing with `PayloadTooLarge` as soon as more than `maxBytes` arrived. */
  readonly body: (
    maxBytes: number
  ) => Effect.Effect<Uint8Array, WebhookError.PayloadTooLarge | WebhookError.MalformedEvent>
}

/**
 * What to send back: a status, an optional body with its content type, and extra headers.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Answer {
  readonly status: number
  readonly contentType?: string | undefined
  readonly body?: string | undefined
  readonly headers?: Readonly<Record<string, string>> | undefined
}

/**
 * @since 0.1.0
 * @category Context
 */
export class Webhooks extends Context.Tag("@effect-sinch/voice/Webhooks")<Webhooks, Service>() {}

/**
 * @since 0.1.0
 * @category Constants
 */
export const defaultTimeout: Duration.Duration = Duration.seconds(3)

/**
 * @since 0.1.0
 * @category Constants
 */
export const defaultMaxBodyBytes = 64 * 1024

/**
 * The answers used when an event has no handler: ICE → hangup, ACE → continue, PIE → hangup.
 *
 * @since 0.1.0
 * @category Constants
 */
export const defaults: {
  readonly ice: Documents.IceResponse
  readonly ace: Documents.AceResponse
  readonly pie: Documents.PieResponse
} = {
  ice: { action: Actions.hangup() },
  ace: { action: Actions.continueCall() },
  pie: { action: Actions.hangup() }
}

const hangupJson = JSON.stringify({ action: { name: "hangup" } })

type Ran<A> = { readonly value: A } | { readonly outcome: "failed" | "timed-out" }

const failed = { outcome: "failed" as const }

const encoders = {
  ice: Schema.encodeEither(Documents.IceResponse),
  ace: Schema.encodeEither(Documents.AceResponse),
  pie: Schema.encodeEither(Documents.PieResponse)
}

/** A document and its JSON, encoded once. */
interface Prepared<D> {
  readonly svaml: D
  readonly json: string
}

const prepare = <D>(encode: (document: D) => Either.Either<unknown, ParseResult.ParseError>, svaml: D): Prepared<D> => {
  const encoded = encode(svaml)
  return { svaml, json: encoded._tag === "Right" ? JSON.stringify(encoded.right) : hangupJson }
}

/**
 * Most steps of a callback complete without waiting; their effect is then an `Exit`, read here at
 * once instead of being run by a fiber.
 */
const isExit = <A, E, R>(effect: Effect.Effect<A, E, R>): effect is Exit.Exit<A, E> => Exit.isExit(effect)

/** `Effect.flatMap`, applied at once when `self` is already an `Exit`. */
const chain = <A, E, B, E2>(
  self: Effect.Effect<A, E>,
  f: (a: A) => Effect.Effect<B, E2>
): Effect.Effect<B, E | E2> =>
  isExit(self)
    ? (Exit.isSuccess(self) ? f(self.value) : Exit.failCause(self.cause))
    : Effect.flatMap(self, f)

const fromEither = <A, E>(either: Either.Either<A, E>): Exit.Exit<A, E> =>
  Either.isRight(either) ? Exit.succeed(either.right) : Exit.fail(either.left)

const servicesOf = (runtime: Runtime.Runtime<never>) =>
  FiberRefs.getOrDefault(runtime.fiberRefs, DefaultServices.currentServices)

// The parent span the way `Effect.withSpan` finds it: the nearest one that does not disable propagation.
const propagatedParent = (span: Option.Option<Tracer.AnySpan>): Option.Option<Tracer.AnySpan> =>
  Option.flatMap(span, (parent) =>
    Context.get(parent.context, Tracer.DisablePropagation)
      ? parent._tag === "Span" ? propagatedParent(parent.parent) : Option.none()
      : Option.some(parent))

/** A callback's span, opened and ended without a fiber (what `Effect.withSpan` does, at a fraction of its cost). */
interface CallbackSpan {
  readonly span: Tracer.Span
  readonly end: (exit: Exit.Exit<Reply>) => void
}

const startSpan = (runtime: Runtime.Runtime<never>, event: Events.CallbackEvent): CallbackSpan | undefined => {
  const fiberRefs = runtime.fiberRefs
  if (!FiberRefs.getOrDefault(fiberRefs, FiberRef.currentTracerEnabled)) return undefined
  const services = servicesOf(runtime)
  const clock = Context.get(services, Clock.Clock)
  const timing = FiberRefs.getOrDefault(fiberRefs, FiberRef.currentTracerTimingEnabled)
  const span = Context.get(services, Tracer.Tracer).span(
    `sinch.voice.webhook.${event.event}`,
    propagatedParent(Context.getOption(runtime.context, Tracer.ParentSpan)),
    Context.empty(),
    Chunk.toReadonlyArray(FiberRefs.getOrDefault(fiberRefs, FiberRef.currentTracerSpanLinks)),
    timing ? clock.unsafeCurrentTimeNanos() : BigInt(0),
    "server",
    // a stack trace per callback costs more than the rest of the span
    { kind: "server", captureStackTrace: false }
  )
  HashMap.forEach(
    FiberRefs.getOrDefault(fiberRefs, FiberRef.currentTracerSpanAnnotations),
    (value, key) => span.attribute(key, value)
  )
  span.attribute("sinch.voice.callid", event.callid)
  span.attribute("sinch.voice.event", event.event)
  return {
    span,
    end: (exit) => {
      if (span.status._tag === "Ended") return
      if (Exit.isSuccess(exit)) span.attribute("sinch.voice.outcome", exit.value.outcome)
      span.end(timing ? clock.unsafeCurrentTimeNanos() : BigInt(0), exit)
    }
  }
}

/** Runs `effect` as part of a callback: with its log annotations, inside its span. */
const withinCallback = <A, E, R>(
  effect: Effect.Effect<A, E, R>,
  event: Events.CallbackEvent,
  span: CallbackSpan | undefined
): Effect.Effect<A, E, R> => {
  const annotated = Effect.annotateLogs(effect, {
    "sinch.voice.callid": event.callid,
    "sinch.voice.event": event.event
  })
  return span === undefined ? annotated : Effect.withParentSpan(annotated, span.span)
}

/**
 * Builds the webhooks from the handlers. The handlers' requirements are taken from the context
 * where this runs (e.g. the layer's), so the resulting endpoint needs nothing but the request.
 *
 * A callback whose handler answers without waiting (e.g. `Effect.succeed(document)`) is verified,
 * decoded, dispatched and encoded without a fiber of its own: a server adapter then writes the
 * answer at once (see `HandleSteps`).
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make = <E = never, R = never>(
  handlers: Handlers<E, R>,
  options: Options = {}
): Effect.Effect<Service, never, R | WebhookVerifier.WebhookVerifier> =>
  Effect.gen(function*() {
    const handlersContext = yield* Effect.context<R>()
    const verifier = yield* WebhookVerifier.WebhookVerifier
    const timeout = Duration.decode(options.timeout ?? defaultTimeout)
    const maxBodyBytes = options.maxBodyBytes ?? defaultMaxBodyBytes
    const validate = Documents.validateWith(options.validation)
    const prepared = {
      ice: {
        byDefault: prepare(encoders.ice, defaults.ice),
        onFailure: prepare(encoders.ice, options.fallback?.ice ?? { action: Actions.hangup() })
      },
      ace: {
        byDefault: prepare(encoders.ace, defaults.ace),
        onFailure: prepare(encoders.ace, options.fallback?.ace ?? { action: Actions.hangup() })
      },
      pie: {
        byDefault: prepare(encoders.pie, defaults.pie),
        onFailure: prepare(encoders.pie, options.fallback?.pie ?? { action: Actions.hangup() })
      }
    }

    const timedOut = Effect.as(
      Effect.logError(
        `Sinch webhook handler ran past its ${Duration.format(timeout)} deadline; answering with the fallback`
      ),
      { outcome: "timed-out" as const }
    )

    // Runs a handler under the deadline; a failure or timeout is logged here and reported as an outcome.
    // A handler that returns an `Exit` (`Effect.succeed(document)`, `Effect.void`) needs no fiber.
    // Otherwise the handler runs in a fiber of its own, started at once: a handler that answers without
    // waiting is done right here, with no timer. Else the deadline races the wait for the handler's
    // fiber, not the handler itself, so a handler that ignores interruption cannot hold the answer
    // back; it is interrupted in the background.
    const runHandler = <A>(
      runtime: Runtime.Runtime<never>,
      event: Events.CallbackEvent,
      span: CallbackSpan | undefined,
      run: () => Effect.Effect<A, E, R>
    ): Effect.Effect<Ran<A>> => {
      const fromExit = (exit: Exit.Exit<A, E>): Effect.Effect<Ran<A>> =>
        Exit.isSuccess(exit)
          ? Exit.succeed({ value: exit.value })
          : withinCallback(
            Effect.as(Effect.logError("Sinch webhook handler failed; answering with the fallback", exit.cause), failed),
            event,
            span
          )
      let effect: Effect.Effect<A, E, R>
      try {
        effect = run()
      } catch (defect) {
        return fromExit(Exit.die(defect))
      }
      if (isExit(effect)) return fromExit(effect)
      // the handlers' context on top of the request's (cheaper than `Effect.provide` in the fiber)
      const context = Context.merge(runtime.context, handlersContext)
      const fiber = Runtime.runFork(
        Runtime.make({
          context: span === undefined ? context : Context.add(context, Tracer.ParentSpan, span.span),
          runtimeFlags: runtime.runtimeFlags,
          fiberRefs: runtime.fiberRefs
        }),
        Effect.annotateLogs(effect, { "sinch.voice.callid": event.callid, "sinch.voice.event": event.event })
      )
      const exit = fiber.unsafePoll()
      if (exit !== null) return fromExit(exit)
      return Fiber.await(fiber).pipe(
        Effect.timeoutTo({
          duration: timeout,
          onSuccess: fromExit,
          onTimeout: () => Effect.zipRight(Fiber.interruptFork(fiber), withinCallback(timedOut, event, span))
        }),
        Effect.flatten,
        Effect.onInterrupt(() => Fiber.interruptFork(fiber))
      )
    }

    const answer = <
      K extends "ice" | "ace" | "pie",
      D extends Documents.IceResponse | Documents.AceResponse | Documents.PieResponse
    >(
      runtime: Runtime.Runtime<never>,
      event: Events.CallbackEvent & { readonly event: K },
      span: CallbackSpan | undefined,
      encode: (document: D) => Either.Either<unknown, ParseResult.ParseError>,
      handler: (() => Effect.Effect<D, E, R>) | undefined,
      documents: { readonly byDefault: Prepared<D>; readonly onFailure: Prepared<D> }
    ): Effect.Effect<SvamlReply<K, D>> => {
      const reply = (document: Prepared<D>, outcome: Outcome): SvamlReply<K, D> => ({
        event: event.event,
        callid: event.callid,
        outcome,
        svaml: document.svaml,
        json: document.json
      })
      if (handler === undefined) return Exit.succeed(reply(documents.byDefault, "default"))
      const invalid = (cause: Cause.Cause<unknown>) =>
        withinCallback(
          Effect.as(
            Effect.logError("Sinch webhook handler returned invalid SVAML; answering with the fallback", cause),
            reply(documents.onFailure, "invalid-svaml")
          ),
          event,
          span
        )
      const encodeValid = (valid: D): Effect.Effect<SvamlReply<K, D>> => {
        const encoded = encode(valid)
        return encoded._tag === "Left"
          ? invalid(Cause.empty)
          : Exit.succeed({
            event: event.event,
            callid: event.callid,
            outcome: "handled",
            svaml: valid,
            json: JSON.stringify(encoded.right)
          })
      }
      return chain(runHandler(runtime, event, span, handler), (result) => {
        if ("outcome" in result) return Exit.succeed(reply(documents.onFailure, result.outcome))
        const validated = validate(result.value)
        if (isExit(validated)) {
          return Exit.isSuccess(validated) ? encodeValid(validated.value) : invalid(validated.cause)
        }
        return Effect.matchCauseEffect(validated, { onFailure: invalid, onSuccess: encodeValid })
      })
    }

    const acknowledge = <K extends "dice" | "notify">(
      runtime: Runtime.Runtime<never>,
      event: Events.CallbackEvent & { readonly event: K },
      span: CallbackSpan | undefined,
      handler: (() => Effect.Effect<void, E, R>) | undefined
    ): Effect.Effect<EmptyReply<K>> =>
      handler === undefined
        ? Exit.succeed({ event: event.event, callid: event.callid, outcome: "default" })
        : chain(runHandler(runtime, event, span, handler), (result) =>
          Exit.succeed({
            event: event.event,
            callid: event.callid,
            outcome: "outcome" in result ? result.outcome : "handled"
          }))

    const route = (
      runtime: Runtime.Runtime<never>,
      event: Events.CallbackEvent,
      span: CallbackSpan | undefined,
      callbackContext: CallbackContext
    ): Effect.Effect<Reply> => {
      switch (event.event) {
        case "ice": {
          const handler = handlers.ice
          return answer(
            runtime,
            event,
            span,
            encoders.ice,
            handler && (() => handler(event, callbackContext)),
            prepared.ice
          )
        }
        case "ace": {
          const handler = handlers.ace
          return answer(
            runtime,
            event,
            span,
            encoders.ace,
            handler && (() => handler(event, callbackContext)),
            prepared.ace
          )
        }
        case "pie": {
          const handler = handlers.pie
          return answer(
            runtime,
            event,
            span,
            encoders.pie,
            handler && (() => handler(event, callbackContext)),
            prepared.pie
          )
        }
        case "dice": {
          const handler = handlers.dice
          return acknowledge(runtime, event, span, handler && (() => handler(event, callbackContext)))
        }
        case "notify": {
          const handler = handlers.notify
          return acknowledge(runtime, event, span, handler && (() => handler(event, callbackContext)))
        }
      }
    }

    // The span `sinch.voice.webhook.<event>` around the handling; ended at once when the reply is known.
    const dispatchIn = (
      runtime: Runtime.Runtime<never>,
      event: Events.CallbackEvent,
      callbackContext: CallbackContext
    ): Effect.Effect<Reply> => {
      const span = startSpan(runtime, event)
      const handled = route(runtime, event, span, callbackContext)
      if (span === undefined) return handled
      if (isExit(handled)) {
        span.end(handled)
        return handled
      }
      return Effect.onExit(handled, (exit) => Effect.sync(() => span.end(exit)))
    }

    const dispatch = (event: Events.CallbackEvent, partial: Partial<CallbackContext> = {}): Effect.Effect<Reply> =>
      Effect.flatMap(Effect.runtime<never>(), (runtime) =>
        dispatchIn(runtime, event, {
          headers: partial.headers ?? Headers.empty,
          applicationKey: partial.applicationKey ?? Option.fromNullable(event.applicationKey)
        }))

    const refuse = (error: WebhookError.VerificationError | WebhookError.RequestError): Effect.Effect<Answer> =>
      Effect.logWarning(`Sinch webhook request refused: ${error.message}`).pipe(
        Effect.annotateLogs({ "sinch.voice.refusal": error._tag }),
        Effect.as<Answer>({ status: statusOf(error), contentType: "text/plain", body: statusText(error) })
      )

    // What needs only the headers is checked before the body is read, so junk is cheap to refuse.
    const check = (method: string, headers: Headers.Headers): Effect.Effect<Answer> | undefined => {
      if (method !== "POST") return Exit.succeed(methodNotAllowed)
      const refused = internal.checkHeaders(headers, maxBodyBytes)
      return refused === undefined ? undefined : refuse(refused)
    }

    const answerRequest = (runtime: Runtime.Runtime<never>, request: BufferedRequest): Effect.Effect<Answer> => {
      const { body, headers, method } = request
      const toVerify = { method, path: internal.requestPath(request.url), headers, body }
      const verified = verifier.unsafeVerify === undefined
        ? verifier.verify(toVerify)
        : fromEither(
          verifier.unsafeVerify(toVerify, Context.get(servicesOf(runtime), Clock.Clock).unsafeCurrentTimeMillis())
        )
      const replied = chain(verified, (verified) => {
        const event = internal.decodeEvent(body)
        return Either.isLeft(event)
          ? Exit.fail(event.left)
          : dispatchIn(runtime, event.right, { headers, applicationKey: Option.some(verified.applicationKey) })
      })
      if (isExit(replied)) {
        if (Exit.isSuccess(replied)) return Exit.succeed(toAnswer(replied.value))
        const failure = Cause.failureOption(replied.cause)
        if (Option.isSome(failure)) return refuse(failure.value)
      }
      return Effect.matchEffect(replied, { onFailure: refuse, onSuccess: (reply) => Effect.succeed(toAnswer(reply)) })
    }

    const handle = (request: IncomingRequest): Effect.Effect<Answer> =>
      check(request.method, request.headers) ?? request.body(maxBodyBytes).pipe(
        Effect.flatMap((body) =>
          Effect.flatMap(Effect.runtime<never>(), (runtime) => answerRequest(runtime, { ...request, body }))
        ),
        Effect.catchAll(refuse)
      )

    const httpApp: HttpApp.Default = Effect.flatMap(HttpServerRequest.HttpServerRequest, (request) =>
      Effect.map(
        handle({
          method: request.method,
          url: request.originalUrl,
          headers: request.headers,
          body: (maxBytes) => internal.readBody(request, maxBytes)
        }),
        toServerResponse
      ))

    const steps: HandleSteps = { maxBodyBytes, check, answer: answerRequest, refuse }

    return Webhooks.of({ httpApp, handle, dispatch, steps })
  })

/**
 * The HTTP response for a reply: 200 with the SVAML JSON, or an empty 200.
 *
 * @since 0.1.0
 * @category Conversions
 */
export const toResponse = (reply: Reply): HttpServerResponse.HttpServerResponse => toServerResponse(toAnswer(reply))

/**
 * The answer to a reply: 200 with the SVAML JSON, or an empty 200.
 *
 * @since 0.1.0
 * @category Conversions
 */
export const toAnswer = (reply: Reply): Answer =>
  "json" in reply
    ? { status: 200, contentType: "application/json", body: reply.json }
    : emptyAnswer

const emptyAnswer: Answer = { status: 200 }

const methodNotAllowed: Answer = { status: 405, headers: { allow: "POST" } }

const toServerResponse = (answer: Answer): HttpServerResponse.HttpServerResponse =>
  answer.body === undefined
    ? HttpServerResponse.empty({ status: answer.status, headers: answer.headers ?? {} })
    : HttpServerResponse.text(answer.body, {
      status: answer.status,
      headers: answer.headers ?? {},
      contentType: answer.contentType ?? "text/plain"
    })

/**
 * The HTTP status a refused request gets.
 *
 * @since 0.1.0
 * @category Conversions
 */
export const statusOf = (error: WebhookError.VerificationError | WebhookError.RequestError): number => {
  switch (error._tag) {
    case "PayloadTooLarge":
      return 413
    case "UnsupportedMediaType":
      return 415
    case "MalformedEvent":
      return 400
    default:
      return 401
  }
}

// Refusals say what kind of problem it was, not the details (those are logged).
const statusText = (error: WebhookError.VerificationError | WebhookError.RequestError): string =>
  statusOf(error) === 401 ? "Unauthorized" : error.message

/**
 * @since 0.1.0
 * @category Layers
 */
export const layer = <E = never, R = never>(
  handlers: Handlers<E, R>,
  options?: Options
): Layer.Layer<Webhooks, never, R | WebhookVerifier.WebhookVerifier> => Layer.effect(Webhooks, make(handlers, options))

/**
 * The endpoint of the `Webhooks` in context, to mount in a router:
 * `HttpRouter.post("/sinch/callback", Webhooks.httpApp)`.
 *
 * @since 0.1.0
 * @category Accessors
 */
export const httpApp: HttpApp.Default<never, Webhooks> = Effect.flatMap(Webhooks, (webhooks) => webhooks.httpApp)

/**
 * Runs the handler of the `Webhooks` in context for an already decoded event (no HTTP, no
 * verification): what a simulator or a test uses to drive the application's handlers.
 *
 * @since 0.1.0
 * @category Accessors
 */
export const dispatch = (
  event: Events.CallbackEvent,
  context?: Partial<CallbackContext>
): Effect.Effect<Reply, never, Webhooks> => Effect.flatMap(Webhooks, (webhooks) => webhooks.dispatch(event, context))
