/**
 * A loopback fake of the Sinch Voice API, run in its own process by the benchmark. It makes the
 * checks Sinch makes before it answers — `Application` signature over the exact body, content type,
 * `x-timestamp` and path, a fresh timestamp, a known application key, a well-formed callout — and
 * answers with fixed JSON. It verifies with node:crypto directly: an implementation independent of
 * the `Signature` module that effect-sinch signs with.
 *
 * `process.argv[2]` is the JSON of an `Answer` (`Shared.sinchAnswer` when absent): how and when the
 * fake answers. What the client pays per request depends on it (see docs/performance.md).
 */
import * as NodeCrypto from "node:crypto"
import * as Http from "node:http"
import * as Shared from "./shared.js"

const answer: Shared.Answer = process.argv[2] === undefined ? Shared.sinchAnswer : JSON.parse(process.argv[2])

const maxClockSkewMillis = 10 * 60 * 1000

let accepted = 0
let rejected = 0
let lastRejection = ""

const callInformationJson = JSON.stringify(Shared.callInformation)

const send = (response: Http.ServerResponse, status: number, body: string) => {
  if (answer.headers === "sinch") {
    // what an API behind a gateway sends: a charset, the date, a request id, no length (chunked)
    response.writeHead(status, {
      "content-type": "application/json; charset=utf-8",
      "x-request-id": NodeCrypto.randomUUID(),
      "strict-transport-security": "max-age=31536000; includeSubDomains",
      "cache-control": "no-cache, no-store"
    })
  } else {
    response.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(body) })
  }
  response.end(body)
}

const reply = (response: Http.ServerResponse, status: number, body: string) => {
  if (answer.delayMillis > 0) setTimeout(send, answer.delayMillis, response, status, body)
  else send(response, status, body)
}

const sinchError = (response: Http.ServerResponse, status: number, errorCode: number, message: string) => {
  rejected++
  lastRejection = `${status} ${message}`
  reply(response, status, JSON.stringify({ status: `${status}`, errorCode, message, reference: "bench" }))
}

/** `undefined` when the request is signed correctly, otherwise the Sinch error message. */
const verify = (request: Http.IncomingMessage, path: string, body: Buffer): string | undefined => {
  const authorization = request.headers.authorization
  const timestamp = request.headers["x-timestamp"]
  if (authorization === undefined) return "Authorization Header"
  if (typeof timestamp !== "string") return "Timestamp Header"
  const time = Date.parse(timestamp)
  if (Number.isNaN(time) || Math.abs(Date.now() - time) > maxClockSkewMillis) return "Timestamp Header"
  const space = authorization.indexOf(" ")
  const colon = authorization.lastIndexOf(":")
  if (space < 0 || colon < space || authorization.slice(0, space).toLowerCase() !== "application") {
    return "Authorization Header"
  }
  if (authorization.slice(space + 1, colon) !== Shared.applicationKey) return "Invalid Application Key"
  const expected = Buffer.from(
    Shared.signWithNodeCrypto(request.method ?? "", request.headers["content-type"] ?? "", timestamp, path, body)
  )
  const given = Buffer.from(authorization.slice(colon + 1))
  return given.length === expected.length && NodeCrypto.timingSafeEqual(given, expected)
    ? undefined
    : "Invalid Signature"
}

const isTtsCallout = (body: Buffer): boolean => {
  try {
    const parsed: unknown = JSON.parse(body.toString("utf8"))
    if (typeof parsed !== "object" || parsed === null || !("method" in parsed) || !("ttsCallout" in parsed)) {
      return false
    }
    const callout = parsed.ttsCallout
    return parsed.method === "ttsCallout" && typeof callout === "object" && callout !== null &&
      "destination" in callout
  } catch {
    return false
  }
}

const handle = (request: Http.IncomingMessage, response: Http.ServerResponse, body: Buffer) => {
  const url = request.url ?? "/"
  const queryStart = url.indexOf("?")
  const path = queryStart < 0 ? url : url.slice(0, queryStart)
  const invalid = verify(request, path, body)
  if (invalid !== undefined) {
    return sinchError(response, invalid === "Invalid Application Key" ? 400 : 401, 40102, invalid)
  }
  if (request.method === "POST" && path === Shared.calloutPath) {
    if (!isTtsCallout(body)) return sinchError(response, 400, 40001, "Invalid parameters")
    accepted++
    return reply(response, 200, `{"callId":"${Shared.callId}"}`)
  }
  if (request.method === "GET" && path.startsWith("/calling/v1/calls/id/")) {
    accepted++
    return reply(response, 200, callInformationJson)
  }
  return sinchError(response, 404, 40400, "Not found")
}

const server = Http.createServer({ keepAlive: true }, (request, response) => {
  const chunks: Array<Buffer> = []
  request.on("data", (chunk: Buffer) => chunks.push(chunk))
  request.on("end", () => handle(request, response, chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)))
})
// Rounds alternate between clients: keep idle connections open across the pauses.
server.keepAliveTimeout = 120_000
server.headersTimeout = 125_000
server.maxRequestsPerSocket = 0

server.listen(0, "127.0.0.1", () => {
  Shared.serveParent<"stats" | "cpu">(
    { port: Shared.portOf(server) },
    async (request) => {
      const cpuMicros = Shared.cpuMicrosSince({ user: 0, system: 0 })
      if (request === "cpu") return cpuMicros
      const stats = { accepted, rejected, lastRejection, cpuMicros }
      accepted = 0
      rejected = 0
      return stats
    },
    () => server.close()
  )
})
