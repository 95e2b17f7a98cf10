import * as Crypto from "@effect-sinch/voice/Crypto"
import * as NodeCrypto from "node:crypto"

/** `Crypto` on node:crypto for this package's tests (the package itself has no `node:` imports). */
export const TestCrypto = Crypto.layer({
  md5: (data) => NodeCrypto.createHash("md5").update(data).digest(),
  hmacSha256: (key, data) => NodeCrypto.createHmac("sha256", key).update(data).digest()
})
