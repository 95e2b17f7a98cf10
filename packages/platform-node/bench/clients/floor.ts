/**
 * The floor: a hand-written `node:http` keep-alive client that signs with node:crypto directly and
 * parses the JSON answer — the least work a correct client can do.
 */
import * as Http from "node:http"
import * as Shared from "../shared.js"
import * as Pooled from "./pooled.js"
import type * as Types from "./types.js"

export const make: Types.MakeClient = async (baseUrl) => {
  const url = new URL(baseUrl)
  const agent = new Http.Agent({ keepAlive: true, maxSockets: Infinity, scheduling: "lifo" })

  const send: Pooled.Send = (method, path, body) =>
    new Promise((resolve, reject) => {
      const headers: Http.OutgoingHttpHeaders = Shared.signedHeaders(method, path, body)
      if (body !== undefined) headers["content-length"] = body.length
      const request = Http.request(
        { host: url.hostname, port: url.port, method, path, headers, agent },
        (response) => {
          let text = ""
          response.setEncoding("utf8")
          response.on("data", (chunk: string) => text += chunk)
          response.on("end", () =>
            response.statusCode === 200
              ? resolve(text)
              : reject(new Error(`HTTP ${response.statusCode}: ${text}`)))
          response.on("error", reject)
        }
      )
      request.on("error", reject)
      request.end(body)
    })

  return Pooled.client(send, async () => agent.destroy())
}
