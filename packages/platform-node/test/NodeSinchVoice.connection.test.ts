/**
 * NodeSinchVoice's connection options over loopback: the pool size, an HTTP(S) proxy with
 * credentials (a tiny CONNECT proxy in the test, explicit or from HTTPS_PROXY / NO_PROXY), and TLS
 * (an extra CA, a client certificate) against an https server with a fixed self-signed certificate.
 */
import { NodeSinchVoice } from "@effect-sinch/platform-node"
import { Conferences, Retry, type VoiceError } from "@effect-sinch/voice"
import { describe, expect, it } from "@effect/vitest"
import * as Config from "effect/Config"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Http from "node:http"
import * as Https from "node:https"
import * as Net from "node:net"

// A self-signed certificate for 127.0.0.1 (valid 2020–2120), used both as the server's certificate
// and as the client certificate; generated once with openssl, kept here so the tests need no tool.
const certificate = `-----BEGIN CERTIFICATE-----
MIIBkjCCATmgAwIBAgIBATAKBggqhkjOPQQDAjAUMRIwEAYDVQQDDAkxMjcuMC4w
LjEwIBcNMjAwMTAxMDAwMDAwWhgPMjEyMDAxMDEwMDAwMDBaMBQxEjAQBgNVBAMM
CTEyNy4wLjAuMTBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABMKgI+O97LsJiSvq
9ZK418A4RVMwa73PO11VCwLxWyqRGL5dRl8r/c19705jZEj/A081qmhc0EY6CoTF
gy+sn/qjejB4MBoGA1UdEQQTMBGHBH8AAAGCCWxvY2FsaG9zdDAPBgNVHRMBAf8E
BTADAQH/MAsGA1UdDwQEAwIChDAdBgNVHSUEFjAUBggrBgEFBQcDAQYIKwYBBQUH
AwIwHQYDVR0OBBYEFE6Q+UUzY4to8i6vZdC0aQ+CJ2wzMAoGCCqGSM49BAMCA0cA
MEQCIA4zLW3F+NEGzG5wjNju4JSvqML9xNz/u4HeYKZjhaAuAiBEgFou4FFCQ2q/
dK5hNN2uJLn6N1ikaNDbIPgwI+qtew==
-----END CERTIFICATE-----
`
const privateKey = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgD6SOmnSj7DvxrqmV
Vy/6Bt4laEnq1TtS8Ny1NJTSlyChRANCAATCoCPjvey7CYkr6vWSuNfAOEVTMGu9
zztdVQsC8VsqkRi+XUZfK/3Nfe9OY2RI/wNPNapoXNBGOgqExYMvrJ/6
-----END PRIVATE KEY-----
`

const applicationKey = "669E367E-6BBA-48AB-AF15-266871C28135"
const applicationSecret = "BeIukql3pTKJ8RGL5zo0DA=="

interface Target {
  readonly url: string
  /** How many TCP connections the server accepted. */
  readonly connections: () => number
  /** Whether the last request came with a verified client certificate. */
  readonly clientAuthorized: () => boolean | undefined
}

const answer = (request: Http.IncomingMessage, response: Http.ServerResponse) => {
  request.resume()
  request.on("end", () => {
    response.writeHead(200, { "content-type": "application/json" })
    response.end(JSON.stringify({ participants: [{ id: "p1", cli: "+46700000001" }] }))
  })
}

/** Starts `server` on 127.0.0.1 (ephemeral port) for the scope of the test. */
const listen = (server: Net.Server) =>
  Effect.acquireRelease(
    Effect.async<number>((resume) => {
      server.listen(0, "127.0.0.1", () => {
        const address = server.address()
        resume(Effect.succeed(typeof address === "object" && address !== null ? address.port : 0))
      })
    }),
    () =>
      Effect.async<void>((resume) => {
        if ("closeAllConnections" in server && typeof server.closeAllConnections === "function") {
          server.closeAllConnections()
        }
        server.close(() => resume(Effect.void))
      })
  )

/** An http(s) server answering every request like GetConferenceInfo; `holdUntil` requests are held until that many arrived. */
const target = (options: { readonly tls?: Https.ServerOptions; readonly holdUntil?: number } = {}) =>
  Effect.gen(function*() {
    let connections = 0
    let clientAuthorized: boolean | undefined
    const held: Array<() => void> = []
    const handler = (request: Http.IncomingMessage, response: Http.ServerResponse) => {
      if ("authorized" in request.socket) clientAuthorized = request.socket.authorized === true
      const reply = () => answer(request, response)
      if (options.holdUntil === undefined) return reply()
      held.push(reply)
      if (held.length >= options.holdUntil) held.splice(0).forEach((release) => release())
    }
    const server = options.tls === undefined ? Http.createServer(handler) : Https.createServer(options.tls, handler)
    server.on(options.tls === undefined ? "connection" : "secureConnection", () => {
      connections += 1
    })
    const port = yield* listen(server)
    return {
      url: `${options.tls === undefined ? "http" : "https"}://127.0.0.1:${port}`,
      connections: () => connections,
      clientAuthorized: () => clientAuthorized
    } satisfies Target
  })

/** A CONNECT proxy on 127.0.0.1 that wants `user:password` (Basic) and records the tunnels it opened. */
const proxy = (user: string, password: string) =>
  Effect.gen(function*() {
    const tunnels: Array<string> = []
    const expected = `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`
    const server = Http.createServer((_, response) => {
      response.writeHead(405)
      response.end()
    })
    server.on("connect", (request: Http.IncomingMessage, client: Net.Socket, head: Buffer) => {
      if (request.headers["proxy-authorization"] !== expected) {
        client.end("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic\r\n\r\n")
        return
      }
      tunnels.push(request.url ?? "")
      const [host = "", port = "0"] = (request.url ?? "").split(":")
      const upstream = Net.connect(Number(port), host, () => {
        client.write("HTTP/1.1 200 Connection Established\r\n\r\n")
        upstream.write(head)
        upstream.pipe(client)
        client.pipe(upstream)
      })
      upstream.on("error", () => client.destroy())
      client.on("error", () => upstream.destroy())
    })
    const port = yield* listen(server)
    return { port, tunnels: () => [...tunnels] }
  })

const conferenceVia = (options: Partial<NodeSinchVoice.Options> & { readonly callingBaseUrl: string }) =>
  Effect.flatMap(Conferences.Conferences, (conferences) => conferences.get("room")).pipe(
    Effect.provide(NodeSinchVoice.layer({
      applicationKey,
      applicationSecret: Redacted.make(applicationSecret),
      retry: Retry.none,
      ...options
    }))
  )

const failureOf = <A>(effect: Effect.Effect<A, VoiceError.VoiceError>) =>
  Effect.map(Effect.flip(effect), (error) => error._tag)

describe("NodeSinchVoice connection options", () => {
  it.scoped("connections caps the pool: concurrent requests share one kept-alive connection", () =>
    Effect.gen(function*() {
      const shared = yield* target()
      const layer = NodeSinchVoice.layer({
        applicationKey,
        applicationSecret: Redacted.make(applicationSecret),
        callingBaseUrl: shared.url,
        connections: 1
      })
      yield* Effect.flatMap(
        Conferences.Conferences,
        (conferences) =>
          Effect.all(Array.from({ length: 6 }, () => conferences.get("room")), { concurrency: "unbounded" })
      ).pipe(
        Effect.provide(layer)
      )
      expect(shared.connections()).toBe(1)
    }))

  it.scoped("without a cap (the default), concurrent requests open connections in parallel", () =>
    Effect.gen(function*() {
      // the server answers only once 3 requests are in flight: possible only on 3 connections
      const server = yield* target({ holdUntil: 3 })
      yield* Effect.flatMap(Conferences.Conferences, (conferences) =>
        Effect.all(
          Array.from({ length: 3 }, () => conferences.get("room")),
          { concurrency: "unbounded" }
        )).pipe(
          Effect.provide(NodeSinchVoice.layer({
            applicationKey,
            applicationSecret: Redacted.make(applicationSecret),
            callingBaseUrl: server.url
          }))
        )
      expect(server.connections()).toBe(3)
    }))

  it.scoped("a proxy with credentials tunnels the requests (CONNECT, Proxy-Authorization Basic)", () =>
    Effect.gen(function*() {
      const server = yield* target()
      const tunnel = yield* proxy("alice", "s3cret")
      const info = yield* conferenceVia({
        callingBaseUrl: server.url,
        proxy: Redacted.make(`http://alice:s3cret@127.0.0.1:${tunnel.port}`)
      })
      expect(info.participants[0]?.id).toBe("p1")
      expect(tunnel.tunnels()).toEqual([new URL(server.url).host])
    }))

  it.scoped("a proxy that refuses the credentials is a transport failure naming no secret", () =>
    Effect.gen(function*() {
      const server = yield* target()
      const tunnel = yield* proxy("alice", "s3cret")
      const error = yield* Effect.flip(conferenceVia({
        callingBaseUrl: server.url,
        proxy: Redacted.make(`http://alice:wrong@127.0.0.1:${tunnel.port}`)
      }))
      expect(error._tag).toBe("TransportError")
      expect(String(error)).not.toContain("wrong")
      expect(server.connections()).toBe(0)
    }))

  it.scoped("NO_PROXY hosts are reached directly", () =>
    Effect.gen(function*() {
      const server = yield* target()
      const tunnel = yield* proxy("alice", "s3cret")
      yield* conferenceVia({
        callingBaseUrl: server.url,
        proxy: Redacted.make(`http://alice:s3cret@127.0.0.1:${tunnel.port}`),
        noProxy: "localhost,127.0.0.1"
      })
      expect(tunnel.tunnels()).toEqual([])
      expect(server.connections()).toBe(1)
    }))

  it.scoped("an extra CA makes a private https host trusted; without it the handshake fails", () =>
    Effect.gen(function*() {
      const server = yield* target({ tls: { cert: certificate, key: privateKey } })
      expect(yield* failureOf(conferenceVia({ callingBaseUrl: server.url }))).toBe("TransportError")
      const info = yield* conferenceVia({ callingBaseUrl: server.url, tls: { ca: certificate } })
      expect(info.participants.length).toBe(1)
    }))

  it.scoped("a client certificate is presented to a host that requires one", () =>
    Effect.gen(function*() {
      const server = yield* target({
        tls: { cert: certificate, key: privateKey, ca: [certificate], requestCert: true, rejectUnauthorized: true }
      })
      expect(yield* failureOf(conferenceVia({ callingBaseUrl: server.url, tls: { ca: certificate } }))).toBe(
        "TransportError"
      )
      yield* conferenceVia({
        callingBaseUrl: server.url,
        tls: { ca: certificate, cert: certificate, key: Redacted.make(privateKey) }
      })
      expect(server.clientAuthorized()).toBe(true)
    }))

  it.scoped("layerConfig reads HTTPS_PROXY for https hosts, with the TLS options inside the tunnel", () =>
    Effect.gen(function*() {
      const server = yield* target({ tls: { cert: certificate, key: privateKey } })
      const tunnel = yield* proxy("bob", "pa55")
      const env = new Map([
        ["SINCH_APPLICATION_KEY", applicationKey],
        ["SINCH_APPLICATION_SECRET", applicationSecret],
        ["HTTPS_PROXY", `http://bob:pa55@127.0.0.1:${tunnel.port}`]
      ])
      // the environment, with the host and TLS settings of this test on top
      const layer = NodeSinchVoice.layerConfig(
        Config.map(NodeSinchVoice.fromEnv, (options) => ({
          ...options,
          callingBaseUrl: server.url,
          tls: { ca: certificate },
          retry: Retry.none
        }))
      )
      const info = yield* Effect.flatMap(Conferences.Conferences, (conferences) => conferences.get("room")).pipe(
        Effect.provide(layer),
        Effect.withConfigProvider(ConfigProvider.fromMap(env))
      )
      expect(info.participants.length).toBe(1)
      expect(tunnel.tunnels()).toEqual([new URL(server.url).host])
      // a plain http host (a local fake) is not sent through an HTTPS_PROXY
      const plain = yield* target()
      const direct = NodeSinchVoice.layerConfig(
        Config.map(NodeSinchVoice.fromEnv, (options) => ({ ...options, callingBaseUrl: plain.url }))
      )
      yield* Effect.flatMap(Conferences.Conferences, (conferences) => conferences.get("room")).pipe(
        Effect.provide(direct),
        Effect.withConfigProvider(ConfigProvider.fromMap(env))
      )
      expect(tunnel.tunnels()).toHaveLength(1)
      expect(plain.connections()).toBe(1)
    }))

  it.effect("unusable connection options fail the layer with InvalidConfiguration, never echoing a value", () =>
    Effect.gen(function*() {
      const configure = (options: Partial<NodeSinchVoice.Options>) =>
        Effect.flip(Layer.build(NodeSinchVoice.layer({
          applicationKey,
          applicationSecret: Redacted.make(applicationSecret),
          ...options
        }))).pipe(Effect.scoped)
      const cases: ReadonlyArray<readonly [Partial<NodeSinchVoice.Options>, string]> = [
        [{ connections: 0 }, "connections"],
        [{ connections: 1.5 }, "connections"],
        [{ proxy: Redacted.make("not a url with p4ssword") }, "proxy"],
        [{ proxy: Redacted.make("ftp://user:p4ssword@proxy") }, "proxy"],
        [{ tls: { cert: certificate } }, "tls.key"],
        [{ tls: { key: Redacted.make(privateKey) } }, "tls.cert"],
        [{ tls: { ca: "-----BEGIN CERTIFICATE-----\nnope\n-----END CERTIFICATE-----" } }, "tls.ca"],
        [{ tls: { cert: certificate, key: Redacted.make("p4ssword") } }, "tls.key"]
      ]
      for (const [options, field] of cases) {
        const error = yield* configure(options)
        expect(error).toMatchObject({ _tag: "InvalidConfiguration", field })
        expect(error.message).not.toContain("p4ssword")
      }
    }))
})
