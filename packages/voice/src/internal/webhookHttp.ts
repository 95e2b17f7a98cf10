import type * as Headers from "@effect/platform/Headers"
import type * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import type * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as Events from "../Events.js"
import * as WebhookError from "../WebhookError.js"
import { concat } from "./bytes.js"
import * as ParseIssue from "./parseIssue.js"
import * as WebhookEvents from "./webhookEvents.js"

/**
 * Reads the body, never buffering much more than `maxBytes`. A body whose `content-length` is declared
 * within the limit is read in one go (over HTTP, Node frames the body by that length) and its size
 * checked again, since an in-process `Request` may carry more than it declares; a chunked or
 * undeclared body is read as a stream that fails as soon as more than `maxBytes` arrived.
 *
 * @internal
 */
export const readBody = (
  request: HttpServerRequest.HttpServerRequest,
  maxBytes: number
): Effect.Effect<Uint8Array, WebhookError.PayloadTooLarge | WebhookError.MalformedEvent> =>
  declaredLength(request.headers) === undefined
    ? typeof Request !== "undefined" && request.source instanceof Request && request.source.body !== null
      ? readWebBody(request.source.body, maxBytes)
      : readStream(request, maxBytes)
    : Effect.matchEffect(request.arrayBuffer, {
      onFailure: () => Effect.fail(unreadable()),
      onSuccess: (buffer) =>
        buffer.byteLength > maxBytes
          ? Effect.fail(new WebhookError.PayloadTooLarge({ maxBytes }))
          : Effect.succeed(new Uint8Array(buffer))
    })

const unreadable = () => new WebhookError.MalformedEvent({ reason: "the body could not be read" })

/**
 * The capped read of a web `Request`'s body (an in-process request) straight from its reader:
 * the same bound as `readStream` without a `Stream` per request.
 */
const readWebBody = (
  body: ReadableStream<Uint8Array>,
  maxBytes: number
): Effect.Effect<Uint8Array, WebhookError.PayloadTooLarge | WebhookError.MalformedEvent> =>
  Effect.async((resume) => {
    const reader = body.getReader()
    const chunks: Array<Uint8Array> = []
    let size = 0
    let settled = false
    const settle = (result: Effect.Effect<Uint8Array, WebhookError.PayloadTooLarge | WebhookError.MalformedEvent>) => {
      settled = true
      resume(result)
    }
    const pump = (): void => {
      reader.read().then(
        (read) => {
          if (settled) return
          if (read.done) return settle(Effect.succeed(concat(chunks, size)))
          size += read.value.length
          if (size > maxBytes) {
            reader.cancel().catch(() => {})
            return settle(Effect.fail(new WebhookError.PayloadTooLarge({ maxBytes })))
          }
          chunks.push(read.value)
          pump()
        },
        () => {
          if (!settled) settle(Effect.fail(unreadable()))
        }
      )
    }
    pump()
    return Effect.sync(() => {
      settled = true
      reader.cancel().catch(() => {})
    })
  })

const readStream = (
  request: HttpServerRequest.HttpServerRequest,
  maxBytes: number
): Effect.Effect<Uint8Array, WebhookError.PayloadTooLarge | WebhookError.MalformedEvent> =>
  request.stream.pipe(
    Stream.mapError(unreadable),
    Stream.runFoldEffect(
      initialRead,
      (read, chunk): Effect.Effect<BodyRead, WebhookError.PayloadTooLarge> =>
        read.size + chunk.length > maxBytes
          ? Effect.fail(new WebhookError.PayloadTooLarge({ maxBytes }))
          : Effect.succeed({ chunks: Chunk.append(read.chunks, chunk), size: read.size + chunk.length })
    ),
    Effect.map(({ chunks, size }) => concat(Chunk.toReadonlyArray(chunks), size))
  )

interface BodyRead {
  readonly chunks: Chunk.Chunk<Uint8Array>
  readonly size: number
}

const initialRead: BodyRead = { chunks: Chunk.empty(), size: 0 }

const digits = /^\s*\d+\s*$/

/** The declared `content-length`, when it is a valid number of bytes. */
const declaredLength = (headers: Headers.Headers): number | undefined => {
  const declared = headers["content-length"]
  return declared !== undefined && digits.test(declared) ? Number(declared) : undefined
}

/**
 * The checks that need only the headers, done before reading a byte of the body so that junk is
 * cheap to refuse: a declared length above the limit (413), a content type other than JSON (415)
 * and a missing `authorization` (401).
 *
 * @internal
 */
export const checkHeaders = (
  headers: Headers.Headers,
  maxBytes: number
):
  | WebhookError.PayloadTooLarge
  | WebhookError.UnsupportedMediaType
  | WebhookError.MissingAuthorization
  | undefined =>
{
  const declared = declaredLength(headers)
  if (declared !== undefined && declared > maxBytes) return new WebhookError.PayloadTooLarge({ maxBytes })
  const contentType = headers["content-type"]
  if (!isJson(contentType)) return new WebhookError.UnsupportedMediaType({ contentType })
  const authorization = headers["authorization"]
  if (authorization === undefined || authorization.trim() === "") return new WebhookError.MissingAuthorization()
  return undefined
}

const jsonSuffix = /^application\/[\w.+-]+\+json$/

const isJson = (contentType: string | undefined): boolean => {
  const mediaType = contentType?.split(";")[0]?.trim().toLowerCase()
  return mediaType === "application/json" || (mediaType !== undefined && jsonSuffix.test(mediaType))
}

/**
 * The path of a request target as received, without query or fragment (what Sinch signs).
 *
 * @internal
 */
export const requestPath = (target: string): string => {
  const withoutQuery = target.split(/[?#]/, 1)[0] ?? ""
  if (withoutQuery.startsWith("/")) return withoutQuery
  const afterScheme = withoutQuery.indexOf("//")
  const slash = afterScheme < 0 ? -1 : withoutQuery.indexOf("/", afterScheme + 2)
  return slash < 0 ? "/" : withoutQuery.slice(slash)
}

const utf8 = new TextDecoder("utf-8", { fatal: true })

/**
 * The event classes by event type.
 *
 * @internal
 */
export const schemas = {
  ice: Events.IceEvent,
  ace: Events.AceEvent,
  dice: Events.DiceEvent,
  pie: Events.PieEvent,
  notify: Events.NotifyEvent
} as const

const decoders = {
  ice: Schema.decodeUnknownEither(schemas.ice),
  ace: Schema.decodeUnknownEither(schemas.ace),
  dice: Schema.decodeUnknownEither(schemas.dice),
  pie: Schema.decodeUnknownEither(schemas.pie),
  notify: Schema.decodeUnknownEither(schemas.notify)
}

const decodeEventType = Schema.decodeUnknownOption(Events.EventType)

/**
 * Decodes a verified body into its event, with a reason that says what is wrong when it is not one.
 *
 * @internal
 */
export const decodeEvent = (body: Uint8Array): Either.Either<Events.CallbackEvent, WebhookError.MalformedEvent> => {
  const malformed = (reason: string) => Either.left(new WebhookError.MalformedEvent({ reason }))
  const text = Either.try(() => utf8.decode(body))
  if (Either.isLeft(text)) return malformed("the body is not UTF-8")
  const json = Either.try((): unknown => JSON.parse(text.right))
  if (Either.isLeft(json)) return malformed("the body is not JSON")
  const value = json.right
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return malformed("the body is not a JSON object")
  }
  const event: unknown = "event" in value ? value.event : undefined
  const type = decodeEventType(event)
  if (Option.isNone(type)) {
    const shown = typeof event === "string"
      ? JSON.stringify(event.slice(0, 32))
      : event === undefined
      ? "(none)"
      : typeof event
    return malformed(`unknown event type ${shown}`)
  }
  const fast = WebhookEvents.decode(type.value, value)
  if (fast !== undefined) return Either.right(fast)
  const decoded: Either.Either<Events.CallbackEvent, ParseResult.ParseError> = decoders[type.value](value)
  return Either.mapLeft(
    decoded,
    (error) =>
      new WebhookError.MalformedEvent({
        reason: `not a valid ${type.value} event: ${ParseIssue.describe(error)}`
      })
  )
}
