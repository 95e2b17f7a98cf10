/**
 * Examples for docs/observability.md, type-checked by `pnpm check` and run by
 * packages/voice/test/VoiceMetrics.test.ts.
 */
import { VoiceMetrics } from "@effect-sinch/voice"
import * as Effect from "effect/Effect"
import * as Metric from "effect/Metric"
import * as MetricState from "effect/MetricState"

const valueOf = (state: MetricState.MetricState.Untyped): string => {
  if (MetricState.isCounterState(state)) return String(state.count)
  if (MetricState.isGaugeState(state)) return String(state.value)
  if (MetricState.isHistogramState(state)) return `count=${state.count} sum=${state.sum.toFixed(1)}`
  return "?"
}

// Every series of effect-sinch's metrics, one line each, the way an exporter sees them:
// sinch_voice_requests_total{operation="callouts.tts",outcome="success"} 12
export const sinchMetrics: Effect.Effect<ReadonlyArray<string>> = Effect.map(
  Metric.snapshot,
  (pairs) =>
    pairs
      .filter(({ metricKey }) => metricKey.name.startsWith("sinch_voice_"))
      .map(({ metricKey, metricState }) =>
        `${metricKey.name}{${metricKey.tags.map((tag) => `${tag.key}="${tag.value}"`).join(",")}} ${
          valueOf(metricState)
        }`
      )
)

// One series read directly: the tags in the documented order (operation, then outcome)
export const failedCallouts: Effect.Effect<number> = Metric.value(
  VoiceMetrics.requests.pipe(Metric.tagged("operation", "callouts.tts"), Metric.tagged("outcome", "ServerError"))
).pipe(Effect.map((state) => state.count))

// Labels of your own are added to the client's and the webhooks' tags, e.g. one per tenant
export const forTenant = (tenant: string) => <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.tagMetrics(effect, "tenant", tenant)
