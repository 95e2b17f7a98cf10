/**
 * Diagnostic (`--breakdown`): undici itself (the transport under `NodeSinchVoice`), without Effect
 * — a keep-alive `Agent`, signed by hand with node:crypto, `body.text()` and `JSON.parse`. The gap
 * between this and the node:http floor is the transport's; the gap above it is Effect's.
 */
import * as Undici from "@effect/platform-node/Undici"
import * as Shared from "../shared.js"
import type * as Types from "./types.js"

export const make: Types.MakeClient = async (baseUrl) => {
  const agent = new Undici.Agent()

  const send = async (method: "GET" | "POST", path: string, body: Buffer | undefined): Promise<string> => {
    const headers = Shared.signedHeaders(method, path, body)
    const response = await agent.request({ origin: baseUrl, method, path, headers, body: body ?? null })
    const text = await response.body.text()
    if (response.statusCode !== 200) throw new Error(`HTTP ${response.statusCode}: ${text}`)
    return text
  }

  const callout = async () => {
    if (!Shared.hasCallId(await send("POST", Shared.calloutPath, Shared.calloutBody()))) {
      throw new Error("callout: no callId")
    }
  }
  const get = async () => {
    if (!Shared.hasCallId(await send("GET", Shared.callPath, undefined))) throw new Error("get: no callId")
  }
  return {
    runBatch: (operation, count, concurrency) =>
      Shared.runPool(count, concurrency, operation === "get" ? get : callout),
    close: () => agent.close()
  }
}
