/**
 * Proves that a callback request comes from Sinch (reference §5.4).
 *
 * Sinch signs callbacks like its own API requests: `authorization: Application key:signature`,
 * where the signature is an HMAC-SHA256, keyed with the application secret, over the method, the
 * MD5 of the raw body, the `content-type`, the `x-timestamp` header and the request path.
 *
 * Beyond what the official SDKs do, the verifier compares in constant time, rejects timestamps
 * outside a freshness window (default 5 minutes, read from Effect's `Clock`), accepts several
 * secrets at once (key rotation), and can be told which public path Sinch signed when a proxy
 * rewrites or strips a prefix. The `Basic` scheme (`base64(key:secret)`) is accepted only when
 * enabled. With `replayGuard` on, a signature already accepted within the freshness window is
 * refused (`ReplayedRequest`).
 *
 * @since 0.1.0
 */
import * as Headers from "@effect/platform/Headers"
import * as Context from "effect/Context"
import * as DateTime from "effect/DateTime"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Encoding from "effect/Encoding"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Crypto from "./Crypto.js"
import * as Timestamp from "./internal/isoTimestamp.js"
import * as OptionChecks from "./internal/optionChecks.js"
import * as Signature from "./Signature.js"
import type * as VoiceError from "./VoiceError.js"
import * as WebhookError from "./WebhookError.js"

/**
 * An application key and one of its secrets. List the same key more than once to accept several
 * secrets during a rotation.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Credential {
  readonly applicationKey: string
  readonly applicationSecret: Redacted.Redacted<string>
}

/**
 * @since 0.1.0
 * @category Models
 */
export interface Options {
  /** The keys and secrets whose signatures are accepted (several during a key rotation). */
  readonly credentials: ReadonlyArray<Credential>
  /** How far `x-timestamp` may be from now, either way. Default: 5 minutes. */
  readonly maxAge?: Duration.DurationInput | undefined
  /** Accept the `Basic` scheme (`base64(key:secret)`, no signature). Default: `false`. */
  readonly allowBasic?: boolean | undefined
  /**
   * Prepended to the path this server sees, when a proxy strips a prefix from the public URL
   * Sinch calls (e.g. `"/voice"` when `https://example.com/voice/sinch` arrives as `/sinch`).
   */
  readonly pathPrefix?: string | undefined
  /**
   * The path Sinch signed, given the path this server sees; for proxies that rewrite more than a
   * prefix. Applied after `pathPrefix`.
   */
  readonly publicPath?: ((requestPath: string) => string) | undefined
  /**
   * Refuse a signed request whose signature was already accepted within the freshness window
   * (`ReplayedRequest`, 401). `true` remembers up to `defaultReplayGuardEntries` signatures, a number
   * sets that bound; each is forgotten once its timestamp leaves the window, and the oldest go first
   * when the bound is reached (size it above the callbacks expected per window). Kept in memory:
   * each server instance guards itself. Applies to `Application` signatures, not to `Basic`.
   * Default: off.
   */
  readonly replayGuard?: boolean | number | undefined
}

/**
 * What a request to verify carries: the method, the path as this server received it (no host, no
 * query string), its headers and the raw body bytes.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Request {
  readonly method: string
  readonly path: string
  readonly headers: Headers.Input
  readonly body: Uint8Array
}

/**
 * A request proven to come from Sinch.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Verified {
  readonly scheme: "Application" | "Basic"
  readonly applicationKey: string
  /** The request's `x-timestamp` (absent only for `Basic` requests without one). */
  readonly timestamp: Option.Option<DateTime.Utc>
}

/**
 * @since 0.1.0
 * @category Models
 */
export interface Service {
  readonly verify: (request: Request) => Effect.Effect<Verified, WebhookError.VerificationError>
  /**
   * The same check, synchronously, at a given time (epoch milliseconds, read by the caller from
   * Effect's `Clock`): what `Webhooks` uses to answer a callback without a fiber. Optional, so a
   * custom verifier only needs `verify`.
   */
  readonly unsafeVerify?: (
    request: Request,
    nowMillis: number
  ) => Either.Either<Verified, WebhookError.VerificationError>
}

/**
 * @since 0.1.0
 * @category Context
 */
export class WebhookVerifier extends Context.Tag("@effect-sinch/voice/WebhookVerifier")<WebhookVerifier, Service>() {}

/**
 * The default freshness window for `x-timestamp`.
 *
 * @since 0.1.0
 * @category Constants
 */
export const defaultMaxAge: Duration.Duration = Duration.minutes(5)

/**
 * How many signatures `replayGuard: true` remembers.
 *
 * @since 0.1.0
 * @category Constants
 */
export const defaultReplayGuardEntries = 100_000

const utf8 = new TextEncoder()
const utf8Decoder = new TextDecoder("utf-8", { fatal: true })
const parseTimestamp = Timestamp.parse

interface Secrets {
  readonly signing: ReadonlyArray<Uint8Array>
  readonly basic: ReadonlyArray<Uint8Array>
}

/**
 * Builds a verifier; fails with `InvalidCredentials` when a secret is not valid base64, and with
 * `InvalidConfiguration` when `maxAge` is not a positive, finite duration or a numeric `replayGuard`
 * is not a whole number from 1.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make = (
  options: Options
): Effect.Effect<Service, WebhookError.InvalidCredentials | VoiceError.InvalidConfiguration, Crypto.Crypto> =>
  Effect.gen(function*() {
    const crypto = yield* Crypto.Crypto
    const secretsByKey = new Map<string, Secrets>()
    for (const { applicationKey, applicationSecret } of options.credentials) {
      const decoded = Signature.decodeSecret(applicationSecret)
      if (Either.isLeft(decoded)) {
        return yield* new WebhookError.InvalidCredentials({ applicationKey, reason: decoded.left })
      }
      const previous = secretsByKey.get(applicationKey) ?? { signing: [], basic: [] }
      secretsByKey.set(applicationKey, {
        signing: [...previous.signing, decoded.right],
        basic: [...previous.basic, utf8.encode(Redacted.value(applicationSecret).trim())]
      })
    }
    const maxAgeMillis = Duration.toMillis(yield* OptionChecks.duration("maxAge", options.maxAge, defaultMaxAge))
    if (typeof options.replayGuard === "number") {
      yield* OptionChecks.integer("replayGuard", options.replayGuard, defaultReplayGuardEntries)
    }
    const allowBasic = options.allowBasic === true
    const replays = makeReplayGuard(options.replayGuard)
    const signedPath = (requestPath: string): string => {
      const prefixed = options.pathPrefix === undefined ? requestPath : joinPath(options.pathPrefix, requestPath)
      return options.publicPath === undefined ? prefixed : options.publicPath(prefixed)
    }

    const verifyApplication = (
      request: Request,
      headers: Headers.Headers,
      credentials: string,
      now: number
    ): Either.Either<Verified, WebhookError.VerificationError> => {
      const separator = credentials.lastIndexOf(":")
      if (separator <= 0 || separator === credentials.length - 1) {
        return Either.left(new WebhookError.MalformedAuthorization({ scheme: "Application" }))
      }
      const applicationKey = credentials.slice(0, separator)
      const secrets = secretsByKey.get(applicationKey)
      if (secrets === undefined) {
        return Either.left(new WebhookError.UnknownApplicationKey({ applicationKey }))
      }
      const rawTimestamp = headers["x-timestamp"]
      const timestamp = rawTimestamp === undefined ? Option.none() : parseTimestamp(rawTimestamp)
      if (rawTimestamp === undefined || Option.isNone(timestamp)) {
        return Either.left(new WebhookError.MalformedTimestamp({ timestamp: rawTimestamp }))
      }
      const path = signedPath(request.path)
      const signed: Signature.SignedRequest = {
        method: request.method,
        contentType: headers["content-type"] ?? "",
        timestamp: rawTimestamp,
        path,
        body: request.body
      }
      const presented = utf8.encode(credentials.slice(separator + 1))
      // Every secret is tried, so the time taken does not tell which one (if any) matched.
      let matched = false
      for (const secret of secrets.signing) {
        matched = Crypto.timingSafeEqual(utf8.encode(Signature.sign(crypto, secret, signed)), presented) || matched
      }
      if (!matched) {
        return Either.left(new WebhookError.InvalidSignature({ applicationKey, path }))
      }
      const stale = checkFreshness(rawTimestamp, timestamp.value, now)
      if (stale !== undefined) return Either.left(stale)
      // checked last: only an authentic, fresh request is remembered
      if (replays !== undefined) {
        const signature = `${applicationKey}:${credentials.slice(separator + 1)}`
        const seen = replays.seen(signature, DateTime.toEpochMillis(timestamp.value) + maxAgeMillis, now)
        if (seen) return Either.left(new WebhookError.ReplayedRequest({ applicationKey, timestamp: rawTimestamp }))
      }
      return Either.right({ scheme: "Application", applicationKey, timestamp })
    }

    const checkFreshness = (
      raw: string,
      timestamp: DateTime.Utc,
      now: number
    ): WebhookError.StaleTimestamp | undefined => {
      const ageMillis = now - DateTime.toEpochMillis(timestamp)
      return Math.abs(ageMillis) <= maxAgeMillis
        ? undefined
        : new WebhookError.StaleTimestamp({ timestamp: raw, ageMillis, maxAgeMillis })
    }

    const verifyBasic = (
      headers: Headers.Headers,
      credentials: string,
      now: number
    ): Either.Either<Verified, WebhookError.VerificationError> => {
      const decoded = Encoding.decodeBase64(credentials).pipe(
        Either.flatMap((bytes) => Either.try(() => utf8Decoder.decode(bytes)))
      )
      const separator = Either.isRight(decoded) ? decoded.right.indexOf(":") : -1
      if (Either.isLeft(decoded) || separator <= 0) {
        return Either.left(new WebhookError.MalformedAuthorization({ scheme: "Basic" }))
      }
      const applicationKey = decoded.right.slice(0, separator)
      const presented = utf8.encode(decoded.right.slice(separator + 1))
      const secrets = secretsByKey.get(applicationKey)
      if (secrets === undefined) {
        return Either.left(new WebhookError.UnknownApplicationKey({ applicationKey }))
      }
      let matched = false
      for (const secret of secrets.basic) {
        matched = Crypto.timingSafeEqual(secret, presented) || matched
      }
      if (!matched) {
        return Either.left(new WebhookError.InvalidSignature({ applicationKey, path: "" }))
      }
      // Basic carries no signature; a timestamp, when present, still has to be fresh.
      const rawTimestamp = headers["x-timestamp"]
      if (rawTimestamp === undefined) {
        return Either.right({ scheme: "Basic", applicationKey, timestamp: Option.none() })
      }
      const timestamp = parseTimestamp(rawTimestamp)
      if (Option.isNone(timestamp)) {
        return Either.left(new WebhookError.MalformedTimestamp({ timestamp: rawTimestamp }))
      }
      const stale = checkFreshness(rawTimestamp, timestamp.value, now)
      return stale === undefined ? Either.right({ scheme: "Basic", applicationKey, timestamp }) : Either.left(stale)
    }

    const unsafeVerify = (request: Request, now: number): Either.Either<Verified, WebhookError.VerificationError> => {
      const headers = Headers.isHeaders(request.headers) ? request.headers : Headers.fromInput(request.headers)
      const authorization = (headers["authorization"] ?? "").trim()
      if (authorization === "") {
        return Either.left(new WebhookError.MissingAuthorization())
      }
      const space = authorization.search(/\s/)
      const scheme = space < 0 ? authorization : authorization.slice(0, space)
      const credentials = space < 0 ? "" : authorization.slice(space).trim()
      switch (scheme.toLowerCase()) {
        case "application":
          return verifyApplication(request, headers, credentials, now)
        case "basic":
          return allowBasic
            ? verifyBasic(headers, credentials, now)
            : Either.left(new WebhookError.UnsupportedScheme({ scheme }))
        default:
          return Either.left(new WebhookError.UnsupportedScheme({ scheme }))
      }
    }

    const verify = (request: Request): Effect.Effect<Verified, WebhookError.VerificationError> =>
      Effect.clockWith((clock) => unsafeVerify(request, clock.unsafeCurrentTimeMillis()))

    return WebhookVerifier.of({ verify, unsafeVerify })
  })

/**
 * @since 0.1.0
 * @category Layers
 */
export const layer = (
  options: Options
): Layer.Layer<WebhookVerifier, WebhookError.InvalidCredentials | VoiceError.InvalidConfiguration, Crypto.Crypto> =>
  Layer.effect(WebhookVerifier, make(options))

interface ReplayGuard {
  /** Whether `signature` was already seen; remembers it (until `expiresAt`) when it was not. */
  readonly seen: (signature: string, expiresAt: number, now: number) => boolean
}

// A Map keeps insertion order: the first entries are the oldest, so bounding it drops the oldest.
const makeReplayGuard = (option: boolean | number | undefined): ReplayGuard | undefined => {
  if (option === undefined || option === false) return undefined
  const capacity = option === true ? defaultReplayGuardEntries : Math.max(1, Math.floor(option))
  const expiries = new Map<string, number>()
  const forgetExpired = (now: number) => {
    // timestamps arrive roughly in order, so the expired entries are mostly at the front
    for (const [signature, expiresAt] of expiries) {
      if (expiresAt >= now) break
      expiries.delete(signature)
    }
  }
  return {
    seen: (signature, expiresAt, now) => {
      const known = expiries.get(signature)
      if (known !== undefined && known >= now) return true
      if (known !== undefined) expiries.delete(signature)
      forgetExpired(now)
      if (expiries.size >= capacity) {
        const oldest = expiries.keys().next()
        if (oldest.done !== true) expiries.delete(oldest.value)
      }
      expiries.set(signature, expiresAt)
      return false
    }
  }
}

const joinPath = (prefix: string, path: string): string => `${prefix.replace(/\/+$/, "")}/${path.replace(/^\/+/, "")}`
