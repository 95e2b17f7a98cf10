/**
 * A throwaway Postgres server for tests: `initdb` in a temp dir, `pg_ctl start` on a free loopback
 * port (as user `postgres` when the tests run as root), stopped with `pg_ctl stop -m immediate` and
 * removed when the scope closes — also when the test fails. `stop` and `start` take it down hard and
 * bring it back on the same data and port, for outage tests. Shared by the tests of
 * `packages/workflow` (imported by relative path), which need a database, not a Node layer.
 */
import * as PgClient from "@effect/sql-pg/PgClient"
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import type * as Scope from "effect/Scope"
import * as ChildProcess from "node:child_process"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { freePort } from "./processes.js"

export class PostgresError
  extends Data.TaggedError("PostgresError")<{ readonly step: string; readonly detail: string }>
{}

export interface Postgres {
  readonly host: string
  readonly port: number
  readonly database: string
  readonly username: string
  readonly url: Redacted.Redacted<string>
  /** `pg_ctl stop -m immediate`: every connection is cut, nothing is flushed (a crash). */
  readonly stop: Effect.Effect<void, PostgresError>
  /** Starts it again on the same data directory and port; returns once it accepts connections. */
  readonly start: Effect.Effect<void, PostgresError>
}

const binDir = (): string | undefined => {
  const root = "/usr/lib/postgresql"
  if (!Fs.existsSync(root)) return undefined
  const versions = Fs.readdirSync(root).filter((name) => Fs.existsSync(Path.join(root, name, "bin", "pg_ctl")))
  versions.sort((a, b) => Number(b) - Number(a))
  return versions.length === 0 ? undefined : Path.join(root, versions[0]!, "bin")
}

/** Whether Postgres binaries are installed here. */
export const available = binDir() !== undefined

const asRoot = typeof process.getuid === "function" && process.getuid() === 0

const run = (step: string, binary: string, args: ReadonlyArray<string>) =>
  Effect.async<void, PostgresError>((resume) => {
    // initdb and postgres refuse to run as root
    const [command, argv] = asRoot ? ["runuser", ["-u", "postgres", "--", binary, ...args]] : [binary, [...args]]
    const child = ChildProcess.execFile(command, argv, { timeout: 60_000 }, (error, _stdout, stderr) =>
      resume(
        error === null
          ? Effect.void
          : Effect.fail(new PostgresError({ step, detail: `${error.message}\n${stderr}`.slice(0, 2000) }))
      ))
    return Effect.sync(() => child.kill("SIGKILL"))
  })

/** Starts a server; it is stopped and its files removed when the scope closes. */
export const start: Effect.Effect<Postgres, PostgresError, Scope.Scope> = Effect.gen(function*() {
  const bin = binDir()
  if (bin === undefined) {
    return yield* new PostgresError({ step: "find", detail: "no /usr/lib/postgresql/*/bin/pg_ctl" })
  }
  const dir = yield* Effect.acquireRelease(
    Effect.sync(() => {
      const dir = Fs.mkdtempSync(Path.join(Os.tmpdir(), "esw-pg-"))
      if (asRoot) {
        const id = (flag: string) => Number(ChildProcess.execFileSync("id", [flag, "postgres"], { encoding: "utf8" }))
        Fs.chownSync(dir, id("-u"), id("-g"))
      }
      return dir
    }),
    (dir) => Effect.sync(() => Fs.rmSync(dir, { recursive: true, force: true }))
  )
  const data = Path.join(dir, "data")
  const username = "esw"
  yield* run("initdb", Path.join(bin, "initdb"), ["-D", data, "-U", username, "--auth=trust", "-E", "UTF8"])
  const port = yield* freePort
  const serverOptions = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`
  const startServer = run("start", Path.join(bin, "pg_ctl"), [
    "-D",
    data,
    "-l",
    Path.join(dir, "log"),
    "-o",
    serverOptions,
    "-w",
    "start"
  ])
  const stopServer = run("stop", Path.join(bin, "pg_ctl"), ["-D", data, "-m", "immediate", "-w", "stop"])
  yield* Effect.acquireRelease(startServer, () => Effect.ignore(stopServer))
  const database = "postgres"
  return {
    host: "127.0.0.1",
    port,
    database,
    username,
    url: Redacted.make(`postgres://${username}@127.0.0.1:${port}/${database}`),
    stop: stopServer,
    start: startServer
  }
})

/** A `PgClient` on a server of its own (started with the layer, stopped with it). */
export const layer = Layer.unwrapScoped(
  Effect.map(Effect.orDie(start), (server) => PgClient.layer({ url: server.url }))
)
