/**
 * Examples for docs/webhooks.md (mounting, proxies, key rotation, in-process use), type-checked by
 * `pnpm check`.
 */
import { NodeCrypto } from "@effect-sinch/platform-node"
import { Actions, Instructions } from "@effect-sinch/svaml"
import { Events, Webhooks, WebhookVerifier } from "@effect-sinch/voice"
import * as NodeHttpServer from "@effect/platform-node/NodeHttpServer"
import * as HttpRouter from "@effect/platform/HttpRouter"
import * as HttpServer from "@effect/platform/HttpServer"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import { createServer } from "node:http"

// The webhooks next to the application's own routes
export const router = HttpRouter.empty.pipe(
  HttpRouter.get("/health", HttpServerResponse.text("ok")),
  HttpRouter.post("/sinch/callback", Webhooks.httpApp)
)

const WebhooksLive = Webhooks.layer({
  ice: () => Effect.succeed({ instructions: [Instructions.say("Hello")], action: Actions.hangup() })
})

// Behind a proxy that forwards https://example.com/voice/sinch/callback as /sinch/callback:
// Sinch signed /voice/sinch/callback, so tell the verifier.
const VerifierLive = WebhookVerifier.layer({
  credentials: [
    // key rotation: the new secret and the old one are both accepted until the old one is removed
    { applicationKey: "my-app-key", applicationSecret: Redacted.make("bmV3LXNlY3JldA==") },
    { applicationKey: "my-app-key", applicationSecret: Redacted.make("b2xkLXNlY3JldA==") }
  ],
  pathPrefix: "/voice",
  maxAge: "5 minutes"
})

// A proxy that rewrites more than a prefix: state the public path outright.
export const RewritingProxyVerifier = WebhookVerifier.layer({
  credentials: [{ applicationKey: "my-app-key", applicationSecret: Redacted.make("bmV3LXNlY3JldA==") }],
  publicPath: (requestPath) => requestPath.replace(/^\/internal\//, "/public/")
})

export const ServerLive = HttpServer.serve(router).pipe(
  Layer.provide(WebhooksLive),
  Layer.provide(VerifierLive),
  Layer.provide(NodeCrypto.layer),
  Layer.provide(NodeHttpServer.layer(createServer, { port: 8080 }))
)

// In-process, without a socket: run the handlers on a decoded event ...
export const dispatchIce = Webhooks.dispatch(Events.IceEvent.make({ callid: "test-call", cli: "+46700000000" })).pipe(
  Effect.provide(WebhooksLive),
  Effect.provide(VerifierLive),
  Effect.provide(NodeCrypto.layer)
)

// ... or call the endpoint with a (signed) web Request
export const callEndpoint = (request: Request) =>
  Webhooks.httpApp.pipe(
    Effect.provideService(HttpServerRequest.HttpServerRequest, HttpServerRequest.fromWeb(request)),
    Effect.provide(WebhooksLive),
    Effect.provide(VerifierLive),
    Effect.provide(NodeCrypto.layer)
  )
