/**
 * The request pipeline of the real client, short-circuited into the simulator: the services are
 * the real `Callouts` / `Calls` / `Conferences` / `Applications` implementations (same validation,
 * same wire bodies, same error mapping), but each request is answered by `rest.ts` in-process.
 */
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as VoiceError from "../../VoiceError.js"
import type * as client from "../client.js"
import * as errors from "../errors.js"
import type * as Model from "./model.js"
import * as Rest from "./rest.js"

export const make = (engine: Model.Engine, options: client.ResolvedOptions): client.Client => {
  const exchange = (operation: client.Operation, prepare: client.Prepare) =>
    Effect.gen(function*() {
      const call = yield* prepare
      const response = yield* Rest.handle(engine, {
        method: operation.method,
        path: call.path,
        // the body as it would travel: JSON text parsed back
        body: call.body === undefined ? undefined : JSON.parse(JSON.stringify(call.body)),
        callbackHeaders: call.headers ?? {},
        applicationKey: options.applicationKey
      })
      if (response.status >= 200 && response.status < 300) return response
      const nowMillis = yield* Clock.currentTimeMillis
      return yield* Effect.fail(errors.fromStatus({
        operation: `${operation.service}.${operation.name}`,
        resource: operation.resource,
        status: response.status,
        text: response.body === undefined ? "" : JSON.stringify(response.body),
        retryAfter: undefined,
        nowMillis
      }))
    })

  return {
    options,
    json: <A, I>(operation: client.Operation, prepare: client.Prepare, schema: Schema.Schema<A, I>) =>
      Effect.flatMap(
        exchange(operation, prepare),
        (response) =>
          Schema.decodeUnknown(schema)(response.body, { onExcessProperty: "ignore" }).pipe(
            Effect.mapError((error) =>
              new VoiceError.UnexpectedResponse({
                operation: `${operation.service}.${operation.name}`,
                status: response.status,
                excerpt: errors.excerpt(JSON.stringify(response.body) ?? ""),
                reason: errors.excerpt(`the body does not match the schema: ${error.message}`)
              })
            )
          )
      ),
    empty: (operation, prepare) => Effect.asVoid(exchange(operation, prepare))
  }
}
