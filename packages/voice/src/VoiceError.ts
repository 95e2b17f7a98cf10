/**
 * The typed errors of the Voice API client. Every operation fails with a closed union of these
 * classes; each error names the operation and, when Sinch sent one, carries its support
 * `reference`. None of them ever holds a credential, a header or a raw platform error.
 *
 * @since 0.1.0
 */
import * as Duration from "effect/Duration"
import * as Predicate from "effect/Predicate"
import * as Schema from "effect/Schema"

/**
 * @since 0.1.0
 * @category Type IDs
 */
export const TypeId: unique symbol = Symbol.for("@effect-sinch/voice/VoiceError")

/**
 * @since 0.1.0
 * @category Type IDs
 */
export type TypeId = typeof TypeId

/**
 * Sinch's `errorCode`: a number in practice, a string in the documentation.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const SinchErrorCode = Schema.Union(Schema.Number, Schema.String)

const sinchFields = {
  operation: Schema.String,
  errorCode: Schema.optional(SinchErrorCode),
  detail: Schema.optional(Schema.String),
  reference: Schema.optional(Schema.String)
}

const describe = (
  self: {
    readonly operation: string
    readonly errorCode?: number | string | undefined
    readonly detail?: string | undefined
    readonly reference?: string | undefined
  },
  what: string
): string => {
  const parts = [`${self.operation}: ${what}`]
  if (self.errorCode !== undefined) parts.push(`errorCode ${self.errorCode}`)
  if (self.detail !== undefined) parts.push(self.detail)
  if (self.reference !== undefined) parts.push(`reference ${self.reference}`)
  return parts.join(" — ")
}

/**
 * The request was rejected before anything was sent: `field` names the offending input and
 * `reason` says which rule it breaks.
 *
 * @since 0.1.0
 * @category Errors
 */
export class InvalidInput extends Schema.TaggedError<InvalidInput>("@effect-sinch/voice/InvalidInput")(
  "InvalidInput",
  { operation: Schema.String, field: Schema.String, reason: Schema.String }
) {
  /** @since 0.1.0 */
  readonly [TypeId]: TypeId = TypeId
  /** @since 0.1.0 */
  override get message(): string {
    return `${this.operation}: invalid ${this.field}: ${this.reason} (nothing was sent)`
  }
}

/**
 * Sinch answered 400: the request was understood but its parameters were refused.
 *
 * @since 0.1.0
 * @category Errors
 */
export class BadRequest extends Schema.TaggedError<BadRequest>("@effect-sinch/voice/BadRequest")("BadRequest", {
  ...sinchFields
}) {
  /** @since 0.1.0 */
  readonly [TypeId]: TypeId = TypeId
  /** @since 0.1.0 */
  override get message(): string {
    return describe(this, "bad request (400)")
  }
}

/**
 * Sinch answered 401 (bad credentials, signature or timestamp) or 403 (forbidden destination or
 * authorization scheme).
 *
 * @since 0.1.0
 * @category Errors
 */
export class Unauthorized extends Schema.TaggedError<Unauthorized>("@effect-sinch/voice/Unauthorized")(
  "Unauthorized",
  { ...sinchFields, status: Schema.Literal(401, 403) }
) {
  /** @since 0.1.0 */
  readonly [TypeId]: TypeId = TypeId
  /** @since 0.1.0 */
  override get message(): string {
    return describe(this, this.status === 401 ? "unauthorized (401)" : "forbidden (403)")
  }
}

/**
 * Sinch answered 402: the account has not enough credit.
 *
 * @since 0.1.0
 * @category Errors
 */
export class PaymentRequired extends Schema.TaggedError<PaymentRequired>("@effect-sinch/voice/PaymentRequired")(
  "PaymentRequired",
  { ...sinchFields }
) {
  /** @since 0.1.0 */
  readonly [TypeId]: TypeId = TypeId
  /** @since 0.1.0 */
  override get message(): string {
    return describe(this, "not enough credit (402)")
  }
}

/**
 * Sinch answered 404: the call, conference, application or number does not exist (or no longer).
 *
 * @since 0.1.0
 * @category Errors
 */
export class NotFound extends Schema.TaggedError<NotFound>("@effect-sinch/voice/NotFound")("NotFound", {
  ...sinchFields,
  resource: Schema.String
}) {
  /** @since 0.1.0 */
  readonly [TypeId]: TypeId = TypeId
  /** @since 0.1.0 */
  override get message(): string {
    return describe(this, `${this.resource} not found (404)`)
  }
}

/**
 * Sinch answered 429. `retryAfter` is what its `Retry-After` header asked for, when present.
 *
 * @since 0.1.0
 * @category Errors
 */
export class RateLimited extends Schema.TaggedError<RateLimited>("@effect-sinch/voice/RateLimited")("RateLimited", {
  ...sinchFields,
  retryAfter: Schema.optional(Schema.DurationFromMillis)
}) {
  /** @since 0.1.0 */
  readonly [TypeId]: TypeId = TypeId
  /** @since 0.1.0 */
  override get message(): string {
    return describe(this, "rate limited (429)")
  }
}

/**
 * Sinch answered with a 5xx status. For a callout or a SVAML update the action may have happened.
 * `retryAfter` is what its `Retry-After` header asked for (typically with a 503), when present.
 *
 * @since 0.1.0
 * @category Errors
 */
export class ServerError extends Schema.TaggedError<ServerError>("@effect-sinch/voice/ServerError")("ServerError", {
  ...sinchFields,
  status: Schema.Int,
  /** @since 0.2.0 */
  retryAfter: Schema.optional(Schema.DurationFromMillis)
}) {
  /** @since 0.1.0 */
  readonly [TypeId]: TypeId = TypeId
  /** @since 0.1.0 */
  override get message(): string {
    return describe(this, `server error (${this.status})`)
  }
}

/**
 * The HTTP exchange failed without a response. `mayHaveReachedSinch` is `false` only when the
 * request provably never left (connection refused, DNS failure, connect timeout, invalid URL);
 * a reset or an aborted exchange counts as "may have reached Sinch".
 *
 * @since 0.1.0
 * @category Errors
 */
export class TransportError extends Schema.TaggedError<TransportError>("@effect-sinch/voice/TransportError")(
  "TransportError",
  { operation: Schema.String, mayHaveReachedSinch: Schema.Boolean, description: Schema.String }
) {
  /** @since 0.1.0 */
  readonly [TypeId]: TypeId = TypeId
  /** @since 0.1.0 */
  override get message(): string {
    return `${this.operation}: transport failure (${
      this.mayHaveReachedSinch ? "the request may have reached Sinch" : "the request was not sent"
    }): ${this.description}`
  }
}

/**
 * No response arrived within the request timeout. The request may have reached Sinch.
 *
 * @since 0.1.0
 * @category Errors
 */
export class Timeout extends Schema.TaggedError<Timeout>("@effect-sinch/voice/Timeout")("Timeout", {
  operation: Schema.String,
  timeout: Schema.DurationFromMillis
}) {
  /** @since 0.1.0 */
  readonly [TypeId]: TypeId = TypeId
  /** @since 0.1.0 */
  override get message(): string {
    return `${this.operation}: no response within ${Duration.format(this.timeout)} (the request may have reached Sinch)`
  }
}

/**
 * A response this client could not make sense of: an undocumented status, or a body that does not
 * match the documented schema. `excerpt` holds the start of the body.
 *
 * @since 0.1.0
 * @category Errors
 */
export class UnexpectedResponse extends Schema.TaggedError<UnexpectedResponse>(
  "@effect-sinch/voice/UnexpectedResponse"
)("UnexpectedResponse", {
  operation: Schema.String,
  status: Schema.Int,
  excerpt: Schema.String,
  reason: Schema.String,
  reference: Schema.optional(Schema.String)
}) {
  /** @since 0.1.0 */
  readonly [TypeId]: TypeId = TypeId
  /** @since 0.1.0 */
  override get message(): string {
    return `${this.operation}: unexpected response (${this.status}): ${this.reason}${
      this.excerpt.length > 0 ? ` — body: ${this.excerpt}` : ""
    }`
  }
}

/**
 * The circuit breaker for `host` is open (or half-open with its trial requests already in flight),
 * so the request was **not sent**. `retryAfter` is how long until the breaker lets a trial request
 * through (zero when half-open). Only raised when a `CircuitBreaker` layer is provided.
 *
 * @since 0.1.0
 * @category Errors
 */
export class CircuitOpen extends Schema.TaggedError<CircuitOpen>("@effect-sinch/voice/CircuitOpen")("CircuitOpen", {
  operation: Schema.String,
  host: Schema.String,
  retryAfter: Schema.DurationFromMillis
}) {
  /** @since 0.1.0 */
  readonly [TypeId]: TypeId = TypeId
  /** @since 0.1.0 */
  override get message(): string {
    const wait = Duration.greaterThan(this.retryAfter, Duration.zero)
      ? `next trial in ${Duration.format(this.retryAfter)}`
      : "a trial request is in flight"
    return `${this.operation}: circuit open for ${this.host} (the request was not sent; ${wait})`
  }
}

/**
 * The client options are unusable (e.g. an application secret that is not base64). `field` names
 * the option; the value itself is never included.
 *
 * @since 0.1.0
 * @category Errors
 */
export class InvalidConfiguration extends Schema.TaggedError<InvalidConfiguration>(
  "@effect-sinch/voice/InvalidConfiguration"
)("InvalidConfiguration", { field: Schema.String, reason: Schema.String }) {
  /** @since 0.1.0 */
  readonly [TypeId]: TypeId = TypeId
  /** @since 0.1.0 */
  override get message(): string {
    return `invalid Sinch Voice configuration: ${this.field}: ${this.reason}`
  }
}

/**
 * The errors every operation can fail with.
 *
 * @since 0.1.0
 * @category Models
 */
export type CommonError =
  | InvalidInput
  | BadRequest
  | Unauthorized
  | RateLimited
  | ServerError
  | TransportError
  | Timeout
  | UnexpectedResponse
  | CircuitOpen

/**
 * The errors of a callout (`Callouts`).
 *
 * @since 0.1.0
 * @category Models
 */
export type CalloutError = CommonError | PaymentRequired

/**
 * The errors of an operation on a resource that may not exist (`Calls`, `Conferences`,
 * `Applications`).
 *
 * @since 0.1.0
 * @category Models
 */
export type ResourceError = CommonError | NotFound

/**
 * @since 0.1.0
 * @category Models
 */
export type VoiceError = CommonError | PaymentRequired | NotFound | InvalidConfiguration

/**
 * @since 0.1.0
 * @category Guards
 */
export const isVoiceError = (u: unknown): u is VoiceError => Predicate.hasProperty(u, TypeId)
