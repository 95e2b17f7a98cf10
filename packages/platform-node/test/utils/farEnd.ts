/**
 * A test-owned HTTP endpoint that counts every request it receives, and can hold answers until the
 * test releases them. With a `target`, it is a proxy: each request is forwarded at once (so the far
 * end acts on it) and only the answer is held — the way to stop a client exactly between "request
 * sent" and "answer received". Without one, it answers `200 {}` itself. With `fallbacks` too, a
 * request the target cannot take (refused, reset) goes to the next one: a load balancer in front
 * of several instances.
 */
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import * as Http from "node:http"

export interface Received {
  readonly method: string
  readonly path: string
  readonly body: string
  /** Whether its answer was held. */
  readonly held: boolean
  /** The body of the answer (from the target). */
  readonly answer: string
}

export interface FarEnd {
  readonly url: string
  /** The requests the far end has answered (or this endpoint itself, without a target), oldest first. */
  readonly received: Effect.Effect<ReadonlyArray<Received>>
  readonly count: (predicate: (request: Received) => boolean) => Effect.Effect<number>
  /** From now on, the answers of requests matching `predicate` wait for `release`. */
  readonly hold: (predicate: (request: Received) => boolean) => Effect.Effect<void>
  /** Sends the held answers (to the clients still connected) and stops holding. */
  readonly release: Effect.Effect<void>
}

const readBody = (request: Http.IncomingMessage) =>
  new Promise<Buffer>((resolve, reject) => {
    const chunks: Array<Buffer> = []
    request.on("data", (chunk: Buffer) => chunks.push(chunk))
    request.on("end", () => resolve(Buffer.concat(chunks)))
    request.on("error", reject)
  })

const hopByHop = new Set(["host", "connection", "content-length", "transfer-encoding", "keep-alive"])

export const make = (
  options: { readonly target?: string | undefined; readonly fallbacks?: ReadonlyArray<string> | undefined } = {}
): Effect.Effect<
  FarEnd,
  never,
  Scope.Scope
> =>
  Effect.gen(function*() {
    const received: Array<Received> = []
    let holding: ((request: Received) => boolean) | undefined
    let waiting: Array<() => void> = []

    const forward = async (request: Http.IncomingMessage, body: Buffer) => {
      if (options.target === undefined) return { status: 200, contentType: "application/json", body: "{}" }
      const headers: Record<string, string> = {}
      for (const [name, value] of Object.entries(request.headers)) {
        if (!hopByHop.has(name) && typeof value === "string") headers[name] = value
      }
      const send = (target: string) =>
        fetch(new URL(request.url ?? "/", target), {
          method: request.method ?? "GET",
          headers,
          ...(body.length > 0 ? { body: body.toString("utf8") } : {})
        })
      let response = await send(options.target).catch((error: unknown) => error)
      for (const fallback of options.fallbacks ?? []) {
        if (response instanceof Response) break
        response = await send(fallback).catch((error: unknown) => error)
      }
      if (!(response instanceof Response)) throw response
      return {
        status: response.status,
        contentType: response.headers.get("content-type") ?? "application/json",
        body: await response.text()
      }
    }

    const handle = async (request: Http.IncomingMessage, response: Http.ServerResponse) => {
      const body = await readBody(request)
      const base = { method: request.method ?? "GET", path: request.url ?? "/", body: body.toString("utf8") }
      const held = holding?.({ ...base, held: false, answer: "" }) ?? false
      const answer = await forward(request, body).catch((error: unknown) => ({
        status: 502,
        contentType: "text/plain",
        body: String(error)
      }))
      // recorded once the far end has acted on it
      received.push({ ...base, held, answer: answer.body })
      if (held) await new Promise<void>((resolve) => waiting.push(resolve))
      if (!response.destroyed) {
        response.writeHead(answer.status, { "content-type": answer.contentType }).end(answer.body)
      }
    }

    const server = yield* Effect.acquireRelease(
      Effect.async<Http.Server>((resume) => {
        const server = Http.createServer((request, response) => {
          handle(request, response).catch(() => response.destroy())
        })
        server.listen(0, "127.0.0.1", () => resume(Effect.succeed(server)))
      }),
      (server) =>
        Effect.async<void>((resume) => {
          for (const release of waiting) release()
          server.closeAllConnections()
          server.close(() => resume(Effect.void))
        })
    )
    const address = server.address()
    const port = typeof address === "object" && address !== null ? address.port : 0
    return {
      url: `http://127.0.0.1:${port}`,
      received: Effect.sync(() => [...received]),
      count: (predicate) => Effect.sync(() => received.filter(predicate).length),
      hold: (predicate) =>
        Effect.sync(() => {
          holding = predicate
        }),
      release: Effect.sync(() => {
        holding = undefined
        const released = waiting
        waiting = []
        for (const resolve of released) resolve()
      })
    }
  })
