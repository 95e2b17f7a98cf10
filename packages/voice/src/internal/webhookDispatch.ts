/**
 * The dispatch of a decoded event to the application's handler, for `Webhooks`: the handler runs
 * under its deadline, its SVAML is validated and encoded once, and a handler that fails, times out
 * or returns invalid SVAML is answered with the fallback. A handler that answers without waiting
 * runs without a fiber, and the reply is then an `Exit` (see `webhookExit`).
 */
import * as Actions from "@effect-sinch/svaml/Actions"
import * as Documents from "@effect-sinch/svaml/Documents"
import * as Cause from "effect/Cause"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type * as Either from "effect/Either"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as FiberRef from "effect/FiberRef"
import * as FiberRefs from "effect/FiberRefs"
import type * as ParseResult from "effect/ParseResult"
import * as Runtime from "effect/Runtime"
import * as Schema from "effect/Schema"
import * as Tracer from "effect/Tracer"
import type * as Events from "../Events.js"
import type * as Webhooks from "../Webhooks.js"
import * as metrics from "./metrics.js"
import { chain, isExit } from "./webhookExit.js"
import * as Span from "./webhookSpan.js"

const hangupJson = JSON.stringify({ action: { name: "hangup" } })

type Ran<A> = { readonly value: A } | { readonly outcome: "failed" | "timed-out" }

const failed = { outcome: "failed" as const }

type Encode<D> = (document: D) => Either.Either<unknown, ParseResult.ParseError>

/** A document and its JSON, encoded once. */
interface Prepared<D> {
  readonly svaml: D
  readonly json: string
}

const prepare = <D>(encode: Encode<D>, svaml: D): Prepared<D> => {
  const encoded = encode(svaml)
  return { svaml, json: encoded._tag === "Right" ? JSON.stringify(encoded.right) : hangupJson }
}

/** How an event's SVAML is encoded, and its documents without a handler and on failure, encoded once. */
interface Answers<D> {
  readonly encode: Encode<D>
  readonly byDefault: Prepared<D>
  readonly onFailure: Prepared<D>
}

const answers = <D>(encode: Encode<D>, byDefault: D, onFailure: D): Answers<D> => ({
  encode,
  byDefault: prepare(encode, byDefault),
  onFailure: prepare(encode, onFailure)
})

/** The handler applied to its event and context, to run when needed. */
const applied = <Event, A>(
  handler: ((event: Event, context: Webhooks.CallbackContext) => A) | undefined,
  event: Event,
  context: Webhooks.CallbackContext
): (() => A) | undefined => handler && (() => handler(event, context))

/**
 * What the dispatcher needs besides the handlers.
 *
 * @internal
 */
export interface Options {
  readonly timeout: Duration.Duration
  readonly validation: Documents.ValidationOptions | undefined
  readonly defaults: {
    readonly ice: Documents.IceResponse
    readonly ace: Documents.AceResponse
    readonly pie: Documents.PieResponse
  }
  readonly fallback: Webhooks.Options["fallback"]
}

/**
 * Dispatches an event to its handler in `runtime`, inside the callback's span
 * `sinch.voice.webhook.<event>` (ended at once when the reply is known). Never fails. The
 * handlers' requirements come from `handlersContext`.
 *
 * @internal
 */
export const make = <E, R>(
  handlers: Webhooks.Handlers<E, R>,
  handlersContext: Context.Context<R>,
  options: Options
): (
  runtime: Runtime.Runtime<never>,
  event: Events.CallbackEvent,
  callbackContext: Webhooks.CallbackContext
) => Effect.Effect<Webhooks.Reply> => {
  const { defaults, fallback, timeout } = options
  const validate = Documents.validateWith(options.validation)
  const prepared = {
    ice: answers(
      Schema.encodeEither(Documents.IceResponse),
      defaults.ice,
      fallback?.ice ?? { action: Actions.hangup() }
    ),
    ace: answers(
      Schema.encodeEither(Documents.AceResponse),
      defaults.ace,
      fallback?.ace ?? { action: Actions.hangup() }
    ),
    pie: answers(
      Schema.encodeEither(Documents.PieResponse),
      defaults.pie,
      fallback?.pie ?? { action: Actions.hangup() }
    )
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
    span: Span.CallbackSpan | undefined,
    run: () => Effect.Effect<A, E, R>
  ): Effect.Effect<Ran<A>> => {
    const fromExit = (exit: Exit.Exit<A, E>): Effect.Effect<Ran<A>> =>
      Exit.isSuccess(exit)
        ? Exit.succeed({ value: exit.value })
        : Span.within(
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
        onTimeout: () => Effect.zipRight(Fiber.interruptFork(fiber), Span.within(timedOut, event, span))
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
    span: Span.CallbackSpan | undefined,
    handler: (() => Effect.Effect<D, E, R>) | undefined,
    documents: Answers<D>
  ): Effect.Effect<Webhooks.SvamlReply<K, D>> => {
    const reply = (document: Prepared<D>, outcome: Webhooks.Outcome): Webhooks.SvamlReply<K, D> => ({
      event: event.event,
      callid: event.callid,
      outcome,
      svaml: document.svaml,
      json: document.json
    })
    if (handler === undefined) return Exit.succeed(reply(documents.byDefault, "default"))
    const invalid = (cause: Cause.Cause<unknown>) =>
      Span.within(
        Effect.as(
          Effect.logError("Sinch webhook handler returned invalid SVAML; answering with the fallback", cause),
          reply(documents.onFailure, "invalid-svaml")
        ),
        event,
        span
      )
    const encodeValid = (valid: D): Effect.Effect<Webhooks.SvamlReply<K, D>> => {
      const encoded = documents.encode(valid)
      return encoded._tag === "Left"
        // rare (an untyped handler): say why in the context's own words, e.g. "action `continue` is
        // not allowed in ICE; allowed: …", rather than the schema's tree
        ? Effect.matchCauseEffect(Documents.parse(event.event, options.validation)(valid), {
          onFailure: invalid,
          onSuccess: () => invalid(Cause.empty)
        })
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
    span: Span.CallbackSpan | undefined,
    handler: (() => Effect.Effect<void, E, R>) | undefined
  ): Effect.Effect<Webhooks.EmptyReply<K>> =>
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
    span: Span.CallbackSpan | undefined,
    context: Webhooks.CallbackContext
  ): Effect.Effect<Webhooks.Reply> => {
    switch (event.event) {
      case "ice":
        return answer(runtime, event, span, applied(handlers.ice, event, context), prepared.ice)
      case "ace":
        return answer(runtime, event, span, applied(handlers.ace, event, context), prepared.ace)
      case "pie":
        return answer(runtime, event, span, applied(handlers.pie, event, context), prepared.pie)
      case "dice":
        return acknowledge(runtime, event, span, applied(handlers.dice, event, context))
      case "notify":
        return acknowledge(runtime, event, span, applied(handlers.notify, event, context))
    }
  }

  // The span `sinch.voice.webhook.<event>` around the handling, and its metrics; both recorded at
  // once when the reply is known.
  return (runtime, event, callbackContext) => {
    const clock = Context.get(Span.servicesOf(runtime), Clock.Clock)
    const started = clock.unsafeCurrentTimeNanos()
    const span = Span.start(runtime, event)
    const handled = route(runtime, event, span, callbackContext)
    const end = (exit: Exit.Exit<Webhooks.Reply>) => {
      span?.end(exit)
      metrics.callbackHandled(
        event.event,
        exit,
        metrics.millisSince(clock, started),
        FiberRefs.getOrDefault(runtime.fiberRefs, FiberRef.currentMetricLabels)
      )
    }
    if (isExit(handled)) {
      end(handled)
      return handled
    }
    return Effect.onExit(handled, (exit) => Effect.sync(() => end(exit)))
  }
}
