/**
 * Captures everything an application could end up showing: every log line (rendered by Effect's
 * logfmt and JSON loggers, at every level), every span with its attributes, events and exit, and
 * every error a test hands over. `text` joins it all, to search for secrets.
 */
import * as Cause from "effect/Cause"
import type * as Context from "effect/Context"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"
import * as LogLevel from "effect/LogLevel"
import * as Option from "effect/Option"
import * as Tracer from "effect/Tracer"

export interface RecordedSpan {
  readonly name: string
  readonly attributes: Map<string, unknown>
  readonly events: Array<{ readonly name: string; readonly attributes: Record<string, unknown> | undefined }>
  exit: Exit.Exit<unknown, unknown> | undefined
}

const show = (value: unknown): string => {
  if (typeof value === "string") return value
  try {
    return `${String(value)} ${JSON.stringify(value)}`
  } catch {
    return String(value)
  }
}

export class Recorder {
  readonly logLines: Array<string> = []
  readonly spans: Array<RecordedSpan> = []
  readonly errors: Array<string> = []

  /** Records an error as an application would print it: message, string, JSON and pretty cause. */
  error(error: unknown): void {
    this.errors.push(show(error))
    if (typeof error === "object" && error !== null && "message" in error) this.errors.push(String(error.message))
    this.errors.push(Cause.pretty(Cause.fail(error)))
  }

  get text(): string {
    const spans = this.spans.map((span) =>
      [
        span.name,
        ...Array.from(span.attributes, ([key, value]) => `${key}=${show(value)}`),
        ...span.events.map((event) => `${event.name} ${show(event.attributes)}`),
        span.exit === undefined || Exit.isSuccess(span.exit) ? "" : Cause.pretty(span.exit.cause)
      ].join("\n")
    )
    return [...this.logLines, ...spans, ...this.errors].join("\n")
  }

  get tracer(): Tracer.Tracer {
    const spans = this.spans
    let ids = 0
    return Tracer.make({
      span(name, parent, context: Context.Context<never>, links, startTime, kind) {
        const recorded: RecordedSpan = { name, attributes: new Map(), events: [], exit: undefined }
        spans.push(recorded)
        const spanId = `span-${++ids}`
        let status: Tracer.SpanStatus = { _tag: "Started", startTime }
        return {
          _tag: "Span",
          name,
          spanId,
          traceId: Option.match(parent, { onNone: () => `trace-${spanId}`, onSome: (parent) => parent.traceId }),
          parent,
          context,
          get status() {
            return status
          },
          attributes: recorded.attributes,
          links: [...links],
          sampled: true,
          kind,
          end(endTime, exit) {
            recorded.exit = exit
            status = { _tag: "Ended", startTime, endTime, exit }
          },
          attribute(key, value) {
            recorded.attributes.set(key, value)
          },
          event(name, _startTime, attributes) {
            recorded.events.push({ name, attributes })
          },
          addLinks() {}
        }
      },
      context: (f) => f()
    })
  }

  /** The test logger (every level) and tracer, replacing the defaults. */
  get layer(): Layer.Layer<never> {
    const lines = this.logLines
    const logger = Logger.make<unknown, void>((options) => {
      lines.push(Logger.logfmtLogger.log(options))
      lines.push(Logger.jsonLogger.log(options))
    })
    return Layer.mergeAll(
      Logger.replace(Logger.defaultLogger, logger),
      Logger.minimumLogLevel(LogLevel.All),
      Layer.setTracer(this.tracer)
    )
  }
}
