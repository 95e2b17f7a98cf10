import type * as Tracer from "effect/Tracer"

/** `tracer`, also handing each span it opens to `spans` (to check names, attributes and nesting). */
export const recording = (tracer: Tracer.Tracer, spans: Array<Tracer.Span>): Tracer.Tracer => ({
  ...tracer,
  span: (...args) => {
    const span = tracer.span(...args)
    spans.push(span)
    return span
  }
})
