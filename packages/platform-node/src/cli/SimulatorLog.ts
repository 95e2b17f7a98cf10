/**
 * The live log of `sinch-voice simulate`, on stdout as things happen: each request to the REST API
 * (callouts, updates, …), each event posted to the application and its answer.
 *
 * ```
 * 12:00:01.204  POST /calling/v1/callouts → 200
 * 12:00:01.215  ACE for call 00000000-… → http://127.0.0.1:3000/sinch
 * 12:00:01.231  answer 200: say, runMenu
 * ```
 *
 * With `--json`, one JSON object per line instead. Plain text only: no colours to strip.
 *
 * @since 0.2.0
 */
import type * as Simulator from "@effect-sinch/voice/Simulator"
import * as Clock from "effect/Clock"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Predicate from "effect/Predicate"
import type * as NodeSimulator from "../NodeSimulator.js"

/**
 * @since 0.2.0
 * @category Models
 */
export interface Log {
  readonly request: (request: NodeSimulator.ServedRequest) => Effect.Effect<void>
  readonly delivery: <R>(inner: Simulator.Delivery<R>) => Simulator.Delivery<R>
}

/**
 * No log (`--quiet`).
 *
 * @since 0.2.0
 * @category Constructors
 */
export const silent: Log = { request: () => Effect.void, delivery: (inner) => inner }

/** What a reader needs of a value from outside, bounded. */
const bounded = (text: string, max = 120): string => text.length <= max ? text : `${text.slice(0, max - 1)}…`

const parse = (text: string): unknown => {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

const stringField = (value: unknown, key: string): string | undefined =>
  Predicate.hasProperty(value, key) && typeof value[key] === "string" ? value[key] : undefined

const nameOf = (value: unknown): string | undefined => stringField(value, "name")

/** The event's kind and call id, from the body the simulator posts. */
const describeEvent = (body: Uint8Array): { readonly event: string; readonly callId: string } => {
  const json = parse(new TextDecoder().decode(body))
  return {
    event: bounded(stringField(json, "event") ?? "event", 20),
    callId: bounded(stringField(json, "callid") ?? "?", 64)
  }
}

/** The answer's instructions and action, from the SVAML the application sent back. */
const describeAnswer = (body: string): string => {
  if (body.trim() === "") return "(empty)"
  const json = parse(body)
  if (!Predicate.hasProperty(json, "action")) return bounded(body.replace(/\s+/g, " "))
  const instructions = Predicate.hasProperty(json, "instructions") && Array.isArray(json.instructions)
    ? json.instructions.map((instruction) => nameOf(instruction) ?? "?")
    : []
  return bounded([...instructions, nameOf(json.action) ?? "?"].join(", "))
}

const time = Effect.map(Clock.currentTimeMillis, (millis) => new Date(millis).toISOString().slice(11, 23))

/**
 * The log, as text or (`asJson`) one JSON object per line.
 *
 * @since 0.2.0
 * @category Constructors
 */
export const make = (asJson: boolean): Log => {
  const write = (text: string, json: Record<string, unknown>) =>
    Effect.flatMap(time, (at) => Console.log(asJson ? JSON.stringify({ time: at, ...json }) : `${at}  ${text}`))
  return {
    request: (request) =>
      write(`${request.method} ${bounded(request.url)} → ${request.status}`, {
        type: "request",
        method: request.method,
        url: bounded(request.url, 500),
        status: request.status
      }),
    delivery: (inner) => ({
      send: (callback) =>
        Effect.gen(function*() {
          const { callId, event } = describeEvent(callback.body)
          const target = callback.url ?? callback.callbackUrls.primary
          yield* write(
            `${event.toUpperCase()} for call ${callId} → ${
              target === undefined ? "(no callback URL)" : bounded(target)
            }`,
            { type: "event", event, callId, url: target === undefined ? null : bounded(target, 500) }
          )
          const reply = yield* inner.send(callback)
          const answer = reply.status === 0 ? bounded(reply.body) : describeAnswer(reply.body)
          yield* write(
            reply.status === 0 ? `not delivered: ${answer}` : `answer ${reply.status}: ${answer}`,
            { type: "answer", event, callId, status: reply.status, answer }
          )
          return reply
        })
    })
  }
}
