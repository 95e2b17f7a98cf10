/**
 * A Sinch stand-in on 127.0.0.1 (ephemeral port, raw node:http so that it can misbehave at the
 * socket level) that answers each request with the next injected fault, or like Sinch when none is
 * queued. It counts the callouts it acted on — pessimistically: every callout request it read in
 * full counts as placed unless it answered 429 — so a test can prove no call was placed twice.
 *
 * Every response carries `connection: close`, so each request opens a fresh connection and a
 * fault aimed at the connection (`ResetOnConnect`) hits the request that follows it.
 */
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import { createServer, type IncomingMessage, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import * as SinchFake from "../../../voice/test/utils/sinchFake.js"

export type Fault =
  /** Answer with this status, body and headers (content type JSON unless given). */
  | {
    readonly _tag: "Respond"
    readonly status: number
    readonly body?: string
    readonly headers?: Record<string, string>
  }
  /** Destroy the next connection as soon as it is accepted, before a byte of the request is read. */
  | { readonly _tag: "ResetOnConnect" }
  /** Read the whole request (the callout is placed), then destroy the connection without answering. */
  | { readonly _tag: "ResetAfterRequest" }
  /** Read the whole request and never answer (until the client gives up). */
  | { readonly _tag: "Stall" }
  /** Send the status line, headers and the start of the body, then stall. */
  | { readonly _tag: "StallBody" }
  /** A 200 whose body is `bytes` long, streamed in 64 KiB chunks, optionally with its content-length. */
  | { readonly _tag: "Oversized"; readonly bytes: number; readonly declareLength: boolean }

export interface Received {
  readonly method: string
  readonly url: string
  readonly authorization: string
  readonly fault: Fault["_tag"] | "Documented"
  readonly atMillis: number
}

export interface FaultServer {
  readonly baseUrl: string
  readonly inject: (...faults: ReadonlyArray<Fault>) => Effect.Effect<void>
  /** The requests that reached the request handler (not those reset on connect). */
  readonly received: Effect.Effect<ReadonlyArray<Received>>
  readonly calloutsPlaced: Effect.Effect<number>
  /** Connections destroyed by `ResetOnConnect`. */
  readonly connectionsReset: Effect.Effect<number>
  /** For each oversized body sent so far, whether the client read it to the end (waits for each to settle). */
  readonly oversizedReadToEnd: Effect.Effect<ReadonlyArray<boolean>>
}

/** Sinch's answer to a call GET: the voice tests' fixture, under the id these tests ask for. */
const callInformation = { ...SinchFake.callInformation, callId: "call-1" }

const isCallout = (request: IncomingMessage) =>
  request.method === "POST" && request.url?.split("?")[0] === "/calling/v1/callouts"

const documented = (request: IncomingMessage, calloutNumber: number): Fault => {
  if (isCallout(request)) {
    return { _tag: "Respond", status: 200, body: JSON.stringify({ callId: `call-${calloutNumber}` }) }
  }
  if (request.method === "GET" && request.url?.startsWith("/calling/v1/calls/id/")) {
    return { _tag: "Respond", status: 200, body: JSON.stringify(callInformation) }
  }
  return { _tag: "Respond", status: 204 }
}

const portOf = (address: AddressInfo | string | null): number =>
  typeof address === "object" && address !== null ? address.port : 0

const chunk = new Uint8Array(64 * 1024).fill(0x61)

/** Writes `bytes` in chunks, honouring backpressure; resolves whether the client read to the end. */
const streamOversized = (response: ServerResponse, bytes: number): Promise<boolean> =>
  new Promise((resolve) => {
    let remaining = bytes
    let closed = false
    response.on("close", () => {
      closed = true
      resolve(remaining === 0 && response.writableFinished)
    })
    const pump = () => {
      while (!closed && remaining > 0) {
        const size = Math.min(remaining, chunk.length)
        remaining -= size
        if (!response.write(chunk.subarray(0, size))) {
          response.once("drain", pump)
          return
        }
      }
      if (!closed) response.end()
    }
    pump()
  })

export const make: Effect.Effect<FaultServer, never, Scope.Scope> = Effect.gen(function*() {
  const queue: Array<Fault> = []
  const received: Array<Received> = []
  let calloutsPlaced = 0
  let connectionsReset = 0
  const oversized: Array<Promise<boolean>> = []

  const handle = (request: IncomingMessage, response: ServerResponse) => {
    const chunks: Array<Buffer> = []
    request.on("data", (data: Buffer) => chunks.push(data))
    request.on("end", () => {
      const injected = queue.shift()
      const fault = injected ?? documented(request, calloutsPlaced + 1)
      received.push({
        method: request.method ?? "",
        url: request.url ?? "",
        authorization: request.headers.authorization ?? "",
        fault: injected === undefined ? "Documented" : injected._tag,
        atMillis: Date.now()
      })
      if (isCallout(request) && !(fault._tag === "Respond" && fault.status === 429)) calloutsPlaced++
      response.setHeader("connection", "close")
      switch (fault._tag) {
        case "Respond": {
          const headers = { "content-type": "application/json", ...fault.headers }
          response.writeHead(fault.status, headers)
          response.end(fault.status === 204 ? undefined : fault.body ?? "")
          return
        }
        case "ResetAfterRequest":
          request.socket.destroy()
          return
        case "Stall":
          return
        case "StallBody":
          response.writeHead(200, { "content-type": "application/json" })
          response.write("{\"callId\":")
          return
        case "Oversized":
          response.writeHead(200, {
            "content-type": "application/json",
            ...(fault.declareLength ? { "content-length": String(fault.bytes) } : {})
          })
          oversized.push(streamOversized(response, fault.bytes))
          return
        case "ResetOnConnect":
          // queued behind another request: treat it as a reset of this one
          request.socket.destroy()
          return
      }
    })
  }

  const server = createServer(handle)
  server.on("connection", (socket) => {
    if (queue[0]?._tag === "ResetOnConnect") {
      queue.shift()
      connectionsReset++
      socket.destroy()
    }
  })
  const port = yield* Effect.acquireRelease(
    Effect.async<number>((resume) => {
      server.listen(0, "127.0.0.1", () => resume(Effect.succeed(portOf(server.address()))))
    }),
    () =>
      Effect.async<void>((resume) => {
        server.closeAllConnections()
        server.close(() => resume(Effect.void))
      })
  )
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    inject: (...faults) => Effect.sync(() => void queue.push(...faults)),
    received: Effect.sync(() => [...received]),
    calloutsPlaced: Effect.sync(() => calloutsPlaced),
    connectionsReset: Effect.sync(() => connectionsReset),
    oversizedReadToEnd: Effect.promise(() => Promise.all(oversized))
  }
})

/** A port on 127.0.0.1 with nothing listening: bound to find a free one, then closed. */
export const refusedBaseUrl: Effect.Effect<string> = Effect.async<string>((resume) => {
  const server = createServer()
  server.listen(0, "127.0.0.1", () => {
    const port = portOf(server.address())
    server.close(() => resume(Effect.succeed(`http://127.0.0.1:${port}`)))
  })
})
