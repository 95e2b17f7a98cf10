import * as NodeCallFlows from "@effect-sinch/platform-node/NodeCallFlows"
import * as CallJournal from "@effect-sinch/workflow/CallJournal"
import * as Campaign from "@effect-sinch/workflow/Campaign"
import { assert, describe, it } from "@effect/vitest"
import * as Activity from "@effect/workflow/Activity"
import * as DurableClock from "@effect/workflow/DurableClock"
import * as Workflow from "@effect/workflow/Workflow"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"

const fromMap = (entries: Record<string, string>) =>
  NodeCallFlows.fromEnv.pipe(Effect.withConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(entries)))))

describe("NodeCallFlows.fromEnv", () => {
  it.effect("selects SQLite without a database URL", () =>
    Effect.gen(function*() {
      const selected = yield* fromMap({})
      assert.strictEqual(selected._tag, "Sqlite")
      assert.strictEqual(selected._tag === "Sqlite" && selected.options.filename, "sinch-flows.db")
      const file = yield* fromMap({
        SINCH_FLOWS_SQLITE_FILE: "/var/lib/calls.db",
        SINCH_FLOWS_POLL_INTERVAL: "2 seconds"
      })
      assert.deepStrictEqual(file, {
        _tag: "Sqlite",
        options: { filename: "/var/lib/calls.db", pollInterval: Duration.seconds(2) }
      })
    }))

  it.effect("selects a Postgres runner with a runner host, else a client-only process", () =>
    Effect.gen(function*() {
      const url = "postgres://calls@db/calls"
      const runner = yield* fromMap({ SINCH_FLOWS_DATABASE_URL: url, SINCH_FLOWS_RUNNER_HOST: "10.0.0.7" })
      assert.strictEqual(runner._tag, "Postgres")
      if (runner._tag === "Postgres") {
        assert.deepStrictEqual(runner.options.runnerAddress, { host: "10.0.0.7", port: 34431 })
        assert.strictEqual(Redacted.value(runner.options.url!), url)
      }
      const client = yield* fromMap({ SINCH_FLOWS_DATABASE_URL: url })
      assert.strictEqual(client._tag, "PostgresClientOnly")
    }))

  it.effect("refuses a malformed runner port", () =>
    Effect.gen(function*() {
      const failed = yield* Effect.flip(
        fromMap({ SINCH_FLOWS_DATABASE_URL: "postgres://db", SINCH_FLOWS_RUNNER_PORT: "x" })
      )
      assert.include(String(failed), "SINCH_FLOWS_RUNNER_PORT")
    }))
})

const Greeting = Workflow.make({
  name: "Greeting",
  payload: { name: Schema.String },
  success: Schema.String,
  idempotencyKey: ({ name }) => name
})

const GreetingLive = Greeting.toLayer(({ name }) =>
  Effect.gen(function*() {
    // a stored timer (not in memory): fired by the storage poll
    yield* DurableClock.sleep({ name: "pause", duration: "10 millis", inMemoryThreshold: Duration.millis(1) })
    return yield* Activity.make({ name: "greet", success: Schema.String, execute: Effect.succeed(`Hello ${name}`) })
  })
)

// How many times a busy workflow gives up the CPU before Node gets to poll for I/O once (a
// `setImmediate` runs right after the poll): webhooks are I/O, and must not wait for a busy engine.
const Turns = Workflow.make({
  name: "Turns",
  payload: { id: Schema.String },
  success: Schema.Number,
  idempotencyKey: ({ id }) => id
})

const TurnsLive = Turns.toLayer(() =>
  Effect.gen(function*() {
    let polled = false
    setImmediate(() => {
      polled = true
    })
    let turns = 0
    while (!polled && turns < 10_000) {
      yield* Effect.yieldNow()
      turns++
    }
    return turns
  })
)

describe("NodeCallFlows.layerSqlite", () => {
  it.scopedLive("runs workflows on a SQLite file, next to the workflow package's stores", () =>
    Effect.gen(function*() {
      const dir = yield* Effect.acquireRelease(
        Effect.sync(() => Fs.mkdtempSync(Path.join(Os.tmpdir(), "esw-sqlite-"))),
        (dir) => Effect.sync(() => Fs.rmSync(dir, { recursive: true, force: true }))
      )
      const context = yield* Layer.build(
        GreetingLive.pipe(
          Layer.provideMerge(
            NodeCallFlows.layerSqlite({ filename: Path.join(dir, "flows.db"), pollInterval: "200 millis" })
          )
        )
      )
      const run = <A, E>(effect: Effect.Effect<A, E, NodeCallFlows.Services>) => Effect.provide(effect, context)

      assert.strictEqual(yield* run(Greeting.execute({ name: "Ann" })), "Hello Ann")
      // the stores are on the same database, their tables created
      const journal = yield* run(CallJournal.CallJournal)
      assert.isTrue(Option.isNone(yield* journal.get("no-such-attempt")))
      const missing = yield* Effect.flip(run(Campaign.progress("no-such-campaign")))
      assert.strictEqual(missing._tag, "CampaignNotFound")
    }), 60_000)

  // Effect's default scheduler lets 2,048 rounds of ready fibers run before Node polls for I/O: a
  // busy engine held webhooks back past Sinch's 5-s callback timeout (docs/performance.md)
  it.scopedLive("lets Node poll for I/O between every turn of the engine's fibers", () =>
    Effect.gen(function*() {
      const dir = yield* Effect.acquireRelease(
        Effect.sync(() => Fs.mkdtempSync(Path.join(Os.tmpdir(), "esw-sqlite-"))),
        (dir) => Effect.sync(() => Fs.rmSync(dir, { recursive: true, force: true }))
      )
      const context = yield* Layer.build(
        TurnsLive.pipe(Layer.provideMerge(NodeCallFlows.layerSqlite({ filename: Path.join(dir, "flows.db") })))
      )
      const turns = yield* Effect.provide(Turns.execute({ id: "busy" }), context)
      assert.isAtMost(turns, 2)
    }), 60_000)
})
