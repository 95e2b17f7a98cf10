/**
 * The engine under `NodeCallFlows`, killed for real: child processes running a three-step workflow
 * (`engineRunner.ts`) are SIGKILLed while a step's request is at the far end, and the far end
 * counts what each step really did. These pin the engine facts the workflow package is designed
 * around, with this module's settings: a finished activity is not run again after a crash, an
 * interrupted one is (at least once), and a Postgres runner's work moves to the survivor.
 */
import * as NodeCallFlows from "@effect-sinch/platform-node/NodeCallFlows"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { fileURLToPath } from "node:url"
import * as FarEnd from "../utils/farEnd.js"
import * as Postgres from "../utils/postgres.js"
import { eventually, freePort, freePorts, spawn } from "../utils/processes.js"
import { Steps } from "./engineWorkflow.js"

const runnerScript = fileURLToPath(new URL("./engineRunner.ts", import.meta.url))

const tempDir = Effect.acquireRelease(
  Effect.sync(() => Fs.mkdtempSync(Path.join(Os.tmpdir(), "esw-engine-"))),
  (dir) => Effect.sync(() => Fs.rmSync(dir, { recursive: true, force: true }))
)

const stepPath = (id: string, n: number) => (request: FarEnd.Received) => request.path.startsWith(`/step/${id}/${n}?`)

const runner = (name: string, farEnd: string, ids: ReadonlyArray<string>, storage: unknown) =>
  spawn(name, runnerScript, { ESW_RUNNER: JSON.stringify({ name, farEnd, ids, storage }) })

describe("NodeCallFlows engine, killed with SIGKILL", () => {
  it.scopedLive(
    "SQLite: resumes in a new process; the finished step is not repeated, the interrupted one is",
    () =>
      Effect.gen(function*() {
        const dir = yield* tempDir
        const storage = { _tag: "Sqlite", filename: Path.join(dir, "flows.db") }
        const farEnd = yield* FarEnd.make()
        yield* farEnd.hold(stepPath("x", 2))

        const first = yield* runner("first", farEnd.url, ["x"], storage)
        yield* eventually(
          "step 2 at the far end",
          Effect.map(farEnd.count(stepPath("x", 2)), (n) => n > 0 ? Option.some(n) : Option.none()),
          "30 seconds",
          [first]
        )
        yield* first.kill
        yield* farEnd.release

        const second = yield* runner("second", farEnd.url, ["x"], storage)
        yield* eventually(
          "step 3 at the far end",
          Effect.map(farEnd.count(stepPath("x", 3)), (n) => n > 0 ? Option.some(n) : Option.none()),
          "30 seconds",
          [second]
        )
        assert.strictEqual(yield* farEnd.count(stepPath("x", 1)), 1, "a finished activity is not run again")
        assert.strictEqual(yield* farEnd.count(stepPath("x", 2)), 2, "an interrupted activity is run again")
        assert.strictEqual(yield* farEnd.count(stepPath("x", 3)), 1)
      }),
    90_000
  )

  it.scopedLive.skipIf(!Postgres.available)(
    "Postgres: the survivor of two runners finishes the killed runner's workflows",
    () =>
      Effect.gen(function*() {
        const postgres = yield* Postgres.start
        const storage = (runnerPort: number) => ({
          _tag: "Postgres",
          url: `postgres://${postgres.username}@${postgres.host}:${postgres.port}/${postgres.database}`,
          runnerPort
        })
        const farEnd = yield* FarEnd.make()
        const ids = Array.from({ length: 8 }, (_, i) => `w${i}`)
        yield* farEnd.hold((request) => request.path.startsWith("/step/") && request.path.includes("/2?"))

        const [portA, portB] = yield* freePorts(2)
        const a = yield* runner("a", farEnd.url, ids, storage(portA!))
        const b = yield* runner("b", farEnd.url, ids, storage(portB!))
        const secondSteps = yield* eventually(
          "every workflow at step 2",
          Effect.map(farEnd.received, (all) => {
            const at2 = all.filter((request) => request.held)
            return ids.every((id) => at2.some((request) => stepPath(id, 2)(request)))
              ? Option.some(at2)
              : Option.none()
          }),
          "60 seconds",
          [a, b]
        )
        // kill the runner of w0; the other one must take over its workflows
        const victim = secondSteps.find(stepPath("w0", 2))?.path.includes("runner=a") ? a : b
        const victimName = victim === a ? "a" : "b"
        const survivor = victim === a ? b : a
        const orphans = ids.filter((id) =>
          secondSteps.some((request) => stepPath(id, 2)(request) && request.path.endsWith(`runner=${victimName}`))
        )
        yield* victim.kill
        yield* farEnd.release

        yield* eventually(
          "every workflow at step 3",
          Effect.map(farEnd.received, (all) =>
            ids.every((id) => all.some(stepPath(id, 3))) ? Option.some(all) : Option.none()),
          "30 seconds",
          [survivor]
        )
        const done = yield* farEnd.received
        for (const id of ids) {
          assert.strictEqual(done.filter(stepPath(id, 1)).length, 1, `${id}: step 1 once`)
          assert.strictEqual(done.filter(stepPath(id, 3)).length, 1, `${id}: step 3 once`)
        }
        assert.isAbove(orphans.length, 0)
        for (const id of orphans) {
          const finisher = done.find(stepPath(id, 3))
          assert.isTrue(finisher?.path.endsWith(`runner=${victimName === "a" ? "b" : "a"}`), `${id} taken over`)
        }
      }),
    120_000
  )

  it.scopedLive.skipIf(!Postgres.available)(
    "Postgres: a client-only process starts a workflow that a runner executes, and gets its result",
    () =>
      Effect.gen(function*() {
        const postgres = yield* Postgres.start
        const farEnd = yield* FarEnd.make()
        const serving = yield* runner("runner", farEnd.url, [], {
          _tag: "Postgres",
          url: Redacted.value(postgres.url),
          runnerPort: yield* freePort
        })
        yield* serving.waitFor("ready", (line) => line.event === "ready", "60 seconds")
        // this test process is the client: e.g. a webhook-only instance
        const client = yield* Layer.build(NodeCallFlows.layerPostgresClientOnly({ url: postgres.url }))

        yield* Steps.execute({ id: "from-client" }).pipe(
          Effect.provide(client),
          Effect.timeoutFail({
            duration: "60 seconds",
            onTimeout: () => new Error(`no result\n${serving.stderr()}`)
          })
        )
        const done = yield* farEnd.received
        for (const n of [1, 2, 3]) {
          assert.deepStrictEqual(done.filter(stepPath("from-client", n)).map((request) => request.path), [
            `/step/from-client/${n}?runner=runner`
          ])
        }
      }),
    120_000
  )

  it.scopedLive.skipIf(!Postgres.available)(
    "Postgres: runners started together on a fresh database all start (they race to create the tables)",
    () =>
      Effect.gen(function*() {
        const postgres = yield* Postgres.start
        const farEnd = yield* FarEnd.make()
        const ports = yield* freePorts(4)
        const runners = yield* Effect.forEach(ports, (port, i) =>
          runner(`r${i}`, farEnd.url, [], { _tag: "Postgres", url: Redacted.value(postgres.url), runnerPort: port }))
        yield* Effect.forEach(
          runners,
          (child) =>
            child.waitFor("ready", (line) =>
              line.event === "ready", "90 seconds"),
          { concurrency: "unbounded", discard: true }
        )
      }),
    120_000
  )
})
