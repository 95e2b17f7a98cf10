/**
 * Webhook abuse: oversized bodies, slow senders, 10,000 concurrent requests and replays, against
 * the real `Webhooks` endpoint (in-process and over loopback with `NodeWebhookServer`). Whatever
 * arrives, memory stays bounded, nothing crashes, and no handler runs for an unverified request.
 */
import { NodeCrypto } from "@effect-sinch/platform-node"
import * as Actions from "@effect-sinch/svaml/Actions"
import * as Signature from "@effect-sinch/voice/Signature"
import * as Webhooks from "@effect-sinch/voice/Webhooks"
import * as WebhookVerifier from "@effect-sinch/voice/WebhookVerifier"
import * as NodeHttpServer from "@effect/platform-node/NodeHttpServer"
import * as HttpRouter from "@effect/platform/HttpRouter"
import * as HttpServer from "@effect/platform/HttpServer"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import { assert, describe, it } from "@effect/vitest"
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"
import * as LogLevel from "effect/LogLevel"
import * as Redacted from "effect/Redacted"
import * as TestClock from "effect/TestClock"
import * as NodeCryptoModule from "node:crypto"
import * as Http from "node:http"
import * as Net from "node:net"
import * as V8 from "node:v8"
import * as Vm from "node:vm"
import { applicationKey, applicationSecret, iceBody, path, serve as nodeWebhookServer } from "../utils/webhookServer.js"
import { Recorder } from "./recorder.js"

const maxBodyBytes = Webhooks.defaultMaxBodyBytes
const utf8 = new TextEncoder()
const secretBytes = Either.getOrThrow(Signature.decodeSecret(Redacted.make(applicationSecret)))
const nodeCrypto = {
  md5: (data: Uint8Array) => NodeCryptoModule.createHash("md5").update(data).digest(),
  hmacSha256: (key: Uint8Array, data: Uint8Array) => NodeCryptoModule.createHmac("sha256", key).update(data).digest()
}

/** The headers Sinch would send for `body`, signed at `timestamp`. */
const signedHeaders = (body: Uint8Array, timestamp: string): Record<string, string> => ({
  "authorization": Signature.authorization(
    applicationKey,
    Signature.sign(nodeCrypto, secretBytes, { method: "POST", contentType: "application/json", timestamp, path, body })
  ),
  "content-type": "application/json",
  "x-timestamp": timestamp
})

const nowIso = Effect.map(DateTime.now, DateTime.formatIso)

/** Handlers that record every call id they are given. */
const recordingHandlers = (reached: Array<string>): Webhooks.Handlers => ({
  ice: (event) => Effect.sync(() => void reached.push(event.callid)).pipe(Effect.as({ action: Actions.hangup() })),
  dice: (event) => Effect.sync(() => void reached.push(event.callid))
})

const credentials = [{ applicationKey, applicationSecret: Redacted.make(applicationSecret) }]

/** The webhooks endpoint in-process, verified with node:crypto. */
const inProcess = (reached: Array<string>, options: WebhookVerifier.Options = { credentials }) =>
  Webhooks.make(recordingHandlers(reached)).pipe(
    Effect.provide(WebhookVerifier.layer(options)),
    Effect.provide(NodeCrypto.layer)
  )

const callApp = (webhooks: Webhooks.Service, request: Request) =>
  webhooks.httpApp.pipe(
    Effect.provideService(HttpServerRequest.HttpServerRequest, HttpServerRequest.fromWeb(request)),
    Effect.map((response) => response.status)
  )

/** `NodeWebhookServer` on 127.0.0.1 with an ephemeral port, in the test's scope; returns its base URL. */
const serve = (reached: Array<string>, recorder: Recorder) =>
  Effect.gen(function*() {
    const context = yield* Layer.build(
      nodeWebhookServer(recordingHandlers(reached)).pipe(Layer.provide(recorder.layer))
    )
    return yield* HttpServer.addressWith((address) =>
      Effect.succeed(address._tag === "TcpAddress" ? { host: "127.0.0.1", port: address.port } : { host: "", port: 0 })
    ).pipe(Effect.provide(context))
  })

interface Outcome {
  readonly status: number | undefined
  readonly error: string | undefined
}

/**
 * A POST with node:http whose body is written by `write` (so it can be huge, chunked or endless).
 * Resolves with the status, or the connection error when the server hung up first.
 */
const rawPost = (
  target: { readonly host: string; readonly port: number },
  headers: Record<string, string>,
  write: (request: Http.ClientRequest) => void
): Effect.Effect<Outcome> =>
  Effect.async<Outcome>((resume) => {
    let settled = false
    const settle = (outcome: Outcome) => {
      if (settled) return
      settled = true
      resume(Effect.succeed(outcome))
    }
    const request = Http.request({ ...target, method: "POST", path, headers, agent: false }, (response) => {
      response.resume()
      settle({ status: response.statusCode, error: undefined })
    })
    request.on("error", (error) => settle({ status: undefined, error: error.message }))
    write(request)
    return Effect.sync(() => request.destroy())
  }).pipe(
    Effect.timeoutTo({
      duration: "10 seconds",
      onTimeout: () => ({ status: undefined, error: "timeout" }),
      onSuccess: (outcome) => outcome
    })
  )

const chunk = new Uint8Array(64 * 1024).fill(0x20)

/** Writes `bytes` of body in 64 KiB chunks, honouring backpressure, stopping if the server hangs up. */
const writeChunks = (bytes: number) => (request: Http.ClientRequest) => {
  let remaining = bytes
  const pump = () => {
    while (remaining > 0 && !request.destroyed) {
      const size = Math.min(remaining, chunk.length)
      remaining -= size
      if (!request.write(chunk.subarray(0, size))) {
        request.once("drain", pump)
        return
      }
    }
    if (!request.destroyed) request.end()
  }
  request.on("error", () => {
    remaining = 0
  })
  pump()
}

const heapUsed = () => process.memoryUsage().heapUsed
// a full collection before measuring, so that the numbers are what is retained, not garbage
V8.setFlagsFromString("--expose-gc")
const collectGarbage: () => void = Vm.runInNewContext("gc")
const mebibytes = 1024 * 1024

describe("webhook abuse", () => {
  it.scopedLive("oversized bodies, declared or streamed, are refused with 413 without buffering them", () =>
    Effect.gen(function*() {
      const reached: Array<string> = []
      const recorder = new Recorder()
      const target = yield* serve(reached, recorder)
      const timestamp = yield* nowIso
      const signed = signedHeaders(utf8.encode(iceBody("big")), timestamp)
      collectGarbage()
      const before = heapUsed()

      // 20 × 16 MiB streamed without content-length (the server must stop at 64 KiB), 5 at a time
      const streamed = yield* Effect.forEach(
        Array.from({ length: 20 }, (_, i) => i),
        () => rawPost(target, { ...signed, "transfer-encoding": "chunked" }, writeChunks(16 * mebibytes)),
        { concurrency: 5 }
      )
      // and a declared content-length over the limit: refused before reading
      const declared = yield* rawPost(
        target,
        { ...signed, "content-length": String(16 * mebibytes) },
        writeChunks(16 * mebibytes)
      )

      for (const outcome of [...streamed, declared]) {
        // either the 413 arrived, or the server hung up on the rest of the body first
        assert.isTrue(outcome.status === 413 || (outcome.status === undefined && outcome.error !== "timeout"))
      }
      assert.isTrue([...streamed, declared].some((outcome) => outcome.status === 413))
      collectGarbage()
      assert.isBelow(heapUsed() - before, 32 * mebibytes, "336 MiB were sent; none of it is kept")
      assert.deepStrictEqual(reached, [])

      // the server still serves
      const body = utf8.encode(iceBody("after"))
      const ok = yield* rawPost(target, signedHeaders(body, yield* nowIso), (request) => request.end(body))
      assert.strictEqual(ok.status, 200)
      assert.deepStrictEqual(reached, ["after"])
      assert.notInclude(recorder.text, applicationSecret)
    }))

  it.scopedLive("a sender that stalls mid-body holds only its own request; others are served meanwhile", () =>
    Effect.gen(function*() {
      const reached: Array<string> = []
      const target = yield* serve(reached, new Recorder())
      const body = utf8.encode(iceBody("slow"))
      const headers = signedHeaders(body, yield* nowIso)

      // 50 senders announce the full body, send half of it and stall
      const stalled = yield* Effect.acquireRelease(
        Effect.forEach(Array.from({ length: 50 }, (_, i) => i), () =>
          Effect.async<Net.Socket>((resume) => {
            const socket = Net.connect(target.port, target.host, () => {
              socket.write(
                `POST ${path} HTTP/1.1\r\nhost: ${target.host}\r\n` +
                  Object.entries({ ...headers, "content-length": String(body.length) })
                    .map(([name, value]) => `${name}: ${value}\r\n`).join("") +
                  "\r\n"
              )
              socket.write(body.subarray(0, body.length >> 1))
              resume(Effect.succeed(socket))
            })
          })),
        (sockets) => Effect.sync(() => sockets.forEach((socket) => socket.destroy()))
      )

      const statuses = yield* Effect.forEach(
        Array.from({ length: 100 }, (_, i) => `fast-${i}`),
        (callid) =>
          Effect.flatMap(nowIso, (timestamp) => {
            const fast = utf8.encode(iceBody(callid))
            return rawPost(target, signedHeaders(fast, timestamp), (request) => request.end(fast))
          }),
        { concurrency: 10 }
      )
      assert.isTrue(statuses.every((outcome) => outcome.status === 200))
      assert.strictEqual(reached.length, 100)
      assert.isFalse(reached.includes("slow"), "a half-received body never reaches a handler")
      assert.isTrue(stalled.every((socket) => !socket.destroyed), "Node keeps them until its requestTimeout")
    }))

  it.scopedLive("with Node's requestTimeout set, a stalled sender is cut off (408) and never handled", () =>
    Effect.gen(function*() {
      const reached: Array<string> = []
      const webhooks = yield* inProcess(reached)
      // the recommended server options for a public webhook endpoint: bound the time to receive a request
      const context = yield* Layer.build(
        HttpServer.serve(HttpRouter.empty.pipe(HttpRouter.post(path, webhooks.httpApp))).pipe(
          Layer.provideMerge(NodeHttpServer.layer(
            () => Http.createServer({ requestTimeout: 300, connectionsCheckingInterval: 50 }),
            { port: 0, host: "127.0.0.1" }
          ))
        )
      )
      const port = yield* HttpServer.addressWith((address) =>
        Effect.succeed(address._tag === "TcpAddress" ? address.port : 0)
      ).pipe(Effect.provide(context))
      const body = utf8.encode(iceBody("slow"))
      const headers = signedHeaders(body, yield* nowIso)
      const answer = yield* Effect.async<string>((resume) => {
        const received: Array<Buffer> = []
        const socket = Net.connect(port, "127.0.0.1", () => {
          socket.write(
            `POST ${path} HTTP/1.1\r\nhost: 127.0.0.1\r\n` +
              Object.entries({ ...headers, "content-length": String(body.length) })
                .map(([name, value]) => `${name}: ${value}\r\n`).join("") +
              "\r\n"
          )
          socket.write(body.subarray(0, 10))
        })
        socket.on("data", (data: Buffer) => received.push(data))
        socket.on("error", () => {})
        socket.on("close", () => resume(Effect.succeed(Buffer.concat(received).toString("latin1"))))
        return Effect.sync(() => socket.destroy())
      }).pipe(Effect.timeout("10 seconds"))
      assert.match(answer, /^HTTP\/1\.1 408/)
      assert.deepStrictEqual(reached, [])
    }))

  it.live(
    "10,000 concurrent requests in-process: every answer as expected, handlers only for verified, memory freed",
    () =>
      Effect.gen(function*() {
        const reached: Array<string> = []
        const webhooks = yield* inProcess(reached)
        const timestamp = yield* nowIso
        const stale = new Date(Date.now() - 10 * 60_000).toISOString()
        const oversized = new Uint8Array(maxBodyBytes + 1).fill(0x20)
        const url = `http://localhost${path}`
        const request = (i: number): { readonly request: Request; readonly expected: number } => {
          const body = utf8.encode(iceBody(`call-${i}`))
          const headers = signedHeaders(body, timestamp)
          switch (i % 5) {
            case 0: // genuine
              return { request: new Request(url, { method: "POST", body, headers }), expected: 200 }
            case 1: // tampered after signing
              return {
                request: new Request(url, { method: "POST", body: utf8.encode(iceBody(`forged-${i}`)), headers }),
                expected: 401
              }
            case 2: // unsigned
              return {
                request: new Request(url, { method: "POST", body, headers: { "content-type": "application/json" } }),
                expected: 401
              }
            case 3: // a signature that is not Sinch's
              return {
                request: new Request(url, {
                  method: "POST",
                  body,
                  headers: { ...headers, authorization: `Application ${applicationKey}:${"A".repeat(43)}=` }
                }),
                expected: 401
              }
            default:
              // too large (streamed: a web Request has no content-length), or signed too long ago
              return i % 50 === 4
                ? { request: new Request(url, { method: "POST", body: oversized, headers }), expected: 413 }
                : {
                  request: new Request(url, { method: "POST", body, headers: signedHeaders(body, stale) }),
                  expected: 401
                }
          }
        }

        collectGarbage()
        const before = heapUsed()
        let peak = before
        const sampler = setInterval(() => {
          peak = Math.max(peak, heapUsed())
        }, 10)
        const results = yield* Effect.forEach(
          Array.from({ length: 10_000 }, (_, i) => i),
          (i) => {
            const { expected, request: webRequest } = request(i)
            return Effect.map(callApp(webhooks, webRequest), (status) => ({ i, status, expected }))
          },
          { concurrency: "unbounded" }
        ).pipe(Effect.ensuring(Effect.sync(() => clearInterval(sampler))))
        collectGarbage()
        const retained = heapUsed() - before

        assert.strictEqual(results.length, 10_000)
        assert.deepStrictEqual(results.filter((result) => result.status !== result.expected), [])
        assert.strictEqual(reached.length, 2_000)
        assert.isTrue(reached.every((callid) => /^call-\d+$/.test(callid) && Number(callid.slice(5)) % 5 === 0))
        assert.isBelow(retained, 32 * mebibytes, "nothing of the 10,000 requests is kept")
        assert.isBelow(peak - before, 2048 * mebibytes, "generous: 10,000 requests in flight at once")
      }).pipe(Logger.withMinimumLogLevel(LogLevel.None)),
    { timeout: 60_000 }
  )

  it.scopedLive(
    "a burst of 500 requests over loopback (50 at a time): all answered, no crash",
    () =>
      Effect.gen(function*() {
        const reached: Array<string> = []
        const target = yield* serve(reached, new Recorder())
        const timestamp = yield* nowIso
        const outcomes = yield* Effect.forEach(Array.from({ length: 500 }, (_, i) => i), (i) => {
          const body = utf8.encode(iceBody(`burst-${i}`))
          const headers = i % 2 === 0 ? signedHeaders(body, timestamp) : { "content-type": "application/json" }
          return rawPost(target, headers, (request) => request.end(body))
        }, { concurrency: 50 })
        assert.strictEqual(outcomes.filter((outcome) => outcome.status === 200).length, 250)
        assert.strictEqual(outcomes.filter((outcome) => outcome.status === 401).length, 250)
        assert.strictEqual(reached.length, 250)
        assert.isTrue(reached.every((callid) => Number(callid.slice("burst-".length)) % 2 === 0), "only signed ones")
      }),
    { timeout: 60_000 }
  )

  describe("replays", () => {
    /**
     * Sets the clock to the ice timestamp and signs one callback there; `send` posts that same
     * request again each time (with `extraHeaders` over the signed ones), `reached` records the handler calls.
     */
    const replayed = (options: WebhookVerifier.Options = { credentials }) =>
      Effect.gen(function*() {
        yield* TestClock.setTime(Date.parse("2024-01-16T16:46:36Z"))
        const reached: Array<string> = []
        const webhooks = yield* inProcess(reached, options)
        const timestamp = DateTime.formatIso(yield* DateTime.now)
        const body = utf8.encode(iceBody("replayed"))
        const headers = signedHeaders(body, timestamp)
        const send = (extraHeaders: Record<string, string> = {}) =>
          callApp(
            webhooks,
            new Request(`http://localhost${path}`, { method: "POST", body, headers: { ...headers, ...extraHeaders } })
          )
        return { reached, send }
      })

    it.effect("with replayGuard on, a replay inside the window is refused with 401 before any handler", () =>
      Effect.gen(function*() {
        const { reached, send } = yield* replayed({ credentials, replayGuard: true })
        assert.strictEqual(yield* send(), 200)
        assert.strictEqual(yield* send(), 401)
        yield* TestClock.adjust("4 minutes")
        assert.strictEqual(yield* send(), 401)
        yield* TestClock.adjust("1 minute")
        yield* TestClock.adjust("1 second")
        assert.strictEqual(yield* send(), 401, "then it is stale")
        assert.deepStrictEqual(reached, ["replayed"])
      }))

    it.effect("by default (replayGuard off) a replay inside the window is accepted by its signature alone", () =>
      Effect.gen(function*() {
        const { reached, send } = yield* replayed()
        assert.strictEqual(yield* send(), 200)
        yield* TestClock.adjust("4 minutes")
        assert.strictEqual(yield* send(), 200)
        assert.deepStrictEqual(reached, ["replayed", "replayed"])
      }))

    it.effect("outside the window (5 minutes by default) a replay is refused with 401 before any handler", () =>
      Effect.gen(function*() {
        const { reached, send } = yield* replayed()
        assert.strictEqual(yield* send(), 200)
        yield* TestClock.adjust("5 minutes")
        yield* TestClock.adjust("1 second")
        assert.strictEqual(yield* send(), 401)
        assert.deepStrictEqual(reached, ["replayed"])
      }))

    it.effect("a replay with its headers altered is refused: the signature covers them", () =>
      Effect.gen(function*() {
        const { reached, send } = yield* replayed()
        // a fresher timestamp to beat the window: not what was signed
        assert.strictEqual(yield* send({ "x-timestamp": "2024-01-16T16:50:00Z" }), 401)
        assert.strictEqual(yield* send({ "content-type": "application/json; charset=utf-8" }), 401)
        assert.deepStrictEqual(reached, [])
      }))
  })
})
