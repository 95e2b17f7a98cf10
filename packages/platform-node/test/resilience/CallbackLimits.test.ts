/**
 * The simulator posting to callback URLs over loopback, against servers that misbehave: one that
 * never answers is given up on after the callback timeout, and answers of 50 MB (declared or
 * streamed) are abandoned at the limit — neither holds the call nor fills the memory.
 */
import { NodeCrypto, NodeSimulator } from "@effect-sinch/platform-node"
import * as Applications from "@effect-sinch/voice/Applications"
import * as Simulator from "@effect-sinch/voice/Simulator"
import * as SimulatorTranscript from "@effect-sinch/voice/SimulatorTranscript"
import * as VoiceError from "@effect-sinch/voice/VoiceError"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { assert, describe, expect, it } from "@effect/vitest"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import type * as Http from "node:http"
import * as NodeHttp from "node:http"

const applicationKey = "669E367E-6BBA-48AB-AF15-266871C28135"
const applicationSecret = Redacted.make("BeIukql3pTKJ8RGL5zo0DA==")
const mebibyte = 1024 * 1024
const chunk = Buffer.alloc(64 * 1024, 0x20)

/** A node:http server on loopback answering with `handle`, closed with the scope; returns its URL. */
const server = (handle: (request: Http.IncomingMessage, response: Http.ServerResponse) => void) =>
  Effect.acquireRelease(
    Effect.async<{ readonly server: Http.Server; readonly url: string }>((resume) => {
      const server = NodeHttp.createServer(handle)
      server.listen(0, "127.0.0.1", () => {
        const address = server.address()
        const port = typeof address === "object" && address !== null ? address.port : 0
        resume(Effect.succeed({ server, url: `http://127.0.0.1:${port}/sinch/callback` }))
      })
    }),
    ({ server }) =>
      Effect.async<void>((resume) => {
        server.closeAllConnections()
        server.close(() => resume(Effect.void))
      })
  )

/** Writes `bytes` in 64 KiB chunks, honouring backpressure, until done or the client goes away. */
const stream = (response: Http.ServerResponse, bytes: number, written: { count: number }) => {
  const pump = () => {
    while (written.count < bytes && !response.destroyed) {
      written.count += chunk.length
      if (!response.write(chunk)) return void response.once("drain", pump)
    }
    if (!response.destroyed) response.end()
  }
  pump()
}

const simulatorFor = (url: string, options: Partial<Simulator.Options<never>> = {}) =>
  Effect.map(
    Layer.build(
      Simulator.layer({
        applicationKey,
        applicationSecret,
        deliver: Simulator.toCallbackUrls,
        callbackUrl: url,
        ...options
      }).pipe(Layer.provide(NodeHttpClient.layerUndici), Layer.provide(NodeCrypto.layer))
    ),
    (context) => Context.get(context, Simulator.Simulator)
  )

const iceFailure = (transcript: SimulatorTranscript.Transcript) =>
  SimulatorTranscript.entriesOf(transcript, "CallbackFailed").find((entry) => entry.event === "ice")?.reason

describe("Simulator over HTTP: callback limits", () => {
  it.scopedLive("a callback URL that never answers is given up on after callbackTimeout", () =>
    Effect.gen(function*() {
      const { url } = yield* server(() => {
        // accepts the request and never answers
      })
      const simulator = yield* simulatorFor(url, { callbackTimeout: "300 millis" })
      const callId = yield* simulator.incomingCall({ from: "+46700000000", to: "+46700000001" })
      const transcript = yield* simulator.awaitEnd(callId).pipe(Effect.timeout("10 seconds"))
      expect(transcript.reason).toBe("CALLBACKERROR")
      expect(iceFailure(transcript)).toBe("did not answer within 300 ms")
    }))

  it.scopedLive("a primary that never answers falls back to the fallback URL", () =>
    Effect.gen(function*() {
      const silent = yield* server(() => {})
      const fallback = yield* server((_, response) => {
        response.writeHead(200, { "content-type": "application/json" }).end(`{"action":{"name":"hangup"}}`)
      })
      const simulator = yield* simulatorFor(silent.url, { callbackTimeout: "300 millis" })
      yield* Effect.flatMap(
        Applications.Applications,
        (applications) =>
          applications.updateCallbackUrls(applicationKey, { url: { primary: silent.url, fallback: fallback.url } })
      ).pipe(Effect.provide(simulator.services))
      const callId = yield* simulator.incomingCall({ from: "+46700000000", to: "+46700000001" })
      const transcript = yield* simulator.awaitEnd(callId).pipe(Effect.timeout("10 seconds"))
      expect(transcript.reason).toBe("MANAGERHANGUP")
      expect(iceFailure(transcript)).toBeUndefined()
    }))

  for (const declared of [true, false]) {
    it.scopedLive(`a 50 MB answer${declared ? " (declared)" : " (streamed)"} is abandoned at the limit`, () =>
      Effect.gen(function*() {
        const written = { count: 0 }
        const { url } = yield* server((_, response) => {
          response.writeHead(
            200,
            declared
              ? { "content-type": "application/json", "content-length": String(50 * mebibyte) }
              : { "content-type": "application/json" }
          )
          stream(response, 50 * mebibyte, written)
        })
        const simulator = yield* simulatorFor(url)
        const callId = yield* simulator.incomingCall({ from: "+46700000000", to: "+46700000001" })
        const transcript = yield* simulator.awaitEnd(callId).pipe(Effect.timeout("10 seconds"))
        expect(transcript.reason).toBe("CALLBACKERROR")
        expect(iceFailure(transcript)).toBe("answer too large (more than 65536 bytes)")
        // the rest was never asked for: the server could write little more than socket buffers hold
        assert.isBelow(written.count, 16 * mebibyte)
      }))
  }

  it.scoped("NodeSimulator refuses a bad port, callback timeout or answer limit before binding", () =>
    Effect.gen(function*() {
      const bad: ReadonlyArray<Partial<NodeSimulator.Options>> = [
        { port: Number.NaN },
        { port: 70_000 },
        { callbackTimeout: Number.NaN },
        { maxReplyBytes: -1 }
      ]
      for (const options of bad) {
        const error = yield* Effect.flip(
          Layer.build(NodeSimulator.layer({ applicationKey, applicationSecret, ...options }))
        )
        assert.instanceOf(error, VoiceError.InvalidConfiguration)
        assert.strictEqual(error.field, Object.keys(options)[0])
      }
    }))
})
