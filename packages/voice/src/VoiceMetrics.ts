/**
 * The metrics of the Voice API client, its circuit breaker and the webhooks, as `effect/Metric`s.
 *
 * They are always on: updating one is a few map lookups in Effect's global metric registry, with the
 * tagged metrics prepared once per operation, outcome and event. Nothing here exports them: whatever
 * reads Effect's registry does. `@effect/opentelemetry` (`NodeSdk.layer({ metricReader })` or
 * `Metrics.layer`) sends them to OpenTelemetry with the rest of the application's metrics: counters
 * as monotonic sums, histograms with their boundaries, gauges as gauges, and the tags as attributes.
 * `Metric.snapshot` reads them in-process (see `docs/observability.md`).
 *
 * Names follow the Prometheus/OpenTelemetry conventions: `_total` for counters, the unit for the
 * rest (`_ms`). Tags, in the order they are set (a metric's key includes its tags in order):
 *
 * | metric | tags |
 * |---|---|
 * | `sinch_voice_requests_total` | `operation`, `outcome` |
 * | `sinch_voice_request_duration_ms` | `operation`, `outcome` |
 * | `sinch_voice_retries_total` | `operation` |
 * | `sinch_voice_http_responses_total` | `operation`, `status` |
 * | `sinch_voice_callbacks_total` | `event`, `outcome` |
 * | `sinch_voice_callback_duration_ms` | `event` |
 * | `sinch_voice_callbacks_refused_total` | `reason` |
 * | `sinch_voice_circuit_breaker_state` | `host` |
 * | `sinch_voice_circuit_breaker_transitions_total` | `host`, `state` |
 *
 * Labels set with `Effect.tagMetrics` around the client's calls or the webhook server are added to
 * the tags above.
 *
 * @since 0.2.0
 */
import * as Metric from "effect/Metric"
import * as MetricBoundaries from "effect/MetricBoundaries"
import type * as CircuitBreaker from "./CircuitBreaker.js"

/**
 * Calls of Voice API operations, once each whatever the number of attempts, by `operation` (e.g.
 * `callouts.tts`) and `outcome`: `success`, the `_tag` of the error it failed with (`ServerError`,
 * `Timeout`, `CircuitOpen`, `InvalidInput`…), `interrupted` or `defect`.
 *
 * @since 0.2.0
 * @category Client
 */
export const requests: Metric.Metric.Counter<number> = Metric.counter("sinch_voice_requests_total", {
  description: "Calls of Sinch Voice API operations, by operation and outcome (success or the error's tag)",
  incremental: true
})

/**
 * The bounds (milliseconds) of `requestDuration`: OpenTelemetry's defaults for HTTP client
 * durations, extended to a minute for calls that retry.
 *
 * @since 0.2.0
 * @category Client
 */
export const requestDurationBoundaries: MetricBoundaries.MetricBoundaries = MetricBoundaries.fromIterable([
  5,
  10,
  25,
  50,
  75,
  100,
  250,
  500,
  750,
  1000,
  2500,
  5000,
  7500,
  10000,
  30000,
  60000
])

/**
 * How long calls of Voice API operations took in milliseconds, from the call to its outcome:
 * validation, every attempt and every wait between attempts. Tagged like `requests`.
 *
 * @since 0.2.0
 * @category Client
 */
export const requestDuration: Metric.Metric.Histogram<number> = Metric.histogram(
  "sinch_voice_request_duration_ms",
  requestDurationBoundaries,
  "Duration of Sinch Voice API calls in milliseconds, retries included, by operation and outcome"
)

/**
 * Attempts after the first one (retries), by `operation`.
 *
 * @since 0.2.0
 * @category Client
 */
export const retries: Metric.Metric.Counter<number> = Metric.counter("sinch_voice_retries_total", {
  description: "Retried attempts of Sinch Voice API calls, by operation",
  incremental: true
})

/**
 * HTTP answers received, one per attempt that got one, by `operation` and `status` (e.g. `200`,
 * `503`).
 *
 * @since 0.2.0
 * @category Client
 */
export const responses: Metric.Metric.Counter<number> = Metric.counter("sinch_voice_http_responses_total", {
  description: "HTTP responses received from Sinch, one per attempt, by operation and status code",
  incremental: true
})

/**
 * Callbacks dispatched to the application's handlers, by `event` (`ice`, `ace`, `pie`, `dice`,
 * `notify`) and `outcome` (`Webhooks.Outcome`: `handled`, `default`, `failed`, `timed-out`,
 * `invalid-svaml`; or `interrupted`).
 *
 * @since 0.2.0
 * @category Webhooks
 */
export const callbacks: Metric.Metric.Counter<number> = Metric.counter("sinch_voice_callbacks_total", {
  description: "Sinch Voice callbacks handled, by event and outcome",
  incremental: true
})

/**
 * The bounds (milliseconds) of `callbackDuration`: from 0.1 ms to the default 3-second deadline
 * and beyond.
 *
 * @since 0.2.0
 * @category Webhooks
 */
export const callbackDurationBoundaries: MetricBoundaries.MetricBoundaries = MetricBoundaries.fromIterable([
  0.1,
  0.25,
  0.5,
  1,
  2.5,
  5,
  10,
  25,
  50,
  100,
  250,
  500,
  1000,
  2500,
  5000
])

/**
 * How long a verified, decoded callback took to be answered in milliseconds: the handler and the
 * validation and encoding of its SVAML, by `event`.
 *
 * @since 0.2.0
 * @category Webhooks
 */
export const callbackDuration: Metric.Metric.Histogram<number> = Metric.histogram(
  "sinch_voice_callback_duration_ms",
  callbackDurationBoundaries,
  "Time to answer a verified Sinch Voice callback in milliseconds (handler and SVAML), by event"
)

/**
 * Webhook requests refused before any handler ran, by `reason`: the error's `_tag`
 * (`InvalidSignature`, `MalformedEvent`, `PayloadTooLarge`…).
 *
 * @since 0.2.0
 * @category Webhooks
 */
export const callbacksRefused: Metric.Metric.Counter<number> = Metric.counter(
  "sinch_voice_callbacks_refused_total",
  { description: "Sinch Voice webhook requests refused (verification or request errors), by reason", incremental: true }
)

/**
 * The state of the circuit breaker per `host`: 0 closed, 1 half-open, 2 open (see
 * `circuitBreakerStateValue`). Set on every transition; a host without a transition yet has no
 * value (it is closed).
 *
 * @since 0.2.0
 * @category Circuit breaker
 */
export const circuitBreakerState: Metric.Metric.Gauge<number> = Metric.gauge("sinch_voice_circuit_breaker_state", {
  description: "State of the Sinch Voice circuit breaker per host: 0 closed, 1 half-open, 2 open"
})

/**
 * Transitions of the circuit breaker, by `host` and the `state` entered (`closed`, `half-open`,
 * `open`).
 *
 * @since 0.2.0
 * @category Circuit breaker
 */
export const circuitBreakerTransitions: Metric.Metric.Counter<number> = Metric.counter(
  "sinch_voice_circuit_breaker_transitions_total",
  { description: "Transitions of the Sinch Voice circuit breaker, by host and state entered", incremental: true }
)

/**
 * The value `circuitBreakerState` takes for a state.
 *
 * @since 0.2.0
 * @category Circuit breaker
 */
export const circuitBreakerStateValue = (state: CircuitBreaker.State): number =>
  state === "closed" ? 0 : state === "half-open" ? 1 : 2
