/**
 * A callback's span `sinch.voice.webhook.<event>`, opened and ended without a fiber: what
 * `Effect.withSpan` does, at a fraction of its cost.
 */
import * as Chunk from "effect/Chunk"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as DefaultServices from "effect/DefaultServices"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as FiberRef from "effect/FiberRef"
import * as FiberRefs from "effect/FiberRefs"
import * as HashMap from "effect/HashMap"
import * as Option from "effect/Option"
import type * as Runtime from "effect/Runtime"
import * as Tracer from "effect/Tracer"
import type * as Events from "../Events.js"

/**
 * The default services (clock, tracer, ...) of `runtime`.
 *
 * @internal
 */
export const servicesOf = (runtime: Runtime.Runtime<never>) =>
  FiberRefs.getOrDefault(runtime.fiberRefs, DefaultServices.currentServices)

// The parent span the way `Effect.withSpan` finds it: the nearest one that does not disable propagation.
const propagatedParent = (span: Option.Option<Tracer.AnySpan>): Option.Option<Tracer.AnySpan> =>
  Option.flatMap(span, (parent) =>
    Context.get(parent.context, Tracer.DisablePropagation)
      ? parent._tag === "Span" ? propagatedParent(parent.parent) : Option.none()
      : Option.some(parent))

/**
 * A callback's span, and how to end it with the callback's reply (whose outcome it records).
 *
 * @internal
 */
export interface CallbackSpan {
  readonly span: Tracer.Span
  readonly end: (exit: Exit.Exit<{ readonly outcome: string }>) => void
}

/**
 * Opens the span of a callback in `runtime`, with its call id and event; `undefined` when tracing is off.
 *
 * @internal
 */
export const start = (runtime: Runtime.Runtime<never>, event: Events.CallbackEvent): CallbackSpan | undefined => {
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

/**
 * Runs `effect` as part of a callback: with its log annotations, inside its span.
 *
 * @internal
 */
export const within = <A, E, R>(
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
