/**
 * What every process of the benchmark shares: the credentials of the fake Sinch application, the
 * request payloads, the hand-written signing of the floor implementations, a bounded promise pool,
 * and a typed way to start a child process and talk to it.
 */
import * as ChildProcess from "node:child_process"
import * as NodeCrypto from "node:crypto"
import * as Fs from "node:fs"
import type { AddressInfo } from "node:net"
import * as Path from "node:path"
import { fileURLToPath } from "node:url"

export const benchDirectory = Path.dirname(fileURLToPath(import.meta.url))
export const repositoryRoot = Path.resolve(benchDirectory, "../../..")

export const applicationKey = "669E367E-6BBA-48AB-AF15-266871C28135"
export const applicationSecret = "BeIukql3pTKJ8RGL5zo0DA=="
export const secretBytes = Buffer.from(applicationSecret, "base64")

export const calloutPath = "/calling/v1/callouts"
export const callId = "4398599d-1e0d-4b3c-9d64-d7c1a5b9e1c1"
export const callPath = `/calling/v1/calls/id/${callId}`

/** The TTS callout every client sends. */
export const ttsCallout = {
  cli: "+14045001000",
  destination: { type: "number", endpoint: "+14045005000" },
  locale: "en-US",
  text: "Hello, this is a call from the effect-sinch benchmark. Goodbye!",
  enableAce: true,
  enableDice: true
} as const

/** Sinch's response to a call GET (fixture of §2.2 of the API reference). */
export const callInformation = {
  from: { type: "Username", endpoint: "user1" },
  to: { type: "Number", endpoint: "+33123456789" },
  domain: "pstn",
  callId,
  duration: 138,
  status: "FINAL",
  result: "ANSWERED",
  reason: "CALLEEHANGUP",
  timestamp: "2024-01-08T09:48:12Z",
  custom: "{}",
  userRate: { currencyId: "EUR", amount: 0.1758 },
  debit: { currencyId: "EUR", amount: 0.5274 }
}

/**
 * How the fake Sinch answers. `instant`-style answers (no delay, minimal headers) are what a
 * loopback server gives; Sinch answers over the network after its own work, so a client's event
 * loop waits, idle, for every answer at c=1 and gets them one by one at c=32.
 */
export interface Answer {
  /** Milliseconds between reading a request and answering it (a timer per request). */
  readonly delayMillis: number
  /** `minimal`: `content-type` and `content-length`; `sinch`: a gateway's headers, chunked. */
  readonly headers: "minimal" | "sinch"
}

/** The answer of the benchmark's fake Sinch by default. */
export const sinchAnswer: Answer = { delayMillis: 1, headers: "sinch" }

/** How the fake of the earlier runs answered: at once, from loopback. */
export const instantAnswer: Answer = { delayMillis: 0, headers: "minimal" }

/** `Base64(HMAC-SHA256(secret, StringToSign))` written directly against node:crypto (the floor). */
export const signWithNodeCrypto = (
  method: string,
  contentType: string,
  timestamp: string,
  path: string,
  body: Buffer | undefined
): string => {
  const md5 = body === undefined || body.length === 0
    ? ""
    : NodeCrypto.createHash("md5").update(body).digest("base64")
  return NodeCrypto.createHmac("sha256", secretBytes)
    .update(`${method}\n${md5}\n${contentType}\nx-timestamp:${timestamp}\n${path}`)
    .digest("base64")
}

const authorizationPrefix = `Application ${applicationKey}:`

/**
 * The headers of a request signed by hand with node:crypto, as the hand-written clients send them:
 * `accept`, `x-timestamp`, `authorization` and, with a body, `content-type`.
 */
export const signedHeaders = (method: string, path: string, body: Buffer | undefined): Record<string, string> => {
  const timestamp = new Date().toISOString()
  const contentType = body === undefined ? "" : "application/json"
  const headers: Record<string, string> = {
    accept: "application/json",
    "x-timestamp": timestamp,
    authorization: authorizationPrefix + signWithNodeCrypto(method, contentType, timestamp, path, body)
  }
  if (body !== undefined) headers["content-type"] = contentType
  return headers
}

/** The body of the benchmark's TTS callout, as the hand-written clients send it. */
export const calloutBody = (): Buffer => Buffer.from(JSON.stringify({ method: "ttsCallout", ttsCallout }))

/** Whether an answer is a JSON object with a string `callId` (what the hand-written clients check). */
export const hasCallId = (text: string): boolean => {
  const parsed: unknown = JSON.parse(text)
  return typeof parsed === "object" && parsed !== null && "callId" in parsed && typeof parsed.callId === "string"
}

/** The unmeasured requests a client worker sends before each batch. */
export const warmUpCount = (concurrency: number): number => Math.max(2 * concurrency, 200)

/** The port a server listening on 127.0.0.1 got. */
export const portOf = (server: { readonly address: () => AddressInfo | string | null }): number => {
  const address = server.address()
  if (address === null || typeof address === "string") throw new Error("the server is not listening on TCP")
  return address.port
}

/** Runs `task` exactly `count` times with at most `concurrency` in flight. */
export const runPool = async (
  count: number,
  concurrency: number,
  task: () => Promise<void>
): Promise<void> => {
  let started = 0
  const worker = async (): Promise<void> => {
    while (started < count) {
      started++
      await task()
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker))
}

export const median = (values: ReadonlyArray<number>): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

/** CPU time (user + system, all threads) of this process since `start`, in microseconds. */
export const cpuMicrosSince = (start: NodeJS.CpuUsage): number => {
  const usage = process.cpuUsage(start)
  return usage.user + usage.system
}

/**
 * The CPU time of this process's main thread so far, in microseconds, from Linux's per-thread
 * scheduler statistics (`undefined` elsewhere). The rest of the process's CPU is its other threads:
 * V8's garbage collection helpers and compiler, libuv's pool.
 */
export const mainThreadCpuMicros = (): number | undefined => {
  try {
    return Number(Fs.readFileSync(`/proc/self/task/${process.pid}/schedstat`, "utf8").split(" ")[0]) / 1000
  } catch {
    return undefined
  }
}

/** What a measured batch reports: the CPU of the measured process and the wall time. */
export interface Measurement {
  readonly count: number
  readonly cpuMicros: number
  readonly wallMillis: number
  /** Of the CPU, the garbage collector's pauses (client workers only). */
  readonly gcMicros?: number
  /** Of the CPU, the main thread's (client workers on Linux only). */
  readonly mainThreadMicros?: number
  /** Young-generation collections during the batch (client workers only). */
  readonly youngCollections?: number
}

// ---------------------------------------------------------------------------------------------
// Child processes: every request carries an id, every reply answers one id.
// ---------------------------------------------------------------------------------------------

export interface Envelope<A> {
  readonly id: number
  readonly payload: A
}

export interface Child {
  readonly request: <Reply>(payload: unknown, timeoutMillis?: number) => Promise<Reply>
  readonly stop: () => Promise<void>
  readonly pid: number | undefined
}

/**
 * The export condition under which the workspace packages resolve to their `tsc` output (`dist/`)
 * instead of their sources: what users install is that output. Run from the sources, tsx (esbuild
 * with `keepNames`) would wrap every function the library creates per request in a `__name` call,
 * a cost no user pays. `pnpm bench` builds the packages first.
 */
export const effectSinchAsBuilt = "effect-sinch-dist"

/**
 * Forks `script` (a TypeScript file of this directory) under tsx and waits for its `{ ready }`
 * message. The child exits when its IPC channel closes, so nothing outlives the benchmark.
 */
export const forkChild = (
  script: string,
  args: ReadonlyArray<string> = [],
  extraExecArgv: ReadonlyArray<string> = []
): Promise<Child & { readonly ready: unknown }> =>
  new Promise((resolve, reject) => {
    const child = ChildProcess.fork(Path.join(benchDirectory, script), [...args], {
      cwd: repositoryRoot,
      // effect-sinch as published: its compiled output (see `effectSinchAsBuilt`)
      execArgv: ["--import", "tsx", `--conditions=${effectSinchAsBuilt}`, ...extraExecArgv],
      stdio: ["ignore", "inherit", "inherit", "ipc"]
    })
    let nextId = 1
    const pending = new Map<number, { resolve: (value: never) => void; reject: (error: Error) => void }>()
    const failAll = (error: Error) => {
      for (const entry of pending.values()) entry.reject(error)
      pending.clear()
    }
    const startTimer = setTimeout(() => {
      child.kill()
      reject(new Error(`${script} did not start within 60 s`))
    }, 60_000)
    child.once("error", (error) => {
      clearTimeout(startTimer)
      reject(error)
    })
    child.on("exit", (code) => {
      clearTimeout(startTimer)
      const error = new Error(`${script} exited (code ${code})`)
      failAll(error)
      reject(error)
    })
    child.on("message", (raw: unknown) => {
      const message = raw as { ready?: unknown; id?: number; payload?: unknown; error?: string }
      if ("ready" in message) {
        clearTimeout(startTimer)
        resolve({
          ready: message.ready,
          pid: child.pid,
          request: <Reply>(payload: unknown, timeoutMillis = 120_000) =>
            new Promise<Reply>((resolveRequest, rejectRequest) => {
              const id = nextId++
              const timer = setTimeout(() => {
                pending.delete(id)
                rejectRequest(new Error(`${script}: no reply within ${timeoutMillis} ms`))
              }, timeoutMillis)
              pending.set(id, {
                resolve: (value: never) => {
                  clearTimeout(timer)
                  resolveRequest(value)
                },
                reject: (error) => {
                  clearTimeout(timer)
                  rejectRequest(error)
                }
              })
              child.send({ id, payload })
            }),
          stop: () =>
            new Promise<void>((resolveStop) => {
              if (child.exitCode !== null || child.signalCode !== null) return resolveStop()
              const killTimer = setTimeout(() => child.kill("SIGKILL"), 5_000)
              child.once("exit", () => {
                clearTimeout(killTimer)
                resolveStop()
              })
              child.disconnect()
            })
        })
        return
      }
      const entry = message.id === undefined ? undefined : pending.get(message.id)
      if (entry === undefined || message.id === undefined) return
      pending.delete(message.id)
      if (message.error !== undefined) entry.reject(new Error(`${script}: ${message.error}`))
      else entry.resolve(message.payload as never)
    })
  })

/**
 * The child side: announce `ready`, answer each request with `handle`, exit when the parent
 * disconnects (or dies).
 */
export const serveParent = <A>(ready: unknown, handle: (payload: A) => Promise<unknown>, onExit?: () => void) => {
  const send = process.send?.bind(process)
  if (send === undefined) throw new Error("this script runs as a child of packages/platform-node/bench/main.ts")
  process.on("message", (raw: unknown) => {
    const { id, payload } = raw as Envelope<A>
    handle(payload).then(
      (reply) => send({ id, payload: reply }),
      (error: unknown) => send({ id, error: error instanceof Error ? error.stack ?? error.message : String(error) })
    )
  })
  process.on("disconnect", () => {
    onExit?.()
    process.exit(0)
  })
  send({ ready })
}
