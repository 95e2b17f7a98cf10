/**
 * Sinch's official Node SDK (`@sinch/voice` 1.4.0 on node-fetch 2, keep-alive through Node's
 * global agent), pointed at the fake with `voiceHostname`.
 */
import { VoiceService } from "@sinch/voice"
import * as Http from "node:http"
import * as Shared from "../shared.js"
import type * as Types from "./types.js"

export const make: Types.MakeClient = async (baseUrl) => {
  const voice = new VoiceService({
    applicationKey: Shared.applicationKey,
    applicationSecret: Shared.applicationSecret,
    voiceHostname: baseUrl,
    voiceApplicationManagementHostname: baseUrl
  })
  const callout = async () => {
    const response = await voice.callouts.tts({
      ttsCalloutRequestBody: { method: "ttsCallout", ttsCallout: Shared.ttsCallout }
    })
    if (typeof response.callId !== "string") throw new Error("callout: no callId")
  }
  const get = async () => {
    const response = await voice.calls.get({ callId: Shared.callId })
    if (typeof response.callId !== "string") throw new Error("get: no callId")
  }
  return {
    runBatch: (operation, count, concurrency) =>
      Shared.runPool(count, concurrency, operation === "get" ? get : callout),
    close: async () => Http.globalAgent.destroy()
  }
}
