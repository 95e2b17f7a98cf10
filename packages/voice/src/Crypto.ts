/**
 * The cryptographic primitives that Sinch's application signing needs, behind a small service so
 * that this package stays runtime-agnostic: `@effect-sinch/platform-node` provides them with
 * `node:crypto` (WebCrypto has no MD5, and its Promise-based API would make signing asynchronous).
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Layer from "effect/Layer"

/**
 * @since 0.1.0
 * @category Models
 */
export interface Service {
  /** MD5 digest of `data` (16 bytes). */
  readonly md5: (data: Uint8Array) => Uint8Array
  /** HMAC-SHA256 of `data` keyed with `key` (32 bytes). */
  readonly hmacSha256: (key: Uint8Array, data: Uint8Array) => Uint8Array
  /**
   * Optional, for speed: base64 of `md5(data)`. Signing uses it when present; a runtime with native
   * base64 saves the conversions.
   */
  readonly md5Base64?: ((data: Uint8Array) => string) | undefined
  /** Optional, for speed: base64 of `hmacSha256(key, UTF-8 bytes of data)`. */
  readonly hmacSha256Base64?: ((key: Uint8Array, data: string) => string) | undefined
}

/**
 * @since 0.1.0
 * @category Context
 */
export class Crypto extends Context.Tag("@effect-sinch/voice/Crypto")<Crypto, Service>() {}

/**
 * @since 0.1.0
 * @category Layers
 */
export const layer = (service: Service): Layer.Layer<Crypto> => Layer.succeed(Crypto, service)

/**
 * Compares two byte arrays in time that depends only on their lengths, never on where they differ.
 *
 * @since 0.1.0
 * @category Utils
 */
export const timingSafeEqual = (a: Uint8Array, b: Uint8Array): boolean => {
  let difference = a.length ^ b.length
  const length = Math.max(a.length, b.length)
  for (let i = 0; i < length; i++) {
    difference |= (a[i] ?? 0) ^ (b[i] ?? 0)
  }
  return difference === 0
}
