/**
 * Diagnostic (`--breakdown`): what effect-sinch does per request — the input check (the same
 * `Schema` check), a span with the same attributes, signing with `Signature` on `NodeCrypto`, its
 * undici transport, the answer's decoding (the same readers) — written as one closure with the fewest
 * Effect steps it can have (`suspend`, `useSpan`, `flatMap`), without the client's pipeline: no retry
 * guard, no timeout choice, no metrics, no optional breaker or rate limit. The gap between this and
 * `transport` is what those features cost; the gap between effect-sinch and this is what its pipeline
 * adds on top, i.e. the most a shorter pipeline could save.
 */
import * as NodeCrypto from "@effect-sinch/platform-node/NodeCrypto"
import * as Callouts from "@effect-sinch/voice/Callouts"
import * as Calls from "@effect-sinch/voice/Calls"
import * as Signature from "@effect-sinch/voice/Signature"
import * as Undici from "@effect/platform-node/Undici"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Schema from "effect/Schema"
import type * as CallInformation from "../../../voice/src/internal/callInformation.js"
import type * as UndiciTransport from "../../src/internal/undiciTransport.js"
import * as Shared from "../shared.js"
import * as EffectRuntime from "./effectRuntime.js"
import type * as Types from "./types.js"

const isModule = <M>(module: unknown): module is M =>
  typeof module === "object" && module !== null && "make" in module && typeof module.make === "function"

/** An internal module as built (`pnpm bench` builds first), as the client runs it. */
const loadBuilt = async <M>(url: URL): Promise<M> => {
  const module: unknown = await import(url.href)
  if (!isModule<M>(module)) throw new Error(`${url.pathname}: run \`pnpm build\` first`)
  return module
}

const utf8 = new TextEncoder()

export const make: Types.MakeClient = async (baseUrl) => {
  const undiciTransport = await loadBuilt<typeof UndiciTransport>(
    new URL("../../dist/internal/undiciTransport.js", import.meta.url)
  )
  const callInformation = await loadBuilt<typeof CallInformation>(
    new URL("../../../voice/dist/internal/callInformation.js", import.meta.url)
  )
  const agent = new Undici.Agent()
  const transport = undiciTransport.make(agent)
  const timeout = Duration.seconds(10)
  const origin = new URL(baseUrl).origin
  const secret = Buffer.from(Shared.applicationSecret, "base64")
  const checkTts = Schema.validateEither(Callouts.TtsCallout)
  const decodeCallout = Schema.decodeUnknownEither(Callouts.CalloutResponse, { onExcessProperty: "ignore" })
  const readCall = callInformation.make()
  const decodeCall = Schema.decodeUnknownEither(Calls.CallInformation, { onExcessProperty: "ignore" })

  const exchange = <A>(
    name: string,
    method: "GET" | "POST",
    path: string,
    body: unknown,
    decode: (json: unknown) => A | undefined
  ) =>
    Effect.useSpan(`sinch.voice.${name}`, { kind: "client", captureStackTrace: false }, (span) => {
      span.attribute("http.request.method", method)
      span.attribute("url.template", path)
      span.attribute("sinch.voice.operation", name)
      span.attribute("sinch.voice.retry_count", 0)
      const bytes = body === undefined ? undefined : utf8.encode(JSON.stringify(body))
      const contentType = bytes === undefined ? "" : "application/json"
      const timestamp = new Date().toISOString()
      const signature = Signature.sign(NodeCrypto.make, secret, {
        method,
        contentType,
        timestamp,
        path,
        body: bytes ?? new Uint8Array(0)
      })
      const headers: Record<string, string> = {
        accept: "application/json",
        "x-timestamp": timestamp,
        authorization: Signature.authorization(Shared.applicationKey, signature)
      }
      if (bytes !== undefined) headers["content-type"] = contentType
      return Effect.flatMap(
        transport.send({ operation: name, method, origin, path, headers, body: bytes, timeout, span }),
        (response) => {
          span.attribute("http.response.status_code", response.status)
          const value = response.status === 200 ? decode(JSON.parse(response.text)) : undefined
          return value === undefined ? Effect.fail(new Error(`HTTP ${response.status}`)) : Effect.succeed(value)
        }
      )
    })

  const client = EffectRuntime.fromRequests(ManagedRuntime.make(Layer.empty), {
    callout: Effect.suspend(() => {
      const checked = checkTts(Shared.ttsCallout)
      return Either.isLeft(checked)
        ? Effect.fail(checked.left)
        : exchange(
          "callouts.tts",
          "POST",
          Shared.calloutPath,
          { method: "ttsCallout", ttsCallout: checked.right },
          (json) => Either.getOrUndefined(decodeCallout(json))
        )
    }),
    get: Effect.suspend(() =>
      // the client's check of a call id: not empty, no control characters
      Shared.callId.length === 0 || /[\u0000-\u001f\u007f]/.test(Shared.callId)
        ? Effect.fail(new Error("invalid call id"))
        : exchange(
          "calls.get",
          "GET",
          `/calling/v1/calls/id/${encodeURIComponent(Shared.callId)}`,
          undefined,
          (json) => readCall(json) ?? Either.getOrUndefined(decodeCall(json))
        )
    )
  })
  return { ...client, close: () => agent.close().then(client.close) }
}
