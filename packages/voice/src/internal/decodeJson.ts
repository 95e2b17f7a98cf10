/**
 * The reading of a 2xx answer's JSON body: a quick reader first when there is one, else the schema;
 * a body that is not JSON or does not match is an `UnexpectedResponse`.
 */
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import type * as HttpTransport from "../HttpTransport.js"
import * as VoiceError from "../VoiceError.js"
import type { FastDecode } from "./client.js"
import * as errors from "./errors.js"
import * as ParseIssue from "./parseIssue.js"

/** Decodes the answers of the operation labelled `operation` with `schema` (and `fast`, if given). */
export const decodeJson = <A, I>(operation: string, schema: Schema.Schema<A, I>, fast: FastDecode<A> | undefined) => {
  // compiled once per schema by `effect` (memoized on the AST); synchronous, as answers are
  const decode = Schema.decodeUnknownEither(schema, { onExcessProperty: "ignore" })
  return (response: HttpTransport.Response): Effect.Effect<A, errors.Failure> => {
    const unexpected = (reason: string) =>
      new VoiceError.UnexpectedResponse({
        operation,
        status: response.status,
        excerpt: errors.excerpt(response.text),
        reason
      })
    let json: unknown
    try {
      json = JSON.parse(response.text)
    } catch {
      return Effect.fail(unexpected(response.text.length === 0 ? "empty body" : "the body is not JSON"))
    }
    const value = fast?.(json)
    if (value !== undefined) return Effect.succeed(value)
    const decoded = decode(json)
    return Either.isRight(decoded)
      ? Effect.succeed(decoded.right)
      : Effect.fail(
        unexpected(errors.excerpt(`the body does not match the schema: ${ParseIssue.describe(decoded.left)}`))
      )
  }
}
