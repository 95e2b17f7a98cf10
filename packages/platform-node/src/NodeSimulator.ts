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
import * as Simulator from "@effect-sinch/voice/Simulator"
import type * as SinchVoice from "@effect-sinch/voice/SinchVoice"
import type * as VoiceError from "@effect-sinch/voice/VoiceError"
import * as NodeHttpServer from "@effect/platform-node/NodeHttpServer"
import * as HttpServer from "@effect/platform/HttpServer"
import type * as HttpServerError from "@effect/platform/HttpServerError"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as Redacted from "effect/Redacted"
import * as Http from "node:http"
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
