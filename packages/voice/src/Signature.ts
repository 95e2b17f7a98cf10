/**
 * Sinch's application signing (the `Application` authorization scheme), shared by outgoing requests
 * and the verification of incoming callbacks:
 *
 * ```text
 * StringToSign  = VERB \n Content-MD5 \n Content-Type \n "x-timestamp:" timestamp \n path
 * Signature     = Base64(HMAC-SHA256(Base64Decode(secret), UTF8(StringToSign)))
 * Authorization = "Application " key ":" Signature
 * ```
 *
 * @since 0.1.0
 */
import * as Either from "effect/Either"
import * as Encoding from "effect/Encoding"
import * as Redacted from "effect/Redacted"
import type * as Crypto from "./Crypto.js"

/**
 * What the signature covers: the exact bytes and `Content-Type` sent, and the request path
 * (no host, no query string).
 *
 * @since 0.1.0
 * @category Models
 */
export interface SignedRequest {
  readonly method: string
  readonly contentType: string
  readonly timestamp: string
  readonly path: string
  readonly body: Uint8Array
}

const utf8 = new TextEncoder()

/**
 * `Base64(MD5(body))`, or the empty string for an empty body.
 *
 * @since 0.1.0
 * @category Signing
 */
export const contentMd5 = (crypto: Crypto.Service, body: Uint8Array): string =>
  body.length === 0
    ? ""
    : crypto.md5Base64 !== undefined
    ? crypto.md5Base64(body)
    : Encoding.encodeBase64(crypto.md5(body))

/**
 * @since 0.1.0
 * @category Signing
 */
export const stringToSign = (request: SignedRequest, md5: string): string =>
  `${request.method.toUpperCase()}\n${md5}\n${request.contentType}\nx-timestamp:${request.timestamp}\n${request.path}`

/**
 * Decodes an application secret strictly from base64 (as the Java and .NET SDKs do); `Left` carries
 * the reason, never the secret.
 *
 * @since 0.1.0
 * @category Signing
 */
export const decodeSecret = (secret: Redacted.Redacted<string>): Either.Either<Uint8Array, string> =>
  Encoding.decodeBase64(Redacted.value(secret).trim()).pipe(
    Either.mapLeft(() => "the application secret is not valid base64"),
    Either.filterOrLeft((bytes) => bytes.length > 0, () => "the application secret is empty")
  )

/**
 * The base64 signature of a request, given the decoded secret.
 *
 * @since 0.1.0
 * @category Signing
 */
export const sign = (crypto: Crypto.Service, secret: Uint8Array, request: SignedRequest): string => {
  const text = stringToSign(request, contentMd5(crypto, request.body))
  return crypto.hmacSha256Base64 !== undefined
    ? crypto.hmacSha256Base64(secret, text)
    : Encoding.encodeBase64(crypto.hmacSha256(secret, utf8.encode(text)))
}

/**
 * @since 0.1.0
 * @category Signing
 */
export const authorization = (applicationKey: string, signature: string): string =>
  `Application ${applicationKey}:${signature}`
