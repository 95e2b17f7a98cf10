/**
 * The Voice API client ready to run on Node: `SinchVoice` on undici's pooled, keep-alive HTTP
 * client and `node:crypto`, with the connection settings a Node deployment needs: the size of the
 * connection pool, an HTTP(S) proxy (with credentials; also from `HTTPS_PROXY`), and TLS options
 * (extra CA certificates, a client certificate).
 *
 * @example
 * ```ts
 * import { NodeSinchVoice } from "@effect-sinch/platform-node"
 *
 * // reads SINCH_APPLICATION_KEY, SINCH_APPLICATION_SECRET, SINCH_VOICE_REGION, SINCH_VOICE_AUTH,
 * // SINCH_VOICE_BASE_URL, SINCH_VOICE_CONFIGURATION_URL (e.g. `sinch-voice simulate`'s URL),
 * // HTTPS_PROXY and NO_PROXY
 * const VoiceLive = NodeSinchVoice.layerConfig()
 * ```
 *
 * @since 0.1.0
 */
import * as HttpTransport from "@effect-sinch/voice/HttpTransport"
import * as SinchVoice from "@effect-sinch/voice/SinchVoice"
import * as VoiceConfig from "@effect-sinch/voice/VoiceConfig"
import * as VoiceError from "@effect-sinch/voice/VoiceError"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as Undici from "@effect/platform-node/Undici"
import * as HttpClient from "@effect/platform/HttpClient"
import * as Config from "effect/Config"
import type * as ConfigError from "effect/ConfigError"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import type * as Scope from "effect/Scope"
import * as Crypto from "node:crypto"
import * as Tls from "node:tls"
import * as undiciClient from "./internal/undiciClient.js"
import * as undiciTransport from "./internal/undiciTransport.js"
import * as NodeCrypto from "./NodeCrypto.js"

/**
 * TLS settings for the connections to Sinch (and through a proxy's tunnel).
 *
 * @since 0.1.0
 * @category Models
 */
export interface TlsOptions {
  /** Extra trusted CA certificates (PEM), added to Node's bundled ones, e.g. a TLS-inspecting proxy's. */
  readonly ca?: string | ReadonlyArray<string> | undefined
  /** A client certificate (PEM) to present, with `key`. */
  readonly cert?: string | undefined
  /** The private key (PEM) of `cert`. */
  readonly key?: Redacted.Redacted<string> | undefined
}

/**
 * How the client connects, on Node.
 *
 * @since 0.1.0
 * @category Models
 */
export interface ConnectionOptions {
  /** The most connections open to one host at a time. Default: no limit (connections are kept alive and reused). */
  readonly connections?: number | undefined
  /**
   * An HTTP(S) proxy for every request, e.g. `http://user:password@proxy.example.com:3128`; the
   * credentials in the URL are sent as `Proxy-Authorization: Basic`. HTTPS is tunnelled (`CONNECT`).
   */
  readonly proxy?: Redacted.Redacted<string> | undefined
  /**
   * Which requests go through `proxy`: `all` (the default), or only those to `https` hosts — how
   * `HTTPS_PROXY` is read, so that a local `http` fake or simulator is reached directly.
   */
  readonly proxyFor?: "all" | "https" | undefined
  /** Hosts reached without the proxy, comma-separated as in `NO_PROXY` (e.g. `localhost,127.0.0.1,.internal`). */
  readonly noProxy?: string | undefined
  readonly tls?: TlsOptions | undefined
}

/**
 * The client options plus the connection options.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Options extends SinchVoice.Options, ConnectionOptions {}

/**
 * `VoiceConfig.fromEnv` plus the proxy from `HTTPS_PROXY` (or `https_proxy`) and `NO_PROXY` (or
 * `no_proxy`), as most tools read them: the proxy is used for `https` hosts, that is for Sinch.
 *
 * @since 0.1.0
 * @category Config
 */
export const fromEnv: Config.Config<Options> = Config.all({
  voice: VoiceConfig.fromEnv,
  proxy: Config.option(Config.redacted("HTTPS_PROXY").pipe(Config.orElse(() => Config.redacted("https_proxy")))),
  noProxy: Config.option(Config.string("NO_PROXY").pipe(Config.orElse(() => Config.string("no_proxy"))))
}).pipe(
  Config.map(({ noProxy, proxy, voice }): Options => ({
    ...voice,
    proxy: Option.getOrUndefined(proxy),
    noProxy: Option.getOrUndefined(noProxy),
    proxyFor: "https"
  }))
)

const invalid = (field: string, reason: string) => new VoiceError.InvalidConfiguration({ field, reason })

const validate = (options: ConnectionOptions): Effect.Effect<void, VoiceError.InvalidConfiguration> =>
  Effect.gen(function*() {
    if (options.connections !== undefined && !(Number.isInteger(options.connections) && options.connections > 0)) {
      return yield* invalid("connections", "expected a positive integer")
    }
    const proxy = options.proxy
    if (proxy !== undefined) {
      // the value is never echoed: it may carry credentials
      const url = yield* Effect.try({
        try: () => new URL(Redacted.value(proxy)),
        catch: () => invalid("proxy", "not an absolute URL")
      })
      if (url.protocol !== "http:" && url.protocol !== "https:") {
        return yield* invalid("proxy", "expected an http:// or https:// URL")
      }
    }
    const tls = options.tls ?? {}
    if ((tls.cert === undefined) !== (tls.key === undefined)) {
      return yield* invalid(
        tls.cert === undefined ? "tls.cert" : "tls.key",
        "a client certificate needs both cert and key"
      )
    }
    const cas = tls.ca === undefined ? [] : typeof tls.ca === "string" ? [tls.ca] : tls.ca
    for (const ca of cas) {
      yield* Effect.try({
        try: () => new Crypto.X509Certificate(ca),
        catch: () => invalid("tls.ca", "not a PEM certificate")
      })
    }
    const { cert, key } = tls
    if (cert !== undefined) {
      yield* Effect.try({
        try: () => new Crypto.X509Certificate(cert),
        catch: () => invalid("tls.cert", "not a PEM certificate")
      })
    }
    if (key !== undefined) {
      yield* Effect.try({
        try: () => Crypto.createPrivateKey(Redacted.value(key)),
        catch: () => invalid("tls.key", "not a PEM private key")
      })
    }
  })

const tlsConnectOptions = (tls: TlsOptions | undefined): Undici.buildConnector.BuildOptions | undefined => {
  if (tls === undefined) return undefined
  const extra = tls.ca === undefined ? [] : typeof tls.ca === "string" ? [tls.ca] : tls.ca
  return {
    // Node's `ca` replaces the bundled roots: keep them, so extra CAs only add trust
    ...(extra.length === 0 ? {} : { ca: [...Tls.rootCertificates, ...extra] }),
    ...(tls.cert === undefined ? {} : { cert: tls.cert }),
    ...(tls.key === undefined ? {} : { key: Redacted.value(tls.key) })
  }
}

const makeDispatcher = (options: ConnectionOptions): Undici.Dispatcher => {
  const connect = tlsConnectOptions(options.tls)
  const agentOptions = {
    ...(options.connections === undefined ? {} : { connections: options.connections }),
    ...(connect === undefined ? {} : { connect, requestTls: connect })
  }
  if (options.proxy === undefined) return new Undici.Agent(agentOptions)
  const proxy = Redacted.value(options.proxy)
  // explicit values throughout: an empty string keeps undici from reading the environment itself
  return new Undici.EnvHttpProxyAgent({
    ...agentOptions,
    httpProxy: options.proxyFor === "https" ? "" : proxy,
    httpsProxy: proxy,
    noProxy: options.noProxy ?? ""
  })
}

const hasConnectionOptions = (options: ConnectionOptions): boolean =>
  options.connections !== undefined || options.proxy !== undefined || options.tls !== undefined

const dispatcherOf = (
  options: ConnectionOptions
): Effect.Effect<Undici.Dispatcher, VoiceError.InvalidConfiguration, Scope.Scope> =>
  Effect.zipRight(
    validate(options),
    Effect.acquireRelease(
      Effect.sync(() => makeDispatcher(options)),
      (dispatcher) => Effect.promise(() => dispatcher.destroy())
    )
  )

/**
 * The transport the client runs on: undici's dispatcher built from the connection options (closed
 * with the layer), driven directly — no `HttpClient` in between, so each request costs less. It opens
 * no span of its own: the operation's span covers the exchange. For an `http.client` span per attempt
 * (with the request's headers, `Authorization` redacted), run `SinchVoice.layer` on `layerHttpClient`.
 *
 * @since 0.1.0
 * @category Layers
 */
export const layerTransport = (
  options: ConnectionOptions
): Layer.Layer<HttpTransport.HttpTransport, VoiceError.InvalidConfiguration> =>
  Layer.scoped(HttpTransport.HttpTransport, Effect.map(dispatcherOf(options), undiciTransport.make))

/**
 * An `HttpClient` on a dispatcher built from the connection options (closed with the layer), for
 * whoever wants the client's connection settings on `@effect/platform`'s `HttpClient`
 * (`SinchVoice.layer` runs on it).
 *
 * @since 0.1.0
 * @category Layers
 */
export const layerHttpClient = (
  options: ConnectionOptions
): Layer.Layer<HttpClient.HttpClient, VoiceError.InvalidConfiguration> =>
  Layer.scoped(
    HttpClient.HttpClient,
    hasConnectionOptions(options)
      ? Effect.map(dispatcherOf(options), undiciClient.make)
      : Effect.map(NodeHttpClient.makeDispatcher, undiciClient.make)
  )

/**
 * `SinchVoice` on undici (`layerTransport`) and `node:crypto`, connected as `options` say.
 *
 * @since 0.1.0
 * @category Layers
 */
export const layer = (
  options: Options
): Layer.Layer<SinchVoice.Services, VoiceError.InvalidConfiguration> =>
  SinchVoice.layerWithTransport(options).pipe(Layer.provide(Layer.merge(layerTransport(options), NodeCrypto.layer)))

/**
 * `layer` from configuration; by default from the environment (`fromEnv`: the `SINCH_*` variables
 * of `VoiceConfig.fromEnv` — base URLs included, so `SINCH_VOICE_BASE_URL` points it at the
 * simulator — `HTTPS_PROXY` and `NO_PROXY`).
 *
 * @since 0.1.0
 * @category Layers
 */
export const layerConfig = (
  config: Config.Config.Wrap<Options> = fromEnv
): Layer.Layer<SinchVoice.Services, VoiceError.InvalidConfiguration | ConfigError.ConfigError> =>
  Layer.unwrapEffect(Effect.map(Config.unwrap(config), layer))
