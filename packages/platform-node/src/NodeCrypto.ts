/**
 * The `Crypto` service on `node:crypto`.
 *
 * @since 0.1.0
 */
import * as Crypto from "@effect-sinch/voice/Crypto"
import type * as Layer from "effect/Layer"
import * as NodeCrypto from "node:crypto"

// The client signs every request with the same secret (decoded once, never changed): its key is
// imported once, not per request. Node refuses an empty secret key; HMAC takes one as is.
const keys = new WeakMap<Uint8Array, NodeCrypto.KeyObject>()
const keyOf = (key: Uint8Array): NodeCrypto.KeyObject | Uint8Array => {
  if (key.length === 0) return key
  let keyObject = keys.get(key)
  if (keyObject === undefined) {
    keyObject = NodeCrypto.createSecretKey(key)
    keys.set(key, keyObject)
  }
  return keyObject
}

/**
 * @since 0.1.0
 * @category Constructors
 */
export const make: Crypto.Service = {
  md5: (data) => NodeCrypto.createHash("md5").update(data).digest(),
  hmacSha256: (key, data) => NodeCrypto.createHmac("sha256", keyOf(key)).update(data).digest(),
  // node:crypto encodes base64 and UTF-8 natively: signing skips the byte conversions
  md5Base64: (data) => NodeCrypto.createHash("md5").update(data).digest("base64"),
  hmacSha256Base64: (key, data) => NodeCrypto.createHmac("sha256", keyOf(key)).update(data, "utf8").digest("base64")
}

/**
 * @since 0.1.0
 * @category Layers
 */
export const layer: Layer.Layer<Crypto.Crypto> = Crypto.layer(make)
