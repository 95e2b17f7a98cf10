/**
 * Whatever a server, a webhook or a caller sends, a schema failure is described in a few hundred
 * characters: no stack overflow on deeply nested JSON, no megabyte messages from huge values.
 */
import { Calls, Retry, VoiceError } from "@effect-sinch/voice"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as ParseIssue from "../../src/internal/parseIssue.js"
import * as Replies from "../../src/internal/simulator/replies.js"
import * as Mock from "../utils/mockTransport.js"

const nested = (depth: number): unknown => JSON.parse("[".repeat(depth) + "]".repeat(depth))
const nestedObjects = (depth: number): unknown => JSON.parse("{\"a\":".repeat(depth) + "1" + "}".repeat(depth))

const Event = Schema.Struct({ cli: Schema.String, to: Schema.Struct({ endpoint: Schema.String }) })
const failure = (input: unknown) => Either.flip(Schema.decodeUnknownEither(Event)(input)).pipe(Either.getOrThrow)

describe("bounded schema issues", () => {
  it("a value nested 10,000 levels deep is described, not recursed into", () => {
    for (const hostile of [nested(10_000), nestedObjects(10_000)]) {
      const error = failure({ cli: hostile, to: { endpoint: "+1" } })
      assert.throws(() => ParseResult.TreeFormatter.formatErrorSync(error), RangeError)
      const issue = ParseIssue.first(error)
      assert.deepStrictEqual(issue.path, ["cli"])
      assert.isTrue(issue.message.startsWith("Expected string, actual "))
      assert.isAtMost(issue.message.length, ParseIssue.maxMessageLength + 1)
    }
  })

  it("huge values and keys are cut: the message and the path stay short", () => {
    const wide = Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`${"k".repeat(1000)}${i}`, i]))
    const issue = ParseIssue.first(failure({ cli: wide, to: { endpoint: "+1" } }))
    assert.isAtMost(issue.message.length, ParseIssue.maxMessageLength + 1)
    const long = ParseIssue.first(failure({ cli: 1, to: "x".repeat(1_000_000) }))
    assert.isAtMost(long.message.length, ParseIssue.maxMessageLength + 1)
    assert.strictEqual(
      ParseIssue.describe(failure({ cli: "+1", to: { endpoint: 1 } })),
      "to.endpoint: Expected string, actual 1"
    )
  })

  it("messages that report a string's length still see the whole string", () => {
    const Text = Schema.String.pipe(
      Schema.maxLength(5, { message: (issue) => `at most 5, got ${String(issue.actual).length}` })
    )
    const error = Either.flip(Schema.decodeUnknownEither(Text)("x".repeat(100_000))).pipe(Either.getOrThrow)
    assert.strictEqual(ParseIssue.describe(error), "at most 5, got 100000")
  })

  it.effect("a Sinch answer with deeply nested JSON fails with a bounded UnexpectedResponse", () =>
    Effect.gen(function*() {
      const calls = yield* Calls.Calls
      const error = yield* Effect.flip(calls.get("c1"))
      assert.instanceOf(error, VoiceError.UnexpectedResponse)
      assert.include(error.reason, "the body does not match the schema")
      assert.isAtMost(error.reason.length, 201)
    }).pipe(Effect.provide(Mock.client(
      () => ({ status: 200, body: `{"callId":${"[".repeat(3000)}${"]".repeat(3000)}}` }),
      { retry: Retry.none }
    ))))

  it.effect("the simulator refuses deeply nested SVAML with a short reason", () =>
    Effect.gen(function*() {
      const reason = yield* Effect.flip(Replies.parse("ice", `{"action":${"[".repeat(3000)}${"]".repeat(3000)}}`))
      assert.include(reason, "not a valid ICE document")
      assert.isBelow(reason.length, 400)
    }))
})

describe("bounded Sinch error bodies", () => {
  it.effect("a 1 MB error message from Sinch is kept to an excerpt", () =>
    Effect.gen(function*() {
      const calls = yield* Calls.Calls
      const error = yield* Effect.flip(calls.get("c1"))
      assert.instanceOf(error, VoiceError.BadRequest)
      assert.isBelow(error.message.length, 600)
    }).pipe(Effect.provide(Mock.client(
      () => ({
        status: 400,
        body: JSON.stringify({ errorCode: "x".repeat(100_000), message: "m".repeat(1_000_000), reference: "r" })
      }),
      { retry: Retry.none }
    ))))
})
