/**
 * The `Crypto` service on `node:crypto`.
 *
 * @since 0.1.0
 */
import * as Crypto from "@effect-sinch/voice/Crypto"
import type * as Layer from "effect/Layer"
import * as NodeCrypto from "node:crypto"

/**
 * @since 0.1.0
 * @category Constructors
 */
export const make: Crypto.Service = {
  md5: (data) => NodeCrypto.createHash("md5").update(data).digest(),
  hmacSha256: (key, data) => NodeCrypto.createHmac("sha256", key).update(data).digest()
}

/**
 * @since 0.1.0
 * @category Layers
 */
export const layer: Layer.Layer<Crypto.Crypto> = Crypto.layer(make)
