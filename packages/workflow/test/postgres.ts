import * as PgClient from "@effect/sql-pg/PgClient"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as NodeChild from "node:child_process"
import * as NodeFs from "node:fs"
import * as NodeNet from "node:net"
import * as NodeOs from "node:os"
import * as NodePath from "node:path"

const bin = "/usr/lib/postgresql/15/bin"

const freePort = () =>
  Effect.async<number>((resume) => {
    const server = NodeNet.createServer()
    server.listen(0, "127.0.0.1", () => {
      const address = server.address()
      const port = typeof address === "object" && address !== null ? address.port : 0
      server.close(() => resume(Effect.succeed(port)))
    })
  })

const asPostgres = (command: string, args: ReadonlyArray<string>) =>
  // stdio ignored: the server pg_ctl starts would otherwise hold the pipe open
  Effect.sync(() =>
    NodeChild.execFileSync("runuser", ["-u", "postgres", "--", `${bin}/${command}`, ...args], { stdio: "ignore" })
  )

/** Whether a throwaway Postgres 15 can be started here (binaries and the `postgres` user). */
export const available = NodeFs.existsSync(`${bin}/pg_ctl`) && NodeOs.userInfo().uid === 0

/**
 * A throwaway Postgres server on a loopback port (initdb in a temp directory, trust auth, fsync off),
 * stopped and removed with the scope; and a `PgClient` on it.
 */
export const layer = Layer.unwrapScoped(Effect.gen(function*() {
  const directory = NodeFs.mkdtempSync(NodePath.join(NodeOs.tmpdir(), "pg-"))
  NodeFs.chmodSync(directory, 0o777)
  const data = NodePath.join(directory, "data")
  const port = yield* freePort()
  yield* Effect.acquireRelease(
    Effect.gen(function*() {
      yield* asPostgres("initdb", ["-D", data, "-U", "postgres", "--auth=trust"])
      yield* asPostgres("pg_ctl", [
        "-D",
        data,
        "-o",
        `-p ${port} -k ${directory} -c listen_addresses=127.0.0.1 -c fsync=off`,
        "-l",
        NodePath.join(directory, "log"),
        "-w",
        "start"
      ])
    }),
    () =>
      asPostgres("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]).pipe(
        Effect.zipRight(Effect.sync(() => NodeFs.rmSync(directory, { recursive: true, force: true }))),
        Effect.orDie
      )
  )
  return PgClient.layer({ host: "127.0.0.1", port, username: "postgres", database: "postgres" })
}))
