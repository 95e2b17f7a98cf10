/**
 * Reading the SVAML an application answers with, as Sinch does: the document must be JSON, match the
 * event's context (ICE, ACE, PIE, or a managed-call update) and keep SVAML's rules.
 */
import * as Documents from "@effect-sinch/svaml/Documents"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import type * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as ParseIssue from "../parseIssue.js"

export interface ByContext {
  readonly ice: Documents.IceResponse
  readonly ace: Documents.AceResponse
  readonly pie: Documents.PieResponse
  readonly managedCall: Documents.ManagedCallUpdate
}

const decoders: {
  readonly [C in keyof ByContext]: (u: unknown) => Either.Either<ByContext[C], ParseResult.ParseError>
} = {
  ice: Schema.decodeUnknownEither(Documents.IceResponse),
  ace: Schema.decodeUnknownEither(Documents.AceResponse),
  pie: Schema.decodeUnknownEither(Documents.PieResponse),
  managedCall: Schema.decodeUnknownEither(Documents.ManagedCallUpdate)
}

const firstLine = (error: ParseResult.ParseError): string => ParseIssue.describe(error, "document")

/** Decodes and validates an already parsed document for a context. */
export const decode = <C extends keyof ByContext>(context: C, json: unknown): Effect.Effect<ByContext[C], string> => {
  const decoded: Either.Either<ByContext[C], ParseResult.ParseError> = decoders[context](json)
  if (Either.isLeft(decoded)) {
    return Effect.fail(
      `not a valid ${context === "managedCall" ? "managed-call" : context.toUpperCase()} document (${
        firstLine(decoded.left)
      })`
    )
  }
  return Documents.validate(decoded.right).pipe(Effect.mapError((error) => error.message))
}

// Applications answer many calls with the same few documents: remember the last ones read per context,
// with the first copy of their text, which transcripts then share (see `intern`).
const cacheSize = 64
interface Cached<A> {
  readonly text: string
  readonly result: Either.Either<A, string>
}
const caches: { readonly [C in keyof ByContext]: Map<string, Cached<ByContext[C]>> } = {
  ice: new Map(),
  ace: new Map(),
  pie: new Map(),
  managedCall: new Map()
}

/** Parses, decodes and validates a document from its JSON text. */
export const parse = <C extends keyof ByContext>(context: C, text: string): Effect.Effect<ByContext[C], string> => {
  const cache: Map<string, Cached<ByContext[C]>> = caches[context]
  const cached = cache.get(text)
  if (cached !== undefined) return cached.result
  if (text.trim() === "") return Effect.fail("empty answer")
  const json = Either.try((): unknown => JSON.parse(text))
  if (Either.isLeft(json)) return Effect.fail("the answer is not JSON")
  return Effect.tap(Effect.either(decode(context, json.right)), (result) => {
    if (cache.size >= cacheSize) cache.delete(cache.keys().next().value ?? "")
    cache.set(text, { text, result })
  }).pipe(Effect.flatten)
}

/**
 * The copy of `text` kept with a document read before (else `text`): 10,000 calls answered with
 * the same document then hold one string in their transcripts, not 10,000 equal ones.
 */
export const intern = (context: keyof ByContext, text: string): string => caches[context].get(text)?.text ?? text
