/**
 * The floor: a hand-written `node:http` handler that verifies the signature with node:crypto,
 * parses the JSON, dispatches on `event` and answers with `JSON.stringify`d SVAML — no validation
 * beyond what the dispatch needs.
 */
import * as NodeCrypto from "node:crypto"
import * as Http from "node:http"
import * as Shared from "../shared.js"
import * as Events from "./events.js"
import type * as Types from "./types.js"

const maxClockSkewMillis = 10 * 60 * 1000

const isVerified = (request: Http.IncomingMessage, path: string, body: Buffer): boolean => {
  const authorization = request.headers.authorization
  const timestamp = request.headers["x-timestamp"]
  if (authorization === undefined || typeof timestamp !== "string") return false
  const time = Date.parse(timestamp)
  if (Number.isNaN(time) || Math.abs(Date.now() - time) > maxClockSkewMillis) return false
  const space = authorization.indexOf(" ")
  const colon = authorization.lastIndexOf(":")
  if (space < 0 || colon < space || authorization.slice(0, space).toLowerCase() !== "application") return false
  if (authorization.slice(space + 1, colon) !== Shared.applicationKey) return false
  const expected = Buffer.from(
    Shared.signWithNodeCrypto("POST", request.headers["content-type"] ?? "", timestamp, path, body)
  )
  const given = Buffer.from(authorization.slice(colon + 1))
  return given.length === expected.length && NodeCrypto.timingSafeEqual(given, expected)
}

const field = (value: unknown, key: string): unknown =>
  typeof value === "object" && value !== null && key in value ? Reflect.get(value, key) : undefined

const answer = (event: unknown): unknown => {
  switch (field(event, "event")) {
    case "ice":
      return Events.iceAnswer(String(field(event, "cli") ?? "private"))
    case "ace":
      return Events.aceAnswer()
    case "pie":
      return Events.pieAnswer(String(field(field(event, "menuResult"), "value") ?? ""))
    default:
      return undefined
  }
}

export const make: Types.MakeWebhookServer = (path) =>
  new Promise((resolve) => {
    const server = Http.createServer({ keepAlive: true }, (request, response) => {
      const chunks: Array<Buffer> = []
      request.on("data", (chunk: Buffer) => chunks.push(chunk))
      request.on("end", () => {
        const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)
        if (request.method !== "POST" || request.url !== path) {
          response.writeHead(404).end()
          return
        }
        if (!isVerified(request, path, body)) {
          response.writeHead(401).end()
          return
        }
        let svaml: unknown
        try {
          svaml = answer(JSON.parse(body.toString("utf8")))
        } catch {
          response.writeHead(400).end()
          return
        }
        if (svaml === undefined) {
          response.writeHead(200).end()
          return
        }
        const json = JSON.stringify(svaml)
        response.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(json) })
        response.end(json)
      })
    })
    server.keepAliveTimeout = 120_000
    server.headersTimeout = 125_000
    server.listen(0, "127.0.0.1", () =>
      resolve({
        port: Shared.portOf(server),
        close: () => new Promise((resolveClose) => server.close(() => resolveClose()))
      }))
  })
