/**
 * An optional client-side rate limiter for the Voice API client: at most `requestsPerSecond`
 * requests are sent per second, per host by default. A request over the limit is not failed: it
 * waits for a slot (a token bucket from `effect/RateLimiter`, driven by Effect's `Clock`), so
 * bursts are smoothed out before Sinch has to answer 429.
 *
 * Off by default: the client only uses it when this layer is provided, either to the client layer
 * (`SinchVoice.layer(...).pipe(Layer.provide(RateLimit.layer(...)))`) or to the program. Each
 * attempt (retries included) takes a slot; the wait is not part of the request timeout.
 *
 * @example
 * ```ts
 * import { RateLimit, SinchVoice } from "@effect-sinch/voice"
 * import * as Layer from "effect/Layer"
 * import * as Redacted from "effect/Redacted"
 *
 * const VoiceLive = SinchVoice.layer({
 *   applicationKey: "669E367E-6BBA-48AB-AF15-266871C28135",
 *   applicationSecret: Redacted.make("BeIukql3pTKJ8RGL5zo0DA==")
 * }).pipe(Layer.provide(RateLimit.layer({ requestsPerSecond: 10 })))
 * ```
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as RateLimiter from "effect/RateLimiter"
import * as Scope from "effect/Scope"
import * as SynchronizedRef from "effect/SynchronizedRef"
import * as VoiceError from "./VoiceError.js"

/**
 * @since 0.1.0
 * @category Models
 */
export interface Options {
  /** The most requests started per second (a positive number; below 1 means one every 1/n s). */
  readonly requestsPerSecond: number
  /** One budget per host (`true`, the default) or one shared by all hosts. */
  readonly perHost?: boolean | undefined
}

/**
 * @since 0.1.0
 * @category Models
 */
export interface Service {
  /** Waits for a slot for `host`, then runs `effect`. */
  readonly limit: <A, E, R>(host: string, effect: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>
}

/**
 * @since 0.1.0
 * @category Context
 */
export class RateLimit extends Context.Tag("@effect-sinch/voice/RateLimit")<RateLimit, Service>() {}

/**
 * Builds a limiter whose per-host buckets live as long as `Scope`; fails with
 * `InvalidConfiguration` when `requestsPerSecond` is not a positive finite number.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make = (
  options: Options
): Effect.Effect<Service, VoiceError.InvalidConfiguration, Scope.Scope> =>
  Effect.gen(function*() {
    const rate = options.requestsPerSecond
    if (!(Number.isFinite(rate) && rate > 0)) {
      return yield* new VoiceError.InvalidConfiguration({
        field: "rateLimit.requestsPerSecond",
        reason: "must be a positive number"
      })
    }
    // `limit` slots per `interval`: an integer burst, the exact rate on average
    const limit = Math.max(1, Math.floor(rate))
    const interval = Duration.millis((1000 * limit) / rate)
    const perHost = options.perHost ?? true
    const scope = yield* Effect.scope
    const limiters = yield* SynchronizedRef.make<ReadonlyMap<string, RateLimiter.RateLimiter>>(new Map())

    // created on first use, once per host, in the layer's scope
    const limiterFor = (host: string): Effect.Effect<RateLimiter.RateLimiter> => {
      const key = perHost ? host : "*"
      return SynchronizedRef.modifyEffect(limiters, (all) => {
        const existing = all.get(key)
        if (existing !== undefined) return Effect.succeed([existing, all] as const)
        return Effect.map(
          Scope.extend(RateLimiter.make({ limit, interval, algorithm: "token-bucket" }), scope),
          (created) => [created, new Map(all).set(key, created)] as const
        )
      })
    }

    return RateLimit.of({
      limit: (host, effect) => Effect.flatMap(limiterFor(host), (limiter) => limiter(effect))
    })
  })

/**
 * The limiter as a layer, for the Voice API client to use.
 *
 * @since 0.1.0
 * @category Layers
 */
export const layer = (options: Options): Layer.Layer<RateLimit, VoiceError.InvalidConfiguration> =>
  Layer.scoped(RateLimit, make(options))
