/**
 * Riding out a database outage. A storage operation that failed because the database could not be
 * reached — connection refused, reset or lost, the server shutting down or not yet accepting
 * connections, too many connections, SQLite busy — is tried again with capped exponential backoff
 * for as long as the running step allows (`StorageOutage`). Anything else (a constraint, a syntax
 * error, a row that does not decode) fails at once.
 *
 * The allowance is none by default: only workflow steps opt in (`within`, from
 * `CallFlow.Settings.storageOutage`), so a webhook handler or a caller's query still fails fast.
 * What is retried is one whole storage operation (a transaction is retried as a whole): a journal
 * write is never retried around a callout, so the intent-before-send rule holds — an intent
 * committed whose answer was lost is found on the retry and the call is not sent.
 */
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Ref from "effect/Ref"
import * as Schedule from "effect/Schedule"

/** How long the running step may wait for the database to come back. */
export class StorageOutage extends Context.Reference<StorageOutage>()(
  "@effect-sinch/workflow/internal/StorageOutage",
  { defaultValue: (): { readonly maxWait: Duration.Duration } => ({ maxWait: Duration.zero }) }
) {}

/** The default allowance of workflow steps. */
export const defaultMaxWait: Duration.Duration = Duration.minutes(5)

/** The first wait; it doubles up to `maxDelay`. */
export const initialDelay: Duration.Duration = Duration.millis(100)

/** The longest wait between two tries. */
export const maxDelay: Duration.Duration = Duration.seconds(5)

/** At most one warning per operation this often while it waits. */
export const logInterval: Duration.Duration = Duration.seconds(30)

/** Node's socket errors that mean "not reachable now". */
const transientCodes = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN",
  // Postgres: admin / crash shutdown, cannot connect now (starting or recovering), too many connections
  "57P01",
  "57P02",
  "57P03",
  "53300",
  // SQLite: another connection holds the lock
  "SQLITE_BUSY"
])

/** node-postgres reports a dropped connection without a code. */
const transientMessage = /connection terminated|connection error|not queryable|timeout exceeded when trying to connect/i

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null

const transientCause = (cause: unknown, depth: number): boolean => {
  if (!isRecord(cause) || depth > 5) return false
  const code = cause.code
  if (typeof code === "string" && (transientCodes.has(code) || code.startsWith("08"))) return true
  if (typeof cause.message === "string" && transientMessage.test(cause.message)) return true
  // an AggregateError (a host with several addresses) holds the per-address errors
  if (Array.isArray(cause.errors) && cause.errors.some((error) => transientCause(error, depth + 1))) return true
  return transientCause(cause.cause, depth + 1)
}

/**
 * Whether `error` is an `@effect/sql` `SqlError` whose cause says the database could not be
 * reached (Postgres SQLSTATE class 08 or the codes above, a socket error, a dropped connection).
 */
export const isTransient = (error: unknown): boolean =>
  isRecord(error) && error._tag === "SqlError" && transientCause(error.cause, 0)

const describe = (error: unknown): string => {
  const cause = isRecord(error) && error.cause instanceof Error ? `: ${error.cause.message}` : ""
  const text = `${error instanceof Error ? error.message : "SqlError"}${cause}`
  return text.length > 200 ? `${text.slice(0, 197)}...` : text
}

/** Runs `effect` with `maxWait` as the allowance of its storage operations. */
export const within = (maxWait: Duration.Duration) => <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.provideService(effect, StorageOutage, { maxWait })

/**
 * Tries `effect` (one storage operation, named `operation` in the logs) again while it fails with
 * a transient error, for the current allowance (`StorageOutage`); none by default.
 */
export const retryTransient = (operation: string) => <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.flatMap(StorageOutage, ({ maxWait }) => {
    if (!Duration.greaterThan(maxWait, Duration.zero)) return effect
    return Effect.flatMap(Ref.make<number | undefined>(undefined), (lastLogged) => {
      const warn = (error: E) =>
        Effect.gen(function*() {
          if (!isTransient(error)) return
          const now = yield* Effect.clockWith((clock) => clock.currentTimeMillis)
          const last = yield* Ref.get(lastLogged)
          if (last !== undefined && now - last < Duration.toMillis(logInterval)) return
          yield* Ref.set(lastLogged, now)
          yield* Effect.logWarning("storage unreachable: trying again", {
            operation,
            maxWait: Duration.format(maxWait),
            error: describe(error)
          })
        })
      const schedule = Schedule.exponential(initialDelay).pipe(
        // the shorter of the two waits: exponential, capped at `maxDelay`
        Schedule.union(Schedule.spaced(maxDelay)),
        Schedule.upTo(maxWait),
        Schedule.whileInput(isTransient),
        Schedule.tapInput(warn)
      )
      return Effect.retry(effect, schedule)
    })
  })
