/**
 * Examples for the "Circuit breaker and rate limiting" section of docs/errors-and-retries.md,
 * type-checked by `pnpm check`.
 */
import { NodeSinchVoice } from "@effect-sinch/platform-node"
import { Callouts, CircuitBreaker, RateLimit, Retry, VoiceConfig, Webhooks } from "@effect-sinch/voice"
import * as NodeHttpServer from "@effect/platform-node/NodeHttpServer"
import * as HttpRouter from "@effect/platform/HttpRouter"
import * as HttpServer from "@effect/platform/HttpServer"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { createServer } from "node:http"

// Both layers are optional (no layer = off). Given to the client layer, they live as long as it.
export const Resilience = Layer.merge(
  CircuitBreaker.layer({
    failureRatio: 0.5,
    window: "30 seconds",
    minimumRequests: 10,
    resetAfter: "15 seconds",
    countStatuses: [500, 502, 503, 504],
    countTransport: true
  }),
  RateLimit.layer({ requestsPerSecond: 20, perHost: true })
)

// `provideMerge` also keeps the breaker in the output, e.g. for a health check
export const VoiceLive = NodeSinchVoice.layerConfig().pipe(Layer.provideMerge(Resilience))

// An open breaker fails fast with CircuitOpen: the request was not sent, so it is safe to try later
export const remind = (endpoint: string) =>
  Effect.flatMap(
    Callouts.Callouts,
    (callouts) => callouts.tts({ destination: { type: "number", endpoint }, text: "Your appointment is tomorrow" })
  ).pipe(
    Effect.map(({ callId }) => ({ _tag: "Placed", callId }) as const),
    Effect.catchTag(
      "CircuitOpen",
      (error) => Effect.succeed({ _tag: "Postponed", retryIn: Duration.format(error.retryAfter) } as const)
    )
  )

// The breaker's state per host, e.g. for a readiness endpoint
export const callingHostState = Effect.flatMap(
  CircuitBreaker.CircuitBreaker,
  (breaker) => breaker.state("calling.api.sinch.com")
)

// Per-call overrides keep working under the layers: a tighter timeout, no retries
export const quickLookup = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  effect.pipe(VoiceConfig.withTimeout("2 seconds"), Retry.withPolicy(Retry.none))

// Webhooks on a public port: bound the time a sender may take to deliver a request
// (`NodeWebhookServer.layer` uses Node's defaults: 300 s per request, 60 s for the headers)
export const WebhookServerLive = HttpServer.serve(
  HttpRouter.empty.pipe(HttpRouter.post("/sinch/callback", Webhooks.httpApp))
).pipe(
  Layer.provide(NodeHttpServer.layer(() => createServer({ requestTimeout: 10_000, headersTimeout: 5_000 }), {
    port: 8080
  }))
)
