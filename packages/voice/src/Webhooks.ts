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
import type * as Documents from "@effect-sinch/svaml/Documents"
import * as Headers from "@effect/platform/Headers"
import type * as HttpApp from "@effect/platform/HttpApp"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import type * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import type * as Runtime from "effect/Runtime"
import type * as Events from "./Events.js"
import * as OptionChecks from "./internal/optionChecks.js"
import * as WebhookAnswer from "./internal/webhookAnswer.js"
import * as WebhookDispatch from "./internal/webhookDispatch.js"
import * as WebhookHttp from "./internal/webhookHttp.js"
import type * as VoiceError from "./VoiceError.js"
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
): Effect.Effect<Service, VoiceError.InvalidConfiguration, R | WebhookVerifier.WebhookVerifier> =>
  Effect.gen(function*() {
    const timeout = yield* OptionChecks.duration("timeout", options.timeout, defaultTimeout, { allowInfinite: true })
    const maxBodyBytes = yield* OptionChecks.integer("maxBodyBytes", options.maxBodyBytes, defaultMaxBodyBytes)
    const handlersContext = yield* Effect.context<R>()
    const verifier = yield* WebhookVerifier.WebhookVerifier
    const dispatchIn = WebhookDispatch.make(handlers, handlersContext, {
      timeout,
      validation: options.validation,
      defaults,
      fallback: options.fallback
    })

    const dispatch = (event: Events.CallbackEvent, partial: Partial<CallbackContext> = {}): Effect.Effect<Reply> =>
      Effect.flatMap(Effect.runtime<never>(), (runtime) =>
        dispatchIn(runtime, event, {
          headers: partial.headers ?? Headers.empty,
          applicationKey: partial.applicationKey ?? Option.fromNullable(event.applicationKey)
        }))

    const { handle, ...steps } = WebhookAnswer.make(verifier, dispatchIn, maxBodyBytes)

    const httpApp: HttpApp.Default = Effect.flatMap(HttpServerRequest.HttpServerRequest, (request) =>
      Effect.map(
        handle({
          method: request.method,
          url: request.originalUrl,
          headers: request.headers,
          body: (maxBytes) => WebhookHttp.readBody(request, maxBytes)
        }),
        WebhookAnswer.toServerResponse
      ))

    return Webhooks.of({ httpApp, handle, dispatch, steps })
  })

/**
 * The HTTP response for a reply: 200 with the SVAML JSON, or an empty 200.
 *
 * @since 0.1.0
 * @category Conversions
 */
export const toResponse = (reply: Reply): HttpServerResponse.HttpServerResponse =>
  WebhookAnswer.toServerResponse(toAnswer(reply))

/**
 * The answer to a reply: 200 with the SVAML JSON, or an empty 200.
 *
 * @since 0.1.0
 * @category Conversions
 */
export const toAnswer: (reply: Reply) => Answer = WebhookAnswer.toAnswer

/**
 * The HTTP status a refused request gets.
 *
 * @since 0.1.0
 * @category Conversions
 */
export const statusOf: (error: WebhookError.VerificationError | WebhookError.RequestError) => number =
  WebhookAnswer.statusOf

/**
 * Fails with `InvalidConfiguration` when `timeout` is not a positive duration or `maxBodyBytes` not
 * a whole number from 1.
 *
 * @since 0.1.0
 * @category Layers
 */
export const layer = <E = never, R = never>(
  handlers: Handlers<E, R>,
  options?: Options
): Layer.Layer<Webhooks, VoiceError.InvalidConfiguration, R | WebhookVerifier.WebhookVerifier> =>
  Layer.effect(Webhooks, make(handlers, options))

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
