/**
 * An optional circuit breaker for the Voice API client: when too many requests to a host fail, it
 * stops sending to that host for a while and fails fast with `VoiceError.CircuitOpen` (the request
 * was not sent), then lets one trial request through to see whether the host has recovered.
 *
 * Off by default: the client only uses it when this layer is provided, either to the client layer
 * (`SinchVoice.layer(...).pipe(Layer.provide(CircuitBreaker.layer(...)))`) or to the program.
 *
 * - **closed**: requests go through; outcomes are counted over a rolling `window` (10 buckets).
 *   Once at least `minimumRequests` completed in the window and the share of failures reaches
 *   `failureRatio`, the breaker **opens**.
 * - **open**: every request fails at once with `CircuitOpen`, until `resetAfter` has passed; then
 *   the breaker is **half-open**.
 * - **half-open**: one trial request goes through (others fail with `CircuitOpen`); its success
 *   closes the breaker with a fresh window, its failure opens it again for `resetAfter`.
 *
 * A failure is a response whose status is in `countStatuses` (default 500, 502, 503, 504) or, with
 * `countTransport` (default `true`), a transport failure or a timeout. Anything else, including a
 * 4xx, proves the host is answering and counts as a success. Each attempt (retries included) is one
 * request; hosts are tracked separately. Time is read from Effect's `Clock`. Transitions are logged
 * and recorded in `VoiceMetrics.circuitBreakerState` and `VoiceMetrics.circuitBreakerTransitions`.
 *
 * @example
 * ```ts
 * import { CircuitBreaker, SinchVoice } from "@effect-sinch/voice"
 * import * as Layer from "effect/Layer"
import * as Metric from "effect/Metric"
import * as MetricLabel from "effect/MetricLabel"
 * import * as Redacted from "effect/Redacted"
 *
 * const VoiceLive = SinchVoice.layer({
 *   applicationKey: "669E367E-6BBA-48AB-AF15-266871C28135",
 *   applicationSecret: Redacted.make("BeIukql3pTKJ8RGL5zo0DA==")
 * }).pipe(
 *   Layer.provide(CircuitBreaker.layer({
 *     failureRatio: 0.5,
 *     window: "30 seconds",
 *     minimumRequests: 10,
 *     resetAfter: "15 seconds"
 *   }))
 * )
 * ```
 *
 * @since 0.1.0
 */
import * as Cause from "effect/Cause"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Metric from "effect/Metric"
import * as MetricLabel from "effect/MetricLabel"
import * as Option from "effect/Option"
import * as Ref from "effect/Ref"
import * as VoiceError from "./VoiceError.js"
import * as VoiceMetrics from "./VoiceMetrics.js"

/**
 * @since 0.1.0
 * @category Models
 */
export interface Options {
  /** The share of failed requests in the window that opens the breaker, in (0, 1]. */
  readonly failureRatio: number
  /** How far back outcomes are counted. */
  readonly window: Duration.DurationInput
  /** How many requests must have completed in the window before the ratio is considered. */
  readonly minimumRequests: number
  /** How long the breaker stays open before letting a trial request through. */
  readonly resetAfter: Duration.DurationInput
  /** The response statuses that count as failures. Default: `defaultCountStatuses`. */
  readonly countStatuses?: ReadonlyArray<number> | undefined
  /** Whether transport failures and timeouts count as failures. Default: `true`. */
  readonly countTransport?: boolean | undefined
}

/**
 * @since 0.1.0
 * @category Models
 */
export type State = "closed" | "open" | "half-open"

/**
 * @since 0.1.0
 * @category Models
 */
export interface Service {
  /**
   * Runs one request to `host` through the breaker: fails with `CircuitOpen` without running it
   * when the breaker is open, otherwise runs it and counts its outcome.
   */
  readonly protect: <A, E extends VoiceError.VoiceError>(
    request: { readonly operation: string; readonly host: string },
    effect: Effect.Effect<A, E>
  ) => Effect.Effect<A, E | VoiceError.CircuitOpen>
  /** The state of the breaker for `host` (`closed` for a host never seen). */
  readonly state: (host: string) => Effect.Effect<State>
}

/**
 * @since 0.1.0
 * @category Context
 */
export class CircuitBreaker extends Context.Tag("@effect-sinch/voice/CircuitBreaker")<CircuitBreaker, Service>() {}

/**
 * The statuses counted as failures by default: those of an unhealthy server or gateway.
 *
 * @since 0.1.0
 * @category Constants
 */
export const defaultCountStatuses: ReadonlyArray<number> = [500, 502, 503, 504]

/**
 * The HTTP status behind an error, if it came from a response.
 *
 * @since 0.1.0
 * @category Utils
 */
export const statusOf = (error: VoiceError.VoiceError): number | undefined => {
  switch (error._tag) {
    case "BadRequest":
      return 400
    case "PaymentRequired":
      return 402
    case "NotFound":
      return 404
    case "RateLimited":
      return 429
    case "Unauthorized":
    case "ServerError":
    case "UnexpectedResponse":
      return error.status
    default:
      return undefined
  }
}

const bucketCount = 10

// transitions are rare: the tagged metrics are built when one happens
const recordTransition = (host: string, to: State): Effect.Effect<void> => {
  const hostLabel = MetricLabel.make("host", host)
  return Effect.zipRight(
    Metric.set(
      Metric.taggedWithLabels(VoiceMetrics.circuitBreakerState, [hostLabel]),
      VoiceMetrics.circuitBreakerStateValue(to)
    ),
    Metric.increment(
      Metric.taggedWithLabels(VoiceMetrics.circuitBreakerTransitions, [hostLabel, MetricLabel.make("state", to)])
    )
  )
}

interface Bucket {
  readonly start: number
  readonly total: number
  readonly failures: number
}

interface HostState {
  readonly state: State
  /** Bumped on every transition, so that outcomes of requests admitted before it are ignored. */
  readonly generation: number
  readonly buckets: ReadonlyArray<Bucket>
  readonly openedAt: number
  readonly trialInFlight: boolean
}

const initial: HostState = { state: "closed", generation: 0, buckets: [], openedAt: 0, trialInFlight: false }

type Admission =
  | { readonly _tag: "Admitted"; readonly generation: number }
  | { readonly _tag: "Rejected"; readonly retryAfterMillis: number }

type Outcome = "success" | "failure" | "neutral"

const validate = (options: Options): Effect.Effect<void, VoiceError.InvalidConfiguration> => {
  const invalid = (field: string, reason: string) =>
    Effect.fail(new VoiceError.InvalidConfiguration({ field: `circuitBreaker.${field}`, reason }))
  if (!(options.failureRatio > 0 && options.failureRatio <= 1)) return invalid("failureRatio", "must be in (0, 1]")
  if (!Number.isInteger(options.minimumRequests) || options.minimumRequests < 1) {
    return invalid("minimumRequests", "must be a positive integer")
  }
  if (!Duration.greaterThan(Duration.decode(options.window), Duration.zero)) {
    return invalid("window", "must be positive")
  }
  if (!Duration.greaterThan(Duration.decode(options.resetAfter), Duration.zero)) {
    return invalid("resetAfter", "must be positive")
  }
  return Effect.void
}

/**
 * Builds a breaker; fails with `InvalidConfiguration` for unusable options.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make = (options: Options): Effect.Effect<Service, VoiceError.InvalidConfiguration> =>
  Effect.gen(function*() {
    yield* validate(options)
    const windowMillis = Duration.toMillis(Duration.decode(options.window))
    const bucketMillis = Math.max(1, Math.ceil(windowMillis / bucketCount))
    const resetMillis = Duration.toMillis(Duration.decode(options.resetAfter))
    const countStatuses = new Set(options.countStatuses ?? defaultCountStatuses)
    const countTransport = options.countTransport ?? true
    const hosts = yield* Ref.make<ReadonlyMap<string, HostState>>(new Map())

    const classify = (exit: Exit.Exit<unknown, VoiceError.VoiceError>): Outcome => {
      if (Exit.isSuccess(exit)) return "success"
      const failure = Cause.failureOption(exit.cause)
      // interruptions and defects say nothing about the host
      if (Option.isNone(failure)) return "neutral"
      const error = failure.value
      if (error._tag === "TransportError" || error._tag === "Timeout") return countTransport ? "failure" : "success"
      const status = statusOf(error)
      if (status === undefined) return "neutral"
      return countStatuses.has(status) ? "failure" : "success"
    }

    const admit = (host: HostState, now: number): [Admission, HostState] => {
      switch (host.state) {
        case "closed":
          return [{ _tag: "Admitted", generation: host.generation }, host]
        case "open": {
          const remaining = host.openedAt + resetMillis - now
          if (remaining > 0) return [{ _tag: "Rejected", retryAfterMillis: remaining }, host]
          const next: HostState = { ...host, state: "half-open", generation: host.generation + 1, trialInFlight: true }
          return [{ _tag: "Admitted", generation: next.generation }, next]
        }
        case "half-open":
          return host.trialInFlight
            ? [{ _tag: "Rejected", retryAfterMillis: 0 }, host]
            : [
              { _tag: "Admitted", generation: host.generation },
              { ...host, trialInFlight: true }
            ]
      }
    }

    const record = (host: HostState, now: number, failed: boolean): HostState => {
      const start = now - (now % bucketMillis)
      const kept = host.buckets.filter((bucket) => bucket.start > now - windowMillis)
      const last = kept[kept.length - 1]
      const buckets = last !== undefined && last.start === start
        ? [...kept.slice(0, -1), { start, total: last.total + 1, failures: last.failures + (failed ? 1 : 0) }]
        : [...kept, { start, total: 1, failures: failed ? 1 : 0 }]
      let total = 0
      let failures = 0
      for (const bucket of buckets) {
        total += bucket.total
        failures += bucket.failures
      }
      return total >= options.minimumRequests && failures / total >= options.failureRatio
        ? { ...host, state: "open", generation: host.generation + 1, buckets: [], openedAt: now }
        : { ...host, buckets }
    }

    const complete = (host: HostState, generation: number, now: number, outcome: Outcome): HostState => {
      // a request admitted before the last transition no longer speaks for the current state
      if (host.generation !== generation) return host
      switch (host.state) {
        case "closed":
          return outcome === "neutral" ? host : record(host, now, outcome === "failure")
        case "half-open":
          if (outcome === "neutral") return { ...host, trialInFlight: false }
          return outcome === "success"
            ? { state: "closed", generation: host.generation + 1, buckets: [], openedAt: 0, trialInFlight: false }
            : { ...host, state: "open", generation: host.generation + 1, openedAt: now, trialInFlight: false }
        case "open":
          return host
      }
    }

    const logTransition = (name: string, from: State, to: State) =>
      from === to ? Effect.void : Effect.zipRight(
        Effect.annotateLogs(
          to === "open"
            ? Effect.logWarning(`Sinch Voice circuit breaker opened for ${name}; requests fail fast for a while`)
            : Effect.logInfo(`Sinch Voice circuit breaker for ${name} is now ${to}`),
          { "sinch.voice.host": name, "sinch.voice.circuit": to }
        ),
        recordTransition(name, to)
      )

    const update = <A>(name: string, f: (host: HostState) => [A, HostState]) =>
      Ref.modify(hosts, (all): [[A, State, State], ReadonlyMap<string, HostState>] => {
        const before = all.get(name) ?? initial
        const [result, after] = f(before)
        return [[result, before.state, after.state], after === before ? all : new Map(all).set(name, after)]
      }).pipe(
        Effect.tap(([, from, to]) => logTransition(name, from, to)),
        Effect.map(([result]) => result)
      )

    const protect = <A, E extends VoiceError.VoiceError>(
      request: { readonly operation: string; readonly host: string },
      effect: Effect.Effect<A, E>
    ): Effect.Effect<A, E | VoiceError.CircuitOpen> =>
      Effect.uninterruptibleMask((restore) =>
        Effect.gen(function*() {
          const now = yield* Clock.currentTimeMillis
          const admission = yield* update(request.host, (host) => admit(host, now))
          if (admission._tag === "Rejected") {
            return yield* new VoiceError.CircuitOpen({
              operation: request.operation,
              host: request.host,
              retryAfter: Duration.millis(admission.retryAfterMillis)
            })
          }
          const exit = yield* Effect.exit(restore(effect))
          const end = yield* Clock.currentTimeMillis
          const outcome = classify(exit)
          yield* update(request.host, (host) => [undefined, complete(host, admission.generation, end, outcome)])
          return yield* exit
        })
      )

    // an open breaker whose reset time has passed lets the next request through: it is half-open
    const state = (name: string): Effect.Effect<State> =>
      Effect.zipWith(Ref.get(hosts), Clock.currentTimeMillis, (all, now) => {
        const host = all.get(name) ?? initial
        return host.state === "open" && now >= host.openedAt + resetMillis ? "half-open" : host.state
      })

    return CircuitBreaker.of({ protect, state })
  })

/**
 * The breaker as a layer, for the Voice API client to use.
 *
 * @since 0.1.0
 * @category Layers
 */
export const layer = (options: Options): Layer.Layer<CircuitBreaker, VoiceError.InvalidConfiguration> =>
  Layer.effect(CircuitBreaker, make(options))
