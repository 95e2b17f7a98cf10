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
import * as HttpMiddleware from "@effect/platform/HttpMiddleware"
import * as HttpRouter from "@effect/platform/HttpRouter"
import * as HttpServer from "@effect/platform/HttpServer"
import type * as HttpServerError from "@effect/platform/HttpServerError"
import * as Duration from "effect/Duration"
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
  /**
   * How long a client may take to send a whole request before Node answers 408 and closes the
   * connection: bounds what a sender that stalls mid-request can hold. Default: 30 seconds.
   */
  readonly requestTimeout?: Duration.DurationInput | undefined
  /** How long a client may take to send the headers. Default: 10 seconds (at most `requestTimeout`). */
  readonly headersTimeout?: Duration.DurationInput | undefined
  /** How long an idle keep-alive connection stays open. Default: 5 seconds (Node's default). */
  readonly keepAliveTimeout?: Duration.DurationInput | undefined
  /** The largest request head accepted, in bytes (Node answers 431 above). Default: 16 KiB (Node's default). */
  readonly maxHeaderSize?: number | undefined
}

/**
 * The Node server options `layer` uses unless told otherwise.
 *
 * @since 0.1.0
 * @category Constants
 */
export const defaults: {
  readonly requestTimeout: Duration.Duration
  readonly headersTimeout: Duration.Duration
  readonly keepAliveTimeout: Duration.Duration
  readonly maxHeaderSize: number
} = {
  requestTimeout: Duration.seconds(30),
  headersTimeout: Duration.seconds(10),
  keepAliveTimeout: Duration.seconds(5),
  maxHeaderSize: 16 * 1024
}

const createServer = (options: Options): Http.Server => {
  const millis = (input: Duration.DurationInput | undefined, fallback: Duration.Duration) =>
    Math.max(0, Math.round(Duration.toMillis(Duration.decode(input ?? fallback))))
  const requestTimeout = millis(options.requestTimeout, defaults.requestTimeout)
  const headersTimeout = millis(options.headersTimeout, defaults.headersTimeout)
  const server = Http.createServer({
    requestTimeout,
    // Node refuses a headers timeout above a (non-zero) request timeout
    headersTimeout: requestTimeout > 0 && headersTimeout > requestTimeout ? requestTimeout : headersTimeout,
    maxHeaderSize: options.maxHeaderSize ?? defaults.maxHeaderSize
  })
  server.keepAliveTimeout = millis(options.keepAliveTimeout, defaults.keepAliveTimeout)
  return server
}

/**
 * Serves the `Webhooks` in context at `options.path`. The `HttpServer` stays in the output so the
 * bound address can be read (e.g. with an ephemeral port).
 *
 * Each callback is traced by the `sinch.voice.webhook.<event>` span of `Webhooks` (kind `server`);
 * the generic per-request span of `@effect/platform`'s server is turned off, as it would duplicate
 * it at a cost comparable to the rest of the callback.
 *
 * @since 0.1.0
 * @category Layers
 */
export const layer = (
  options: Options
): Layer.Layer<HttpServer.HttpServer, HttpServerError.ServeError, Webhooks.Webhooks> =>
  HttpServer.serve(HttpRouter.empty.pipe(HttpRouter.all(options.path, Webhooks.httpApp))).pipe(
    HttpMiddleware.withTracerDisabledWhen(() => true),
    Layer.provideMerge(
      NodeHttpServer.layer(
        () => createServer(options),
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
