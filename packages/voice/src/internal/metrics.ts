/**
 * The updates of `VoiceMetrics` by the client and the webhooks. The tagged metrics are built once
 * (per operation, outcome, status or event) so that an update allocates no tag array: Effect caches
 * a metric's registry entry by the identity of its tag array.
 */
import * as Cause from "effect/Cause"
import type * as Clock from "effect/Clock"
import * as Exit from "effect/Exit"
import * as Metric from "effect/Metric"
import * as MetricLabel from "effect/MetricLabel"
import type * as Events from "../Events.js"
import * as VoiceMetrics from "../VoiceMetrics.js"
import type * as Webhooks from "../Webhooks.js"

/** Labels of the caller's fiber (`Effect.tagMetrics`), added to ours. */
export type Labels = ReadonlyArray<MetricLabel.MetricLabel>

/** Milliseconds from `startNanos` (read on `clock`) until now. */
export const millisSince = (clock: Clock.Clock, startNanos: bigint): number =>
  Number(clock.unsafeCurrentTimeNanos() - startNanos) / 1e6

/** `success`, the failure's `_tag`, `interrupted` or `defect`. */
const outcomeOf = (exit: Exit.Exit<unknown, { readonly _tag: string }>): string => {
  if (Exit.isSuccess(exit)) return "success"
  const failure = Cause.failureOption(exit.cause)
  if (failure._tag === "Some") return failure.value._tag
  return Cause.isInterruptedOnly(exit.cause) ? "interrupted" : "defect"
}

/** A metric per key, tagged on first use. */
const perKey = <K, M>(tag: (key: K) => M) => {
  const metrics = new Map<K, M>()
  return (key: K): M => {
    let metric = metrics.get(key)
    if (metric === undefined) {
      metric = tag(key)
      metrics.set(key, metric)
    }
    return metric
  }
}

/** What the client records for one operation. */
export interface OperationMetrics {
  /** A call ended (after all its attempts), `millis` after it began. */
  readonly completed: (exit: Exit.Exit<unknown, { readonly _tag: string }>, millis: number, labels: Labels) => void
  /** An attempt after the first began. */
  readonly retried: (labels: Labels) => void
  /** An attempt got an HTTP answer. */
  readonly responded: (status: number, labels: Labels) => void
}

/** The metrics of the operation `operation` (e.g. `callouts.tts`). */
export const operation = (operation: string): OperationMetrics => {
  const operationLabel = MetricLabel.make("operation", operation)
  const byOutcome = perKey((outcome: string) => {
    const tags = [operationLabel, MetricLabel.make("outcome", outcome)]
    return {
      requests: Metric.taggedWithLabels(VoiceMetrics.requests, tags),
      duration: Metric.taggedWithLabels(VoiceMetrics.requestDuration, tags)
    }
  })
  const byStatus = perKey((status: number) =>
    Metric.taggedWithLabels(VoiceMetrics.responses, [operationLabel, MetricLabel.make("status", String(status))])
  )
  const retries = Metric.taggedWithLabels(VoiceMetrics.retries, [operationLabel])
  return {
    completed: (exit, millis, labels) => {
      const metrics = byOutcome(outcomeOf(exit))
      metrics.requests.unsafeUpdate(1, labels)
      metrics.duration.unsafeUpdate(millis, labels)
    },
    retried: (labels) => retries.unsafeUpdate(1, labels),
    responded: (status, labels) => byStatus(status).unsafeUpdate(1, labels)
  }
}

const callbacksByEvent = perKey((event: Events.CallbackEvent["event"]) => {
  const eventLabel = MetricLabel.make("event", event)
  return {
    duration: Metric.taggedWithLabels(VoiceMetrics.callbackDuration, [eventLabel]),
    byOutcome: perKey((outcome: string) =>
      Metric.taggedWithLabels(VoiceMetrics.callbacks, [eventLabel, MetricLabel.make("outcome", outcome)])
    )
  }
})

/** A callback of `event` was answered (or interrupted), `millis` after its dispatch. */
export const callbackHandled = (
  event: Events.CallbackEvent["event"],
  exit: Exit.Exit<Webhooks.Reply>,
  millis: number,
  labels: Labels
): void => {
  const metrics = callbacksByEvent(event)
  metrics.byOutcome(Exit.isSuccess(exit) ? exit.value.outcome : "interrupted").unsafeUpdate(1, labels)
  metrics.duration.unsafeUpdate(millis, labels)
}

/** A webhook request refused, by the `_tag` of its error. */
export const callbackRefused: (reason: string) => Metric.Metric.Counter<number> = perKey((reason: string) =>
  Metric.taggedWithLabels(VoiceMetrics.callbacksRefused, [MetricLabel.make("reason", reason)])
)
