/**
 * What the hand-written (promise) clients share: the callout and the GET on top of their `send`,
 * each answer checked for a `callId`, run by a pool of `concurrency` workers.
 */
import * as Shared from "../shared.js"
import type * as Types from "./types.js"

/** Sends a signed request and resolves with the answer's text (rejects on a non-200). */
export type Send = (method: "GET" | "POST", path: string, body: Buffer | undefined) => Promise<string>

export const client = (send: Send, close: () => Promise<void>): Types.Client => {
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
    close
  }
}
