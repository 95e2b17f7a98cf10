/**
 * Child processes for crash tests: spawn a TypeScript script under `tsx`, read the JSON lines it
 * prints, wait for one with a bounded timeout, and kill it with SIGKILL. Every child is killed when
 * the scope closes.
 */
import * as Data from "effect/Data"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import type * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import * as SubscriptionRef from "effect/SubscriptionRef"
import * as ChildProcess from "node:child_process"
import * as Net from "node:net"
import { fileURLToPath } from "node:url"

export class WaitTimeout extends Data.TaggedError("WaitTimeout")<{ readonly what: string; readonly detail: string }> {
  override get message() {
    return `timed out waiting for ${this.what}\n${this.detail}`
  }
}

const listenOnFreePort = Effect.async<Net.Server>((resume) => {
  const server = Net.createServer()
  server.listen(0, "127.0.0.1", () => resume(Effect.succeed(server)))
})

const close = (server: Net.Server) => Effect.async<void>((resume) => void server.close(() => resume(Effect.void)))

/**
 * `count` distinct free TCP ports on loopback: all are held open until every one is known (ports
 * asked for one after the other may repeat); another process may still bind one meanwhile, rarely.
 */
export const freePorts = (count: number): Effect.Effect<Array<number>> =>
  Effect.acquireUseRelease(
    Effect.forEach(Array.from({ length: count }), () => listenOnFreePort),
    (servers) =>
      Effect.succeed(servers.map((server) => {
        const address = server.address()
        return typeof address === "object" && address !== null ? address.port : 0
      })),
    (servers) => Effect.forEach(servers, close, { discard: true })
  )

/** A free TCP port on loopback. */
export const freePort: Effect.Effect<number> = Effect.map(freePorts(1), (ports) => ports[0]!)

export type Line = Record<string, unknown>

export interface Child {
  readonly name: string
  readonly pid: number
  /** Every JSON line printed so far. */
  readonly lines: Effect.Effect<ReadonlyArray<Line>>
  /** The first line (already printed or still to come) matching `predicate`. */
  readonly waitFor: (
    what: string,
    predicate: (line: Line) => boolean,
    timeout: Duration.DurationInput
  ) => Effect.Effect<Line, WaitTimeout>
  /** SIGKILL, then waits for the process to be gone. */
  readonly kill: Effect.Effect<void>
  /** The tail of stderr, for failure messages. */
  readonly stderr: () => string
  /** Whether the process has exited. */
  readonly exited: () => boolean
}

// `tsx` is a devDependency of the repository root: resolve it from there
const repositoryRoot = fileURLToPath(new URL("../../../../", import.meta.url))

const isLine = (value: unknown): value is Line => typeof value === "object" && value !== null && !Array.isArray(value)

/** Runs `script` with `node --import tsx`; killed (SIGKILL) when the scope closes. */
export const spawn = (
  name: string,
  script: string,
  env: Record<string, string>
): Effect.Effect<Child, never, Scope.Scope> =>
  Effect.gen(function*() {
    const lines = yield* SubscriptionRef.make<ReadonlyArray<Line>>([])
    let stderr = ""
    let exited = false
    const child = yield* Effect.acquireRelease(
      Effect.sync(() =>
        ChildProcess.spawn(process.execPath, ["--import", "tsx", script], {
          cwd: repositoryRoot,
          env: { ...process.env, ...env },
          stdio: ["ignore", "pipe", "pipe"]
        })
      ),
      (child) => Effect.sync(() => exited || child.kill("SIGKILL"))
    )
    const gone = Effect.async<void>((resume) => {
      if (exited) return resume(Effect.void)
      child.once("exit", () => resume(Effect.void))
    })
    child.once("exit", (code, signal) => {
      exited = true
      // a waiter gives up at once instead of at its timeout
      Effect.runSync(SubscriptionRef.update(lines, (all) => [...all, { event: "exit", code, signal }]))
    })
    let buffer = ""
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      buffer += chunk
      const parts = buffer.split("\n")
      buffer = parts.pop() ?? ""
      const parsed = parts.flatMap((part) => {
        try {
          const value: unknown = JSON.parse(part)
          if (isLine(value)) return [value]
        } catch {
          // not a report: kept with stderr for failure messages (e.g. runMain's last error)
        }
        stderr = (stderr + part + "\n").slice(-8000)
        return []
      })
      if (parsed.length > 0) Effect.runSync(SubscriptionRef.update(lines, (all) => [...all, ...parsed]))
    })
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr = (stderr + chunk).slice(-8000)
    })
    return {
      name,
      pid: child.pid ?? -1,
      lines: SubscriptionRef.get(lines),
      stderr: () => stderr,
      exited: () => exited,
      waitFor: (what, predicate, timeout) =>
        lines.changes.pipe(
          Stream.map((all) => Option.fromNullable(all.find((line) => predicate(line) || line.event === "exit"))),
          Stream.filterMap((found) => found),
          Stream.runHead,
          Effect.flatten,
          Effect.filterOrFail(
            predicate,
            (exit) =>
              new WaitTimeout({
                what: `${name}: ${what}`,
                detail: `the process exited (code ${String(exit.code)}, signal ${String(exit.signal)})\n${
                  stderr.slice(-3000)
                }`
              })
          ),
          Effect.timeoutFail({
            duration: timeout,
            onTimeout: () => new WaitTimeout({ what: `${name}: ${what}`, detail: stderr.slice(-3000) })
          }),
          Effect.catchTag(
            "NoSuchElementException",
            () => new WaitTimeout({ what: `${name}: ${what}`, detail: "stream ended" })
          )
        ),
      kill: Effect.suspend(() => {
        if (!exited) child.kill("SIGKILL")
        return gone
      })
    } satisfies Child
  })

/**
 * Runs `check` every 50 ms until it returns `Some`, for at most `timeout`; gives up at once when
 * one of `children` has exited.
 */
export const eventually = <A, E, R>(
  what: string,
  check: Effect.Effect<Option.Option<A>, E, R>,
  timeout: Duration.DurationInput,
  children: ReadonlyArray<Child> = []
): Effect.Effect<A, E | WaitTimeout, R> => {
  const detail = () =>
    children.map((child) => `${child.name}${child.exited() ? " (exited)" : ""}: ${child.stderr().slice(-2000)}`)
      .join("\n---\n")
  const loop: Effect.Effect<A, E | WaitTimeout, R> = Effect.flatMap(check, (found) => {
    if (Option.isSome(found)) return Effect.succeed(found.value)
    if (children.some((child) => child.exited())) {
      return new WaitTimeout({ what: `${what} (a process exited)`, detail: detail() })
    }
    return Effect.zipRight(Effect.sleep(Duration.millis(50)), Effect.suspend(() => loop))
  })
  return Effect.timeoutFail(loop, { duration: timeout, onTimeout: () => new WaitTimeout({ what, detail: detail() }) })
}
