/**
 * The callback events of a simulated call, in their wire form, signed and handed to the delivery.
 */
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Signature from "../../Signature.js"
import * as Delivery from "./delivery.js"
import * as Model from "./model.js"

export type EventName = "ice" | "ace" | "pie" | "dice" | "notify"

/** What came back for an event. */
export type Answer =
  | { readonly _tag: "Reply"; readonly json: string }
  | { readonly _tag: "Failed"; readonly reason: string }
  | { readonly _tag: "NotSent" }

const utf8 = new TextEncoder()

/** Whether `text` is more than `maxBytes` in UTF-8 (a UTF-16 unit takes 1 to 3 bytes: encoded only when in doubt). */
const exceeds = (text: string, maxBytes: number): boolean =>
  text.length > maxBytes || (text.length * 3 > maxBytes && utf8.encode(text).length > maxBytes)

const common = (engine: Model.Engine, call: Model.CallRecord, now: number) => ({
  callid: call.id,
  timestamp: new Date(now).toISOString(),
  version: 1,
  applicationKey: engine.settings.applicationKey,
  ...(call.custom === undefined ? {} : { custom: call.custom }),
  ...(call.conferenceId === undefined ? {} : { conferenceId: call.conferenceId })
})

const callResourceUrl = (engine: Model.Engine, call: Model.CallRecord): string =>
  `${engine.settings.baseUrl}/calling/v1/calls/id/${call.id}`

export const ice = (engine: Model.Engine, call: Model.CallRecord, now: number) => ({
  event: "ice",
  ...common(engine, call, now),
  callResourceUrl: callResourceUrl(engine, call),
  userRate: engine.settings.rate,
  cli: call.from,
  to: call.to,
  domain: "pstn",
  originationType: "PSTN",
  rdnis: ""
})

export interface Amd {
  readonly status: string
  readonly reason?: string
  readonly duration?: number
}

export const ace = (engine: Model.Engine, call: Model.CallRecord, now: number, amd: Amd | undefined) => ({
  event: "ace",
  ...common(engine, call, now),
  callResourceUrl: callResourceUrl(engine, call),
  ...(amd === undefined ? {} : { amd })
})

export interface MenuResult {
  readonly menuId: string
  readonly type: string
  readonly value: string
  readonly inputMethod: "dtmf" | "voice"
}

export const pie = (engine: Model.Engine, call: Model.CallRecord, now: number, menuResult: MenuResult) => ({
  event: "pie",
  ...common(engine, call, now),
  callResourceUrl: callResourceUrl(engine, call),
  menuResult
})

export const dice = (engine: Model.Engine, call: Model.CallRecord, now: number) => {
  const duration = Model.durationSeconds(call, now)
  return {
    event: "dice",
    ...common(engine, call, now),
    reason: call.reason,
    result: call.result,
    debit: Model.debit(engine.settings.rate, duration),
    userRate: engine.settings.rate,
    to: call.to,
    duration,
    from: call.from
  }
}

export const notify = (
  engine: Model.Engine,
  call: Model.CallRecord,
  type: string,
  fields: { readonly destination?: string; readonly amd?: Amd }
) => ({
  event: "notify",
  callid: call.id,
  version: 1,
  applicationKey: engine.settings.applicationKey,
  ...(call.custom === undefined ? {} : { custom: call.custom }),
  type,
  ...fields
})

const summary = (payload: Record<string, unknown>): string => {
  switch (payload.event) {
    case "pie": {
      const result = payload.menuResult
      return typeof result === "object" && result !== null && "type" in result && "value" in result
        ? `${String(result.type)} ${JSON.stringify(result.value)}`
        : ""
    }
    case "dice":
      return `${String(payload.result)} / ${String(payload.reason)}, ${String(payload.duration)} s`
    case "notify":
      return String(payload.type)
    case "ace":
      return typeof payload.amd === "object" && payload.amd !== null && "status" in payload.amd
        ? `amd ${String(payload.amd.status)}`
        : ""
    default:
      return ""
  }
}

/**
 * Sends an event along the call's route for it and returns the answer. An inline document (custom
 * callouts) answers without anything being sent.
 */
export const send = (
  engine: Model.Engine,
  call: Model.CallRecord,
  name: EventName,
  payload: Record<string, unknown>
): Effect.Effect<Answer> =>
  Effect.gen(function*() {
    const route = call.routes[name]
    if (route._tag === "Inline") return { _tag: "Reply", json: route.json }
    if (route._tag === "None" || (route._tag === "App" && !engine.settings.hasDelivery)) {
      return { _tag: "NotSent" }
    }
    const now = yield* Clock.currentTimeMillis
    Model.record(call, { _tag: "EventSent", at: now - call.createdAt, event: name, detail: summary(payload) })
    const body = utf8.encode(JSON.stringify(payload))
    const timestamp = new Date(now).toISOString()
    const sign = (path: string) => ({
      "authorization": Signature.authorization(
        engine.settings.applicationKey,
        Signature.sign(engine.crypto, engine.settings.secret, {
          method: "POST",
          contentType: "application/json",
          timestamp,
          path,
          body
        })
      ),
      "content-type": "application/json",
      "x-timestamp": timestamp
    })
    const { callbackTimeoutMillis, maxReplyBytes } = engine.settings
    const reply = yield* engine.deliver({
      url: route._tag === "Url" ? route.url : undefined,
      callbackUrls: engine.callbackUrls,
      body,
      headers: call.headers,
      sign,
      timeoutMillis: callbackTimeoutMillis,
      maxReplyBytes
    }).pipe(
      // the deliveries give up per attempt (primary, then fallback); a delivery of your own that never
      // answers is given up on here
      Effect.timeoutTo({
        duration: 2 * callbackTimeoutMillis,
        onTimeout: () => Delivery.timedOut(2 * callbackTimeoutMillis),
        onSuccess: (reply) => exceeds(reply.body, maxReplyBytes) ? Delivery.tooLarge(maxReplyBytes) : reply
      })
    )
    if (reply.status >= 200 && reply.status < 300) return { _tag: "Reply", json: reply.body }
    const reason = reply.status === 0 ? reply.body : `HTTP ${reply.status}`
    const failedAt = yield* Clock.currentTimeMillis
    Model.record(call, { _tag: "CallbackFailed", at: failedAt - call.createdAt, event: name, reason })
    return { _tag: "Failed", reason }
  })
