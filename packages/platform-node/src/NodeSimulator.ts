/**
 * The simulator of the Sinch Voice platform served over HTTP on Node: `Simulator` from
 * `@effect-sinch/voice`, its REST API on a loopback port (both Sinch hosts' paths on one origin),
 * events signed with `node:crypto`. Point the real client at it with `layerClient`, or at
 * `NodeSimulator.url` from anywhere else.
 *
 * @example
 * ```ts
 * import { NodeSimulator } from "@effect-sinch/platform-node"
 * import * as Redacted from "effect/Redacted"
 *
 * const SimulatorLive = NodeSimulator.layer({
 *   applicationKey: "669E367E-6BBA-48AB-AF15-266871C28135",
 *   applicationSecret: Redacted.make("BeIukql3pTKJ8RGL5zo0DA==")
 * })
 * // the real HTTP client, talking to it:
 * const VoiceLive = NodeSimulator.layerClient.pipe(Layer.provideMerge(SimulatorLive))
 * ```
 *
 * @since 0.1.0
 */
import type * as Crypto from "@effect-sinch/voice/Crypto"
import * as Simulator from "@effect-sinch/voice/Simulator"
import type * as SinchVoice from "@effect-sinch/voice/SinchVoice"
import type * as VoiceError from "@effect-sinch/voice/VoiceError"
import type * as WebhookError from "@effect-sinch/voice/WebhookError"
import * as Webhooks from "@effect-sinch/voice/Webhooks"
import * as WebhookVerifier from "@effect-sinch/voice/WebhookVerifier"
import * as NodeHttpServer from "@effect/platform-node/NodeHttpServer"
import * as HttpServer from "@effect/platform/HttpServer"
import type * as HttpServerError from "@effect/platform/HttpServerError"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import { randomBytes } from "node:crypto"
import * as Http from "node:http"
import * as ServerOptions from "./internal/serverOptions.js"
import * as NodeCrypto from "./NodeCrypto.js"
import * as NodeSinchVoice from "./NodeSinchVoice.js"

/**
 * Where the simulator listens and the credentials its REST API accepts (and signs events with).
 *
 * @since 0.1.0
 * @category Models
 */
export interface Info {
  /** The base URL of both hosts, e.g. `http://127.0.0.1:43121`. */
  readonly url: string
  readonly applicationKey: string
  readonly applicationSecret: Redacted.Redacted<string>
}

/**
 * @since 0.1.0
 * @category Context
 */
export class NodeSimulator extends Context.Tag("@effect-sinch/platform-node/NodeSimulator")<NodeSimulator, Info>() {}

/**
 * @since 0.1.0
 * @category Models
 */
export interface Options<R = never> extends Omit<Simulator.Options<R>, "baseUrl"> {
  /** The port to listen on. Default: `0` (an ephemeral port; read `NodeSimulator.url`). */
  readonly port?: number | undefined
  /** The interface to listen on. Default: `127.0.0.1`. */
  readonly host?: string | undefined
  /** Told of each request to the REST API once answered, e.g. to log it (`sinch-voice simulate` does). */
  readonly onRequest?: ((request: ServedRequest) => Effect.Effect<void>) | undefined
}

/**
 * A request the simulator's REST API answered.
 *
 * @since 0.2.0
 * @category Models
 */
export interface ServedRequest {
  readonly method: string
  /** The path and query, e.g. `/calling/v1/callouts`. */
  readonly url: string
  readonly status: number
}

/**
 * The simulator, listening until the layer's scope closes.
 *
 * @since 0.1.0
 * @category Layers
 */
export const layer = <R = never>(
  options: Options<R>
): Layer.Layer<
  NodeSimulator | Simulator.Simulator,
  HttpServerError.ServeError | VoiceError.InvalidConfiguration,
  R
> => {
  const { host = "127.0.0.1", onRequest, port = 0, ...simulatorOptions } = options
  const checked = ServerOptions.integer("port", port, 0, 65_535)
  if (Either.isLeft(checked)) return Layer.fail(checked.left)
  return Layer.scopedContext(
    Effect.gen(function*() {
      const address = yield* HttpServer.addressWith((address) =>
        Effect.succeed(address._tag === "TcpAddress" ? address : undefined)
      )
      const url = address === undefined
        ? `http://${host}:${port}`
        : `http://${address.hostname.includes(":") ? `[${address.hostname}]` : address.hostname}:${address.port}`
      const simulator = yield* Simulator.make({ ...simulatorOptions, baseUrl: url })
      yield* HttpServer.serveEffect(
        onRequest === undefined ? simulator.httpApp : Effect.flatMap(
          HttpServerRequest.HttpServerRequest,
          (request) =>
            Effect.tap(
              simulator.httpApp,
              (response) => onRequest({ method: request.method, url: request.url, status: response.status })
            )
        )
      )
      return Context.make(NodeSimulator, {
        url,
        applicationKey: options.applicationKey,
        applicationSecret: options.applicationSecret
      }).pipe(Context.add(Simulator.Simulator, simulator))
    })
  ).pipe(
    Layer.provide(NodeHttpServer.layer(() => Http.createServer(), { port, host })),
    Layer.provide(NodeCrypto.layer)
  )
}

/**
 * The real HTTP client (`NodeSinchVoice`) pointed at the simulator, with its credentials.
 *
 * @since 0.1.0
 * @category Layers
 */
export const layerClient: Layer.Layer<SinchVoice.Services, VoiceError.InvalidConfiguration, NodeSimulator> = Layer
  .unwrapEffect(
    Effect.map(NodeSimulator, (info) =>
      NodeSinchVoice.layer({
        applicationKey: info.applicationKey,
        applicationSecret: info.applicationSecret,
        callingBaseUrl: info.url,
        configurationBaseUrl: info.url
      }))
  )

/**
 * What `layerTest` takes besides the handlers; every field is optional.
 *
 * @since 0.2.0
 * @category Models
 */
export interface TestOptions extends Pick<Simulator.Options, "numbers" | "ringTimeout" | "rate"> {
  /** The application key events are signed with. Default: `00000000-0000-4000-8000-000000000000`. */
  readonly applicationKey?: string | undefined
  /** Its secret (base64). Default: 16 random bytes, new for every build of the layer. */
  readonly applicationSecret?: Redacted.Redacted<string> | undefined
  /** The path events are signed for (as `Simulator.toWebhooks`). Default: `/sinch/callback`. */
  readonly path?: string | undefined
  /** The webhooks' own options: the handler deadline, fallbacks, SVAML validation limits. */
  readonly webhooks?: Webhooks.Options | undefined
}

/**
 * The in-process simulator for tests, in one layer: `Simulator` and the four Voice API services,
 * delivering every event to `Webhooks` built from `handlers`, verified by a `WebhookVerifier` that
 * knows the test application's key and secret, on `node:crypto`. No sockets, so `TestClock`
 * drives every call. Each build is a fresh simulator with a fresh secret.
 *
 * The layer also provides `Webhooks` (so a test can `Webhooks.dispatch` an event itself),
 * `WebhookVerifier` and `Crypto`. The handlers' requirements `R` remain to be provided.
 *
 * @example
 * ```ts
 * const SimulatorTest = NodeSimulator.layerTest({
 *   ice: () => Svaml.ice(Instructions.say("Welcome"), Actions.hangup())
 * })
 * it.effect("greets the caller", () =>
 *   Effect.gen(function*() {
 *     const callId = yield* Simulator.incomingCall({ from: "+46700000001", to: "+46700000000" })
 *     const end = yield* Effect.fork(Simulator.awaitEnd(callId))
 *     yield* TestClock.adjust("1 minute")
 *     expect(SimulatorTranscript.said(yield* Fiber.join(end))).toEqual(["Welcome"])
 *   }).pipe(Effect.provide(SimulatorTest)))
 * ```
 *
 * @since 0.2.0
 * @category Layers
 */
export const layerTest = <E = never, R = never>(
  handlers: Webhooks.Handlers<E, R>,
  options: TestOptions = {}
): Layer.Layer<
  | Simulator.Simulator
  | SinchVoice.Services
  | Webhooks.Webhooks
  | WebhookVerifier.WebhookVerifier
  | Crypto.Crypto,
  VoiceError.InvalidConfiguration | WebhookError.InvalidCredentials,
  R
> =>
  Layer.unwrapEffect(Effect.sync(() => {
    const { applicationKey = testApplicationKey, path, webhooks, ...simulatorOptions } = options
    const applicationSecret = options.applicationSecret ?? Redacted.make(randomBytes(16).toString("base64"))
    return Simulator.layer({
      ...simulatorOptions,
      applicationKey,
      applicationSecret,
      deliver: Simulator.toWebhooks({ path })
    }).pipe(
      Layer.provideMerge(Webhooks.layer(handlers, webhooks)),
      Layer.provideMerge(WebhookVerifier.layer({ credentials: [{ applicationKey, applicationSecret }] })),
      Layer.provideMerge(NodeCrypto.layer)
    )
  }))

const testApplicationKey = "00000000-0000-4000-8000-000000000000"
