/**
 * Diagnostic (`--breakdown`): undici itself (the transport under `NodeSinchVoice`), without Effect
 * — a keep-alive `Agent`, signed by hand with node:crypto, `body.text()` and `JSON.parse`. The gap
 * between this and the node:http floor is the transport's; the gap above it is Effect's.
 */
import * as Undici from "@effect/platform-node/Undici"
import * as Shared from "../shared.js"
import * as Pooled from "./pooled.js"
import type * as Types from "./types.js"

export const make: Types.MakeClient = async (baseUrl) => {
  const agent = new Undici.Agent()

  const send: Pooled.Send = async (method, path, body) => {
    const headers = Shared.signedHeaders(method, path, body)
    const response = await agent.request({ origin: baseUrl, method, path, headers, body: body ?? null })
    const text = await response.body.text()
    if (response.statusCode !== 200) throw new Error(`HTTP ${response.statusCode}: ${text}`)
    return text
  }

  return Pooled.client(send, () => agent.close())
}
