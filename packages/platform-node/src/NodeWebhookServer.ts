/**
 * Serves Sinch's callbacks with Node's HTTP server: the `Webhooks` endpoint on a port and path.
 *
 * ```ts
 * import { NodeWebhookServer } from "@effect-sinch/platform-node"
 *
 * const ServerLive = NodeWebhookServer.layerHandlers({
 *   port: 8080,
 *   path: "/sinch/callback",
 *   credentials: [{ applicationKey, applicationSecret }],
 *   handlers: { ice: () => Svaml.ice(Instructions.say("Hello"), Actions.hangup()) }
 * })
 * Layer.launch(ServerLive).pipe(NodeRuntime.runMain)
 * ```
 *
 * To serve the webhooks next to the application's own routes instead, mount `Webhooks.httpApp` in
 * the application's router.
 *
 * @since 0.1.0
 */
import type * as WebhookError from "@effect-sinch/voice/WebhookError"
import * as Webhooks from "@effect-sinch/voice/Webhooks"
import * as WebhookVerifier from "@effect-sinch/voice/WebhookVerifier"
import * as NodeHttpServer from "@effect/platform-node/NodeHttpServer"
import * as HttpRouter from "@effect/platform/HttpRouter"
import * as HttpServer from "@effect/platform/HttpServer"
import type * as HttpServerError from "@effect/platform/HttpServerError"
import * as Layer from "effect/Layer"
import * as Http from "node:http"
import * as NodeCrypto from "./NodeCrypto.js"

/**
 * @since 0.1.0
 * @category Models
 */
export interface Options {
  /** The port to listen on (`0` for an ephemeral port; read it from `HttpServer.HttpServer`). */
  readonly port: number
  /** The interface to listen on. Default: all interfaces. */
  readonly host?: string | undefined
  /** The path Sinch calls, e.g. `/sinch/callback`. Other paths answer 404. */
  readonly path: HttpRouter.PathInput
}

/**
 * Serves the `Webhooks` in context at `options.path`. The `HttpServer` stays in the output so the
 * bound address can be read (e.g. with an ephemeral port).
 *
 * @since 0.1.0
 * @category Layers
 */
export const layer = (
  options: Options
): Layer.Layer<HttpServer.HttpServer, HttpServerError.ServeError, Webhooks.Webhooks> =>
  HttpServer.serve(HttpRouter.empty.pipe(HttpRouter.all(options.path, Webhooks.httpApp))).pipe(
    Layer.provideMerge(
      NodeHttpServer.layer(
        () => Http.createServer(),
        options.host === undefined ? { port: options.port } : { port: options.port, host: options.host }
      )
    )
  )

/**
 * The whole stack in one layer: the server, the handlers, verification with the given credentials
 * and `node:crypto`.
 *
 * @since 0.1.0
 * @category Layers
 */
export const layerHandlers = <E = never, R = never>(
  options: Options & WebhookVerifier.Options & Webhooks.Options & { readonly handlers: Webhooks.Handlers<E, R> }
): Layer.Layer<HttpServer.HttpServer, HttpServerError.ServeError | WebhookError.InvalidCredentials, R> =>
  layer(options).pipe(
    Layer.provide(Webhooks.layer(options.handlers, options)),
    Layer.provide(WebhookVerifier.layer(options)),
    Layer.provide(NodeCrypto.layer)
  )
