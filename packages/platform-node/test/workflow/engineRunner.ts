/**
 * A child process for the engine crash tests: `NodeCallFlows` (SQLite or Postgres, from the
 * `ESW_RUNNER` JSON) running a three-step workflow per id. Each step is an activity that calls the
 * test's far end (`GET /step/<id>/<n>?runner=<name>`), which counts it; a durable 1 s sleep sits
 * between steps 1 and 2. Prints JSON lines: `{"event":"ready"}` once the ids are started.
 */
import * as NodeCallFlows from "@effect-sinch/platform-node/NodeCallFlows"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as Activity from "@effect/workflow/Activity"
import * as DurableClock from "@effect/workflow/DurableClock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"
import * as LogLevel from "effect/LogLevel"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import { Steps } from "./engineWorkflow.js"

const Options = Schema.Struct({
  name: Schema.String,
  farEnd: Schema.String,
  ids: Schema.Array(Schema.String),
  storage: Schema.Union(
    Schema.TaggedStruct("Sqlite", { filename: Schema.String }),
    Schema.TaggedStruct("Postgres", { url: Schema.String, runnerPort: Schema.Number })
  )
})

const options = Schema.decodeUnknownSync(Schema.parseJson(Options))(process.env.ESW_RUNNER)

const print = (line: Record<string, unknown>) => Effect.sync(() => process.stdout.write(`${JSON.stringify(line)}\n`))

const step = (id: string, n: number) =>
  Activity.make({
    name: `step-${n}`,
    success: Schema.String,
    error: Schema.String,
    execute: Effect.tryPromise({
      try: () => fetch(`${options.farEnd}/step/${id}/${n}?runner=${options.name}`).then((response) => response.text()),
      catch: (error) => String(error)
    })
  })

const StepsLive = Steps.toLayer(({ id }) =>
  Effect.gen(function*() {
    yield* step(id, 1)
    yield* DurableClock.sleep({ name: "pause", duration: "1 second", inMemoryThreshold: Duration.millis(1) })
    yield* step(id, 2)
    yield* step(id, 3)
  }).pipe(Effect.orDie)
)

const storage = options.storage
const EngineLive = storage._tag === "Sqlite"
  ? NodeCallFlows.layerSqlite({ filename: storage.filename })
  : NodeCallFlows.layerPostgres({
    url: Redacted.make(storage.url),
    runnerAddress: { host: "127.0.0.1", port: storage.runnerPort }
  })

const main = Effect.gen(function*() {
  yield* Effect.forEach(options.ids, (id) => Steps.execute({ id }, { discard: true }), { discard: true })
  yield* print({ event: "ready", name: options.name })
  return yield* Effect.never
})

main.pipe(
  Effect.provide(StepsLive.pipe(Layer.provideMerge(EngineLive))),
  Effect.provide(Logger.replace(Logger.defaultLogger, Logger.withConsoleError(Logger.logfmtLogger))),
  Logger.withMinimumLogLevel(LogLevel.Warning),
  NodeRuntime.runMain
)
