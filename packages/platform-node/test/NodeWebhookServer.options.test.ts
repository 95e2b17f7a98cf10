/**
 * `NodeWebhookServer`'s options are checked before anything binds: a port, timeouts, a header limit,
 * a body limit or a freshness window Node or the library would misread fail with
 * `InvalidConfiguration` naming the option. The body limit is then really enforced.
 */
import { NodeWebhookServer } from "@effect-sinch/platform-node"
import * as Actions from "@effect-sinch/svaml/Actions"
import * as VoiceError from "@effect-sinch/voice/VoiceError"
import type * as Webhooks from "@effect-sinch/voice/Webhooks"
import type * as WebhookVerifier from "@effect-sinch/voice/WebhookVerifier"
import * as HttpServer from "@effect/platform/HttpServer"
import { assert, describe, it } from "@effect/vitest"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import { applicationKey, applicationSecret, path, quiet } from "./utils/webhookServer.js"

const base: NodeWebhookServer.Options = { port: 0, host: "127.0.0.1", path }
const credentials = [{ applicationKey, applicationSecret: Redacted.make(applicationSecret) }]
const handlers: Webhooks.Handlers = { ice: () => Effect.succeed({ action: Actions.hangup() }) }

type Overrides = Partial<NodeWebhookServer.Options & WebhookVerifier.Options & Webhooks.Options>

const server = (options: Overrides) =>
  NodeWebhookServer.layerHandlers<never, never>({ ...base, credentials, handlers, ...options })

const refusedField = (options: Overrides) =>
  Effect.flip(Effect.scoped(Layer.build(server(options)))).pipe(
    Effect.map((error) => {
      assert.instanceOf(error, VoiceError.InvalidConfiguration)
      return error.field
    })
  )

describe("NodeWebhookServer options", () => {
  it.scoped("a port Node cannot bind is refused", () =>
    Effect.gen(function*() {
      for (const port of [Number.NaN, -1, 65_536, 80.5]) {
        assert.strictEqual(yield* refusedField({ port }), "port")
      }
    }))

  it.scoped("timeouts must be finite, non-negative durations", () =>
    Effect.gen(function*() {
      const bad: ReadonlyArray<Duration.DurationInput> = [Number.NaN, -1, Number.POSITIVE_INFINITY]
      for (const value of bad) {
        assert.strictEqual(yield* refusedField({ requestTimeout: value }), "requestTimeout")
        assert.strictEqual(yield* refusedField({ headersTimeout: value }), "headersTimeout")
        assert.strictEqual(yield* refusedField({ keepAliveTimeout: value }), "keepAliveTimeout")
      }
    }))

  it.scoped("the header and body limits must be whole numbers from 1, the freshness window positive", () =>
    Effect.gen(function*() {
      for (const value of [Number.NaN, 0, -1, 1.5]) {
        assert.strictEqual(yield* refusedField({ maxHeaderSize: value }), "maxHeaderSize")
        assert.strictEqual(yield* refusedField({ maxBodyBytes: value }), "maxBodyBytes")
      }
      for (const maxAge of [Number.NaN, -1, 0]) {
        assert.strictEqual(yield* refusedField({ maxAge }), "maxAge")
      }
      for (const timeout of [Number.NaN, -1]) {
        assert.strictEqual(yield* refusedField({ timeout }), "timeout")
      }
    }))

  it.scopedLive("valid options bind, and a small body limit is enforced (413)", () =>
    Effect.gen(function*() {
      const context = yield* Layer.build(server({ maxBodyBytes: 1024, requestTimeout: 0 }).pipe(Layer.provide(quiet)))
      const port = yield* HttpServer.addressWith((address) =>
        Effect.succeed(address._tag === "TcpAddress" ? address.port : 0)
      ).pipe(Effect.provide(context))
      const status = yield* Effect.promise(() =>
        fetch(`http://127.0.0.1:${port}${path}`, {
          method: "POST",
          headers: { "content-type": "application/json", "authorization": "Application x:y" },
          body: "x".repeat(8 * 1024)
        }).then((response) => response.status)
      )
      assert.strictEqual(status, 413)
    }))
})
