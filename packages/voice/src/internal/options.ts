/**
 * The client's options, checked once when its layer is built: a usable key, a base64 secret,
 * a known region and auth mode, http(s) base URLs without query or credentials, a positive timeout.
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Redacted from "effect/Redacted"
import * as Region from "../Region.js"
import * as Retry from "../Retry.js"
import * as Signature from "../Signature.js"
import * as VoiceConfig from "../VoiceConfig.js"
import * as VoiceError from "../VoiceError.js"

/** The options of a client, checked and with defaults applied. */
export interface ResolvedOptions {
  readonly applicationKey: string
  readonly applicationSecret: Redacted.Redacted<string>
  readonly secretBytes: Redacted.Redacted<Uint8Array>
  readonly auth: VoiceConfig.Auth
  readonly callingBaseUrl: string
  readonly configurationBaseUrl: string
  readonly timeout: Duration.Duration
  readonly retry: Retry.Policy
  readonly maxRetryAfter: Duration.Duration
}

export const baseUrl = (
  field: string,
  value: string
): Either.Either<string, VoiceError.InvalidConfiguration> => {
  try {
    const url = new URL(value)
    if (url.protocol !== "https:" && url.protocol !== "http:") {
      return Either.left(new VoiceError.InvalidConfiguration({ field, reason: "expected an http(s) URL" }))
    }
    if (url.search !== "" || url.hash !== "" || url.username !== "" || url.password !== "") {
      return Either.left(
        new VoiceError.InvalidConfiguration({ field, reason: "must not carry a query, a fragment or credentials" })
      )
    }
    return Either.right(`${url.origin}${url.pathname.replace(/\/+$/, "")}`)
  } catch {
    return Either.left(new VoiceError.InvalidConfiguration({ field, reason: "expected an absolute http(s) URL" }))
  }
}

/** Checks the options: a usable key, a base64 secret, valid base URLs and a positive timeout. */
export const resolveOptions = (
  options: VoiceConfig.Options
): Effect.Effect<ResolvedOptions, VoiceError.InvalidConfiguration> =>
  Effect.gen(function*() {
    if (!/^[\x21-\x39\x3b-\x7e]+$/.test(options.applicationKey)) {
      return yield* new VoiceError.InvalidConfiguration({
        field: "applicationKey",
        reason: "expected a non-empty key of printable ASCII characters, without spaces or ':'"
      })
    }
    const secretBytes = yield* Signature.decodeSecret(options.applicationSecret).pipe(
      Either.mapLeft((reason) => new VoiceError.InvalidConfiguration({ field: "applicationSecret", reason }))
    )
    const region = options.region ?? "global"
    if (!Region.Region.literals.includes(region)) {
      return yield* new VoiceError.InvalidConfiguration({
        field: "region",
        reason: `expected one of ${Region.Region.literals.join(", ")}`
      })
    }
    const auth = options.auth ?? "signed"
    if (auth !== "signed" && auth !== "basic") {
      return yield* new VoiceError.InvalidConfiguration({ field: "auth", reason: "expected signed or basic" })
    }
    const callingBaseUrl = yield* baseUrl("callingBaseUrl", options.callingBaseUrl ?? Region.callingBaseUrl(region))
    const configurationBaseUrl = yield* baseUrl(
      "configurationBaseUrl",
      options.configurationBaseUrl ?? Region.configurationBaseUrl
    )
    const timeout = Duration.decode(options.timeout ?? VoiceConfig.defaultTimeout)
    if (!Duration.greaterThan(timeout, Duration.zero)) {
      return yield* new VoiceError.InvalidConfiguration({ field: "timeout", reason: "must be positive" })
    }
    return {
      applicationKey: options.applicationKey,
      applicationSecret: options.applicationSecret,
      secretBytes: Redacted.make(secretBytes),
      auth,
      callingBaseUrl,
      configurationBaseUrl,
      timeout,
      retry: options.retry ?? Retry.defaultPolicy,
      maxRetryAfter: Duration.decode(options.maxRetryAfter ?? Retry.defaultMaxRetryAfter)
    }
  })
