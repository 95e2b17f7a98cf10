/**
 * The hand-written handler's work, shared by the floor and the diagnostic that serves the same work
 * with `@effect/platform`: verification with node:crypto (scheme, key, 10-minute freshness,
 * constant-time comparison) and the answer to an event, built with plain objects.
 */
import * as NodeCrypto from "node:crypto"
import * as Shared from "../shared.js"
import * as Events from "./events.js"

const maxClockSkewMillis = 10 * 60 * 1000

/** Request headers with lower-case names, as Node and `@effect/platform` give them. */
export type RequestHeaders = Readonly<Record<string, string | ReadonlyArray<string> | undefined>>

export const isVerified = (headers: RequestHeaders, path: string, body: Buffer): boolean => {
  const authorization = headers.authorization
  const timestamp = headers["x-timestamp"]
  const contentType = headers["content-type"]
  if (typeof authorization !== "string" || typeof timestamp !== "string") return false
  const time = Date.parse(timestamp)
  if (Number.isNaN(time) || Math.abs(Date.now() - time) > maxClockSkewMillis) return false
  const space = authorization.indexOf(" ")
  const colon = authorization.lastIndexOf(":")
  if (space < 0 || colon < space || authorization.slice(0, space).toLowerCase() !== "application") return false
  if (authorization.slice(space + 1, colon) !== Shared.applicationKey) return false
  const expected = Buffer.from(
    Shared.signWithNodeCrypto("POST", typeof contentType === "string" ? contentType : "", timestamp, path, body)
  )
  const given = Buffer.from(authorization.slice(colon + 1))
  return given.length === expected.length && NodeCrypto.timingSafeEqual(given, expected)
}

const field = (value: unknown, key: string): unknown =>
  typeof value === "object" && value !== null && key in value ? Reflect.get(value, key) : undefined

/** The SVAML answering `event`, or `undefined` for an event that gets an empty 200. */
export const answer = (event: unknown): unknown => {
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
