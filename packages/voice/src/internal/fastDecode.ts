/**
 * Small readers for decoding JSON answers and events quicker than their schemas, giving exactly what
 * the schemas give: each reads one value, or gives up (`undefined`) on anything it does not accept,
 * and the caller then lets the schema decide (and explain). Values whose decoding is not a plain
 * type check (open enumerations, timestamps in other forms) go through their schema.
 */
import type * as DateTime from "effect/DateTime"
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import type * as Schema from "effect/Schema"
import * as Model from "../Model.js"
import * as Timestamp from "./isoTimestamp.js"

/**
 * Reads one value: the decoded value, or `undefined` when the input is not one.
 *
 * @internal
 */
export type Read<A> = (input: unknown) => A | undefined

/** @internal */
export type Mutable<A> = { -readonly [K in keyof A]: A[K] }

/** @internal */
export type Input = { readonly [key: string]: unknown }

/** @internal */
export const string: Read<string> = (input) => typeof input === "string" ? input : undefined

/** @internal */
export const number: Read<number> = (input) => typeof input === "number" ? input : undefined

/** @internal */
export const finite: Read<number> = (input) => typeof input === "number" && Number.isFinite(input) ? input : undefined

/**
 * `Model.Timestamp`'s reading.
 *
 * @internal
 */
export const timestamp: Read<DateTime.Utc> = (input) =>
  typeof input === "string" ? Timestamp.parseOrUndefined(input) : undefined

/** @internal */
export const isRecord = (input: unknown): input is Input =>
  typeof input === "object" && input !== null && !Array.isArray(input)

/**
 * What a schema decodes the input to; strings seen before (the few values of an enumeration) are remembered.
 *
 * @internal
 */
export const bySchema = <A, I>(schema: Schema.Schema<A, I>): Read<A> => {
  const decode = ParseResult.decodeUnknownEither(schema)
  const known = new Map<string, A>()
  return (input) => {
    if (typeof input === "string") {
      const seen = known.get(input)
      if (seen !== undefined) return seen
    }
    const decoded = decode(input)
    if (Either.isLeft(decoded)) return undefined
    if (typeof input === "string" && known.size < 256) known.set(input, decoded.right)
    return decoded.right
  }
}

/**
 * How to read some optional fields of `A`; listed in the order of `A`'s fields, which they are read in.
 *
 * @internal
 */
export type Readers<A> = { readonly [K in keyof A]?: Read<Exclude<A[K], undefined>> }

/**
 * The optional fields of `A` that were read.
 *
 * @internal
 */
export type Props<A> = { -readonly [K in keyof A]?: Exclude<A[K], undefined> }

/**
 * Reads the optional fields `readers` lists into `props`, in that order: `false` as soon as one is not
 * accepted. An absent field stays absent; `nullable` fields (`Schema.optionalWith(X, { nullable: true })`)
 * read `null` (and `undefined`) as absent too. Otherwise (`Schema.optional(X)`) a `null` is not
 * accepted, nor a field present as `undefined`, which the schema keeps as a key.
 *
 * @internal
 */
export const optionals = <A>(readers: Readers<A>, options: { readonly nullable: boolean }) => {
  const fields: Array<(props: Props<A>, input: Input) => boolean> = []
  for (const key in readers) {
    const read = readers[key]
    if (read === undefined) continue
    fields.push((props, input) => {
      const raw = input[key]
      if (raw === undefined) return options.nullable || !Object.hasOwn(input, key)
      if (raw === null && options.nullable) return true
      const value = read(raw)
      if (value === undefined) return false
      props[key] = value
      return true
    })
  }
  return (props: Props<A>, input: Input): boolean => {
    for (const field of fields) {
      if (!field(props, input)) return false
    }
    return true
  }
}

/**
 * An object of two required fields, both read before `make` is given them.
 *
 * @internal
 */
export const pair = <A, B, C>(
  [keyA, readA]: readonly [key: string, read: Read<A>],
  [keyB, readB]: readonly [key: string, read: Read<B>],
  make: (a: A, b: B) => C
): Read<C> =>
(input) => {
  if (!isRecord(input)) return undefined
  const a = readA(input[keyA])
  const b = readB(input[keyB])
  return a === undefined || b === undefined ? undefined : make(a, b)
}

/** @internal */
export const price: Read<Model.Price> = pair(
  ["currencyId", string],
  ["amount", number],
  (currencyId, amount) => new Model.Price({ currencyId, amount }, true)
)

/** @internal */
export const destination: Read<Model.Destination> = pair(
  ["type", bySchema(Model.DestinationType)],
  ["endpoint", string],
  (type, endpoint) => new Model.Destination({ type, endpoint }, true)
)
