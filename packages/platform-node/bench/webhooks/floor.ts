/**
 * The floor: a hand-written `node:http` handler that verifies the signature with node:crypto,
 * parses the JSON, dispatches on `event` and answers with `JSON.stringify`d SVAML — no validation
 * beyond what the dispatch needs.
 */
import * as Http from "node:http"
import * as Shared from "../shared.js"
import * as FloorWork from "./floorWork.js"
import type * as Types from "./types.js"

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
        if (!FloorWork.isVerified(request.headers, path, body)) {
          response.writeHead(401).end()
          return
        }
        let svaml: unknown
        try {
          svaml = FloorWork.answer(JSON.parse(body.toString("utf8")))
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
