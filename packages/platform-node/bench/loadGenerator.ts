/**
 * The load generator of the webhook benchmark, in its own process: it signs the callbacks as Sinch
 * does (once per batch, so that signing costs it nothing per request), sends them round-robin over
 * keep-alive connections and reports the wall time. The warm-up batch also checks the answers.
 */
import * as Http from "node:http"
import * as Shared from "./shared.js"
import * as Events from "./webhooks/events.js"

export interface LoadRequest {
  readonly port: number
  readonly count: number
  readonly concurrency: number
  /** Check every answer's body (the warm-up does, the measured batch only checks the status). */
  readonly checkAnswers: boolean
}

export interface LoadResult {
  readonly wallMillis: number
}

const agents = new Map<number, Http.Agent>()

const signedCallbacks = () => {
  const timestamp = new Date().toISOString()
  return Events.events(timestamp).map((json) => {
    const body = Buffer.from(json)
    const signature = Shared.signWithNodeCrypto("POST", "application/json", timestamp, Events.callbackPath, body)
    const event: string = JSON.parse(json).event
    return {
      event,
      body,
      headers: {
        "content-type": "application/json",
        "content-length": body.length,
        "x-timestamp": timestamp,
        authorization: `Application ${Shared.applicationKey}:${signature}`
      }
    }
  })
}

const checkAnswer = (event: string, status: number | undefined, text: string) => {
  if (status !== 200) throw new Error(`${event}: HTTP ${status} ${text}`)
  if (event === "dice") return
  const svaml: unknown = JSON.parse(text)
  if (typeof svaml !== "object" || svaml === null || !("action" in svaml)) {
    throw new Error(`${event}: the answer is not SVAML: ${text}`)
  }
}

Shared.serveParent<LoadRequest>({}, async ({ checkAnswers, concurrency, count, port }) => {
  let agent = agents.get(port)
  if (agent === undefined) {
    agent = new Http.Agent({ keepAlive: true, maxSockets: Infinity, scheduling: "lifo" })
    agents.set(port, agent)
  }
  const callbacks = signedCallbacks()
  let next = 0
  const send = () =>
    new Promise<void>((resolve, reject) => {
      const callback = callbacks[next++ % callbacks.length]!
      const request = Http.request(
        { host: "127.0.0.1", port, method: "POST", path: Events.callbackPath, headers: callback.headers, agent },
        (response) => {
          let text = ""
          response.setEncoding("utf8")
          response.on("data", (chunk: string) => text += chunk)
          response.on("end", () => {
            try {
              if (checkAnswers) checkAnswer(callback.event, response.statusCode, text)
              else if (response.statusCode !== 200) throw new Error(`${callback.event}: HTTP ${response.statusCode}`)
              resolve()
            } catch (error) {
              reject(error)
            }
          })
        }
      )
      request.on("error", reject)
      request.end(callback.body)
    })
  const start = performance.now()
  await Shared.runPool(count, concurrency, send)
  const result: LoadResult = { wallMillis: performance.now() - start }
  return result
}, () => agents.forEach((agent) => agent.destroy()))
