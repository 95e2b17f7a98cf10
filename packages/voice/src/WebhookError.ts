/**
 * Why a callback request was refused: it could not be proven to come from Sinch (a
 * {@link VerificationError}, answered with 401), or it is not a callback event at all (a
 * {@link RequestError}, answered with 400, 413 or 415). A refused request never reaches a handler.
 *
 * @since 0.1.0
 */
import * as Predicate from "effect/Predicate"
import * as Schema from "effect/Schema"

/**
 * @since 0.1.0
 * @category Type IDs
 */
export const TypeId: unique symbol = Symbol.for("@effect-sinch/voice/WebhookError")

/**
 * @since 0.1.0
 * @category Type IDs
 */
export type TypeId = typeof TypeId

/**
 * The request has no `authorization` header.
 *
 * @since 0.1.0
 * @category Errors
 */
export class MissingAuthorization extends Schema.TaggedError<MissingAuthorization>(
  "@effect-sinch/voice/WebhookError/MissingAuthorization"
)("MissingAuthorization", {}) {
  /** @since 0.1.0 */
  readonly [TypeId]: TypeId = TypeId
  /** @since 0.1.0 */
  override get message(): string {
    return "The callback has no authorization header"
  }
}

/**
 * The `authorization` header uses a scheme this application does not accept (`Basic` is only
 * accepted when enabled).
 *
 * @since 0.1.0
 * @category Errors
 */
export class UnsupportedScheme extends Schema.TaggedError<UnsupportedScheme>(
  "@effect-sinch/voice/WebhookError/UnsupportedScheme"
)("UnsupportedScheme", { scheme: Schema.String }) {
  /** @since 0.1.0 */
  readonly [TypeId]: TypeId = TypeId
  /** @since 0.1.0 */
  override get message(): string {
    return `The callback's authorization scheme ${JSON.stringify(this.scheme)} is not accepted`
  }
}

/**
 * The `authorization` header's credentials are not `key:signature` (or, for `Basic`, not
 * base64 of `key:secret`).
 *
 * @since 0.1.0
 * @category Errors
 */
export class MalformedAuthorization extends Schema.TaggedError<MalformedAuthorization>(
  "@effect-sinch/voice/WebhookError/MalformedAuthorization"
)("MalformedAuthorization", { scheme: Schema.String }) {
  /** @since 0.1.0 */
  readonly [TypeId]: TypeId = TypeId
  /** @since 0.1.0 */
  override get message(): string {
    return `The callback's ${this.scheme} credentials are malformed`
  }
}

/**
 * The request is signed with an application key this application does not know.
 *
 * @since 0.1.0
 * @category Errors
 */
export class UnknownApplicationKey extends Schema.TaggedError<UnknownApplicationKey>(
  "@effect-sinch/voice/WebhookError/UnknownApplicationKey"
)("UnknownApplicationKey", { applicationKey: Schema.String }) {
  /** @since 0.1.0 */
  readonly [TypeId]: TypeId = TypeId
  /** @since 0.1.0 */
  override get message(): string {
    return `The callback is signed with the unknown application key ${JSON.stringify(this.applicationKey)}`
  }
}

/**
 * The signature (or the `Basic` secret) does not match any secret of the application key: the
 * body, path, content type or timestamp were altered, or the wrong secret or public path is
 * configured.
 *
 * @since 0.1.0
 * @category Errors
 */
export class InvalidSignature extends Schema.TaggedError<InvalidSignature>(
  "@effect-sinch/voice/WebhookError/InvalidSignature"
)("InvalidSignature", { applicationKey: Schema.String, path: Schema.String }) {
  /** @since 0.1.0 */
  readonly [TypeId]: TypeId = TypeId
  /** @since 0.1.0 */
  override get message(): string {
    return `The callback's signature does not match for application key ${
      JSON.stringify(this.applicationKey)
    } and path ${JSON.stringify(this.path)}`
  }
}

/**
 * The `x-timestamp` header is missing or is not an ISO-8601 date-time.
 *
 * @since 0.1.0
 * @category Errors
 */
export class MalformedTimestamp extends Schema.TaggedError<MalformedTimestamp>(
  "@effect-sinch/voice/WebhookError/MalformedTimestamp"
)("MalformedTimestamp", { timestamp: Schema.optional(Schema.String) }) {
  /** @since 0.1.0 */
  readonly [TypeId]: TypeId = TypeId
  /** @since 0.1.0 */
  override get message(): string {
    return this.timestamp === undefined
      ? "The callback has no x-timestamp header"
      : `The callback's x-timestamp ${JSON.stringify(this.timestamp)} is not an ISO-8601 date-time`
  }
}

/**
 * The request is authentic but its `x-timestamp` lies outside the accepted window: a replay, or a
 * clock that is far off.
 *
 * @since 0.1.0
 * @category Errors
 */
export class StaleTimestamp extends Schema.TaggedError<StaleTimestamp>(
  "@effect-sinch/voice/WebhookError/StaleTimestamp"
)("StaleTimestamp", {
  timestamp: Schema.String,
  /** How far the timestamp is from now, in milliseconds (negative: in the future). */
  ageMillis: Schema.Number,
  maxAgeMillis: Schema.Number
}) {
  /** @since 0.1.0 */
  readonly [TypeId]: TypeId = TypeId
  /** @since 0.1.0 */
  override get message(): string {
    return `The callback's x-timestamp ${JSON.stringify(this.timestamp)} is ${
      Math.round(Math.abs(this.ageMillis) / 1000)
    } s ${this.ageMillis < 0 ? "in the future" : "old"}; at most ${Math.round(this.maxAgeMillis / 1000)} s accepted`
  }
}

/**
 * The request is authentic and fresh, but a request with the same signature was already accepted
 * within the freshness window: a replay (refused only when the verifier's `replayGuard` is on).
 *
 * @since 0.1.0
 * @category Errors
 */
export class ReplayedRequest extends Schema.TaggedError<ReplayedRequest>(
  "@effect-sinch/voice/WebhookError/ReplayedRequest"
)("ReplayedRequest", { applicationKey: Schema.String, timestamp: Schema.String }) {
  /** @since 0.1.0 */
  readonly [TypeId]: TypeId = TypeId
  /** @since 0.1.0 */
  override get message(): string {
    return `A callback signed by application key ${JSON.stringify(this.applicationKey)} with x-timestamp ${
      JSON.stringify(this.timestamp)
    } was already accepted: a replay`
  }
}

/**
 * A configured application secret is not valid base64 (found when the verifier is built).
 *
 * @since 0.1.0
 * @category Errors
 */
export class InvalidCredentials extends Schema.TaggedError<InvalidCredentials>(
  "@effect-sinch/voice/WebhookError/InvalidCredentials"
)("InvalidCredentials", { applicationKey: Schema.String, reason: Schema.String }) {
  /** @since 0.1.0 */
  readonly [TypeId]: TypeId = TypeId
  /** @since 0.1.0 */
  override get message(): string {
    return `Webhook credentials for application key ${JSON.stringify(this.applicationKey)}: ${this.reason}`
  }
}

/**
 * Every reason a request is not proven to come from Sinch (answered with 401).
 *
 * @since 0.1.0
 * @category Errors
 */
export type VerificationError =
  | MissingAuthorization
  | UnsupportedScheme
  | MalformedAuthorization
  | UnknownApplicationKey
  | InvalidSignature
  | MalformedTimestamp
  | StaleTimestamp
  | ReplayedRequest

/**
 * The request's `content-type` is not JSON (answered with 415).
 *
 * @since 0.1.0
 * @category Errors
 */
export class UnsupportedMediaType extends Schema.TaggedError<UnsupportedMediaType>(
  "@effect-sinch/voice/WebhookError/UnsupportedMediaType"
)("UnsupportedMediaType", { contentType: Schema.optional(Schema.String) }) {
  /** @since 0.1.0 */
  readonly [TypeId]: TypeId = TypeId
  /** @since 0.1.0 */
  override get message(): string {
    return `Expected an application/json callback, got ${JSON.stringify(this.contentType ?? "no content type")}`
  }
}

/**
 * The request body is larger than the configured limit (answered with 413).
 *
 * @since 0.1.0
 * @category Errors
 */
export class PayloadTooLarge extends Schema.TaggedError<PayloadTooLarge>(
  "@effect-sinch/voice/WebhookError/PayloadTooLarge"
)("PayloadTooLarge", { maxBytes: Schema.Number }) {
  /** @since 0.1.0 */
  readonly [TypeId]: TypeId = TypeId
  /** @since 0.1.0 */
  override get message(): string {
    return `The callback body is larger than ${this.maxBytes} bytes`
  }
}

/**
 * The body is not JSON, or not a callback event Sinch documents (answered with 400).
 *
 * @since 0.1.0
 * @category Errors
 */
export class MalformedEvent extends Schema.TaggedError<MalformedEvent>(
  "@effect-sinch/voice/WebhookError/MalformedEvent"
)("MalformedEvent", { reason: Schema.String }) {
  /** @since 0.1.0 */
  readonly [TypeId]: TypeId = TypeId
  /** @since 0.1.0 */
  override get message(): string {
    return `The callback is not a valid event: ${this.reason}`
  }
}

/**
 * Every reason a request is not a well-formed callback.
 *
 * @since 0.1.0
 * @category Errors
 */
export type RequestError = UnsupportedMediaType | PayloadTooLarge | MalformedEvent

/**
 * @since 0.1.0
 * @category Errors
 */
export type WebhookError = VerificationError | RequestError | InvalidCredentials

/**
 * @since 0.1.0
 * @category Guards
 */
export const isWebhookError = (u: unknown): u is WebhookError => Predicate.hasProperty(u, TypeId)
