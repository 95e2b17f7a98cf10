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
import type * as VoiceError from "@effect-sinch/voice/VoiceError"
import * as WebhookError from "@effect-sinch/voice/WebhookError"
import * as Webhooks from "@effect-sinch/voice/Webhooks"
import * as WebhookVerifier from "@effect-sinch/voice/WebhookVerifier"
import * as NodeHttpServer from "@effect/platform-node/NodeHttpServer"
import * as Headers from "@effect/platform/Headers"
import * as HttpMiddleware from "@effect/platform/HttpMiddleware"
import * as HttpRouter from "@effect/platform/HttpRouter"
import * as HttpServer from "@effect/platform/HttpServer"
import type * as HttpServerError from "@effect/platform/HttpServerError"
import type * as Cause from "effect/Cause"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as FiberId from "effect/FiberId"
import * as Layer from "effect/Layer"
import * as Runtime from "effect/Runtime"
import * as Http from "node:http"
import * as ServerOptions from "./internal/serverOptions.js"
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
  // Node refuses a headers timeout above a (non-zero) request timeout
  const boundedHeadersTimeout = requestTimeout > 0 && headersTimeout > requestTimeout ? requestTimeout : headersTimeout
  const shortest = Math.min(...[requestTimeout, boundedHeadersTimeout].filter((timeout) => timeout > 0))
  const server = Http.createServer({
    requestTimeout,
    headersTimeout: boundedHeadersTimeout,
    maxHeaderSize: options.maxHeaderSize ?? defaults.maxHeaderSize,
    // Node enforces both timeouts only when it checks its connections (every 30 s by default)
    connectionsCheckingInterval: Number.isFinite(shortest) ? Math.min(30_000, Math.max(50, shortest / 4)) : 30_000
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
 * A plain `path` is served straight from Node's `request` event: the body is read with the stream's
 * own events (up to `maxBodyBytes`), and a callback whose handler answers at once (e.g.
 * `Effect.succeed(document)`) is verified, decoded, handled and answered without a fiber
 * (`Webhooks.HandleSteps`). A handler that waits runs in a fiber, interrupted if the client goes away.
 *
 * Fails with `InvalidConfiguration`, before binding, for a `port` outside 0–65535, a timeout that is
 * not a finite, non-negative duration, or a `maxHeaderSize` that is not a whole number from 1.
 *
 * @since 0.1.0
 * @category Layers
 */
export const layer = (
  options: Options
): Layer.Layer<
  HttpServer.HttpServer,
  HttpServerError.ServeError | VoiceError.InvalidConfiguration,
  Webhooks.Webhooks
> => Layer.unwrapEffect(Effect.as(checkOptions(options), serve(options)))

/** The options Node would misread (`NaN`, negative or fractional numbers), refused before binding. */
const checkOptions = (options: Options): Effect.Effect<void, VoiceError.InvalidConfiguration> =>
  Effect.all([
    ServerOptions.integer("port", options.port, 0, 65_535),
    ServerOptions.timeout("requestTimeout", options.requestTimeout),
    ServerOptions.timeout("headersTimeout", options.headersTimeout),
    ServerOptions.timeout("keepAliveTimeout", options.keepAliveTimeout),
    ServerOptions.integer("maxHeaderSize", options.maxHeaderSize, 1, 16 * 1024 * 1024)
  ])

const serve = (options: Options): Layer.Layer<HttpServer.HttpServer, HttpServerError.ServeError, Webhooks.Webhooks> => {
  const listen = options.host === undefined ? { port: options.port } : { port: options.port, host: options.host }
  // A pattern (`:param`, `*`) needs the router; a plain path is served straight from Node's request
  // event, without @effect/platform's per-request machinery (a large share of each callback's cost).
  if (/[:*]/.test(options.path)) {
    return HttpServer.serve(HttpRouter.empty.pipe(HttpRouter.all(options.path, Webhooks.httpApp))).pipe(
      HttpMiddleware.withTracerDisabledWhen(() => true),
      Layer.provideMerge(NodeHttpServer.layer(() => createServer(options), listen))
    )
  }
  return Layer.scoped(
    HttpServer.HttpServer,
    Effect.gen(function*() {
      const webhooks = yield* Webhooks.Webhooks
      const server = createServer(options)
      const httpServer = yield* NodeHttpServer.make(() => server, listen)
      const handler = makeHandler(webhooks, options.path, yield* Effect.runtime<never>())
      server.on("request", handler)
      yield* Effect.addFinalizer(() => Effect.sync(() => server.off("request", handler)))
      return httpServer
    })
  )
}

const makeHandler = (webhooks: Webhooks.Service, path: string, runtime: Runtime.Runtime<never>) => {
  const steps = webhooks.steps
  const runFork = Runtime.runFork(runtime)
  const write = (request: Http.IncomingMessage, response: Http.ServerResponse, answer: Webhooks.Answer): void => {
    if (response.writableEnded || response.destroyed) return
    const headers: Record<string, string> = { ...answer.headers }
    if (answer.contentType !== undefined) headers["content-type"] = answer.contentType
    // a declared length spares the chunked framing (and its extra writes) on both ends
    headers["content-length"] = answer.body === undefined ? "0" : String(Buffer.byteLength(answer.body))
    // a body left unread (refused early, or past the limit) is not worth reading: close instead
    if (!request.complete) headers["connection"] = "close"
    response.writeHead(answer.status, headers).end(answer.body)
  }
  const answerDefect = (request: Http.IncomingMessage, response: Http.ServerResponse, cause: Cause.Cause<unknown>) => {
    runFork(Effect.logError("Sinch webhook: an internal error, answered with 500", cause))
    write(request, response, internalError)
  }
  // An answer known at once (an `Exit`, the common case) is written without a fiber.
  const respond = (
    request: Http.IncomingMessage,
    response: Http.ServerResponse,
    answer: Effect.Effect<Webhooks.Answer>
  ): void => {
    if (isExit(answer)) {
      if (Exit.isSuccess(answer)) write(request, response, answer.value)
      else answerDefect(request, response, answer.cause)
      return
    }
    const fiber = runFork(answer)
    // the steps never fail; a defect is a bug, logged and answered like @effect/platform's server does
    fiber.addObserver((exit) =>
      Exit.isSuccess(exit) ? write(request, response, exit.value) : answerDefect(request, response, exit.cause)
    )
    response.on("close", () => {
      if (!response.writableEnded) fiber.unsafeInterruptAsFork(FiberId.none)
    })
  }
  return (request: Http.IncomingMessage, response: Http.ServerResponse): void => {
    const url = request.url ?? "/"
    const query = url.search(/[?#]/)
    if ((query < 0 ? url : url.slice(0, query)) !== path) {
      response.writeHead(404).end()
      return
    }
    const method = request.method ?? "GET"
    const headers = Headers.fromInput(request.headers)
    const refused = steps.check(method, headers)
    if (refused !== undefined) return respond(request, response, refused)
    readBody(request, steps.maxBodyBytes, (body) => {
      if (body instanceof Uint8Array) {
        // no fiber around this call: a bug thrown here is answered, not left to crash the server
        let answer: Effect.Effect<Webhooks.Answer>
        try {
          answer = steps.answer(runtime, { method, url, headers, body })
        } catch (defect) {
          answer = Exit.die(defect)
        }
        respond(request, response, answer)
      } else {
        respond(request, response, steps.refuse(body))
      }
    })
  }
}

const internalError: Webhooks.Answer = { status: 500 }

const isExit = <A, E>(effect: Effect.Effect<A, E>): effect is Exit.Exit<A, E> => Exit.isExit(effect)

/**
 * Reads a Node request's body with the stream's own events, giving up as soon as more than
 * `maxBytes` arrived (the rest is left unread; the connection is closed after the answer).
 */
const readBody = (
  request: Http.IncomingMessage,
  maxBytes: number,
  done: (body: Uint8Array | WebhookError.PayloadTooLarge | WebhookError.MalformedEvent) => void
): void => {
  let chunks: Buffer | Array<Buffer> | undefined
  let size = 0
  const onData = (chunk: Buffer) => {
    size += chunk.length
    if (size > maxBytes) {
      cleanup()
      request.pause()
      done(new WebhookError.PayloadTooLarge({ maxBytes }))
    } else if (chunks === undefined) {
      chunks = chunk
    } else if (Array.isArray(chunks)) {
      chunks.push(chunk)
    } else {
      chunks = [chunks, chunk]
    }
  }
  const onEnd = () => {
    cleanup()
    done(chunks === undefined ? empty : Array.isArray(chunks) ? Buffer.concat(chunks, size) : chunks)
  }
  const onError = () => {
    cleanup()
    done(new WebhookError.MalformedEvent({ reason: "the body could not be read" }))
  }
  const cleanup = () => {
    request.off("data", onData)
    request.off("end", onEnd)
    request.off("error", onError)
    request.off("aborted", onError)
  }
  request.on("data", onData)
  request.on("end", onEnd)
  request.on("error", onError)
  request.on("aborted", onError)
}

const empty = new Uint8Array(0)

/**
 * The whole stack in one layer: the server, the handlers, verification with the given credentials
 * and `node:crypto`.
 *
 * @since 0.1.0
 * @category Layers
 */
export const layerHandlers = <E = never, R = never>(
  options: Options & WebhookVerifier.Options & Webhooks.Options & { readonly handlers: Webhooks.Handlers<E, R> }
): Layer.Layer<
  HttpServer.HttpServer,
  HttpServerError.ServeError | WebhookError.InvalidCredentials | VoiceError.InvalidConfiguration,
  R
> =>
  layer(options).pipe(
    Layer.provide(Webhooks.layer(options.handlers, options)),
    Layer.provide(WebhookVerifier.layer(options)),
    Layer.provide(NodeCrypto.layer)
  )
