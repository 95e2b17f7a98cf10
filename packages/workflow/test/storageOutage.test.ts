import * as SqlError from "@effect/sql/SqlError"
import { assert, describe, it } from "@effect/vitest"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Logger from "effect/Logger"
import * as Ref from "effect/Ref"
import * as TestClock from "effect/TestClock"
import * as CampaignError from "../src/CampaignError.js"
import { orStorageError } from "../src/internal/storageError.js"
import * as storageOutage from "../src/internal/storageOutage.js"

const withCode = (code: string, message = "failed") => Object.assign(new Error(message), { code })

const refused = new SqlError.SqlError({
  message: "Failed to acquire connection",
  cause: withCode("ECONNREFUSED", "connect ECONNREFUSED 127.0.0.1:5432")
})
const uniqueViolation = new SqlError.SqlError({
  message: "Failed to execute statement",
  cause: withCode("23505", "duplicate key value violates unique constraint")
})

/** Fails with `error` until `downFor` has passed on the clock, counting the tries. */
const outage = (error: SqlError.SqlError, downFor: Duration.DurationInput) =>
  Effect.gen(function*() {
    const tries = yield* Ref.make(0)
    const start = yield* Clock.currentTimeMillis
    const operation = Effect.gen(function*() {
      yield* Ref.update(tries, (n) => n + 1)
      const now = yield* Clock.currentTimeMillis
      if (now - start < Duration.toMillis(Duration.decode(downFor))) return yield* Effect.fail(error)
      return now - start
    })
    return { tries, operation }
  })

/** The times (ms on the test clock) of the warnings logged. */
const warnings = Effect.map(Ref.make<Array<number>>([]), (times) => ({
  times,
  logger: Logger.make(({ date, logLevel }) => {
    if (logLevel._tag === "Warning") Effect.runSync(Ref.update(times, (all) => [...all, date.getTime()]))
  })
}))

describe("storageOutage", () => {
  it("tells an unreachable database from other failures", () => {
    const sqlError = (cause: unknown) => new SqlError.SqlError({ message: "Failed to execute statement", cause })
    assert.isTrue(storageOutage.isTransient(refused))
    assert.isTrue(storageOutage.isTransient(sqlError(withCode("ECONNRESET"))))
    assert.isTrue(storageOutage.isTransient(sqlError(withCode("57P01", "terminating connection due to administrator"))))
    assert.isTrue(storageOutage.isTransient(sqlError(withCode("57P03", "the database system is starting up"))))
    assert.isTrue(storageOutage.isTransient(sqlError(withCode("08006"))))
    assert.isTrue(storageOutage.isTransient(sqlError(new Error("Connection terminated unexpectedly"))))
    assert.isTrue(storageOutage.isTransient(sqlError(new AggregateError([withCode("ECONNREFUSED")]))))
    assert.isTrue(storageOutage.isTransient(sqlError(withCode("SQLITE_BUSY"))))

    assert.isFalse(storageOutage.isTransient(uniqueViolation))
    assert.isFalse(storageOutage.isTransient(sqlError(withCode("42P01", "relation does not exist"))))
    assert.isFalse(storageOutage.isTransient(sqlError(undefined)))
    // only a driver's failure: our own errors are never waited for
    assert.isFalse(storageOutage.isTransient(new CampaignError.CampaignStorageError({ operation: "x", reason: "y" })))
    assert.isFalse(storageOutage.isTransient(withCode("ECONNREFUSED")))
  })

  it.effect("outside a workflow step nothing is waited for", () =>
    Effect.gen(function*() {
      const { operation, tries } = yield* outage(refused, "1 minute")
      const exit = yield* Effect.exit(storageOutage.retryTransient("get")(operation))
      assert.isTrue(Exit.isFailure(exit))
      assert.strictEqual(yield* Ref.get(tries), 1)
    }))

  it.effect("a step waits out an outage shorter than its allowance, warning at most every 30 s", () =>
    Effect.gen(function*() {
      const { operation, tries } = yield* outage(refused, "2 minutes")
      const { logger, times } = yield* warnings
      const fiber = yield* storageOutage.retryTransient("intend")(operation).pipe(
        storageOutage.within(Duration.minutes(5)),
        Effect.provide(Logger.replace(Logger.defaultLogger, logger)),
        Effect.fork
      )
      yield* TestClock.adjust("3 minutes")
      const backAfter = yield* Fiber.join(fiber)
      // the first try after the database is back succeeds: no later than one capped wait
      assert.isAtLeast(backAfter, Duration.toMillis("2 minutes"))
      assert.isAtMost(backAfter, Duration.toMillis("2 minutes") + Duration.toMillis(storageOutage.maxDelay))
      // capped backoff: a few quick tries, then one every 5 s
      assert.isAtLeast(yield* Ref.get(tries), 24)
      assert.isAtMost(yield* Ref.get(tries), 40)
      const logged = yield* Ref.get(times)
      assert.isAtLeast(logged.length, 1)
      for (let i = 1; i < logged.length; i++) {
        assert.isAtLeast(logged[i]! - logged[i - 1]!, Duration.toMillis(storageOutage.logInterval))
      }
      assert.isAtMost(logged.length, 4)
    }))

  it.effect("an outage longer than the allowance fails the operation with its storage error", () =>
    Effect.gen(function*() {
      const { operation } = yield* outage(refused, "1 hour")
      const fiber = yield* operation.pipe(
        orStorageError("CampaignStore.conclude"),
        storageOutage.within(Duration.minutes(1)),
        Effect.flip,
        Effect.zip(Clock.currentTimeMillis),
        Effect.fork
      )
      yield* TestClock.adjust("2 minutes")
      const [error, gaveUpAt] = yield* Fiber.join(fiber)
      assert.strictEqual(error._tag, "CampaignStorageError")
      assert.strictEqual(error.operation, "CampaignStore.conclude")
      assert.include(error.reason, "ECONNREFUSED")
      // gave up after the allowance, within one capped wait
      assert.isAtLeast(gaveUpAt, Duration.toMillis("1 minute"))
      assert.isAtMost(gaveUpAt, Duration.toMillis("1 minute") + Duration.toMillis(storageOutage.maxDelay))
    }))

  it.effect("any other storage error fails at once, even inside a step", () =>
    Effect.gen(function*() {
      const { operation, tries } = yield* outage(uniqueViolation, "1 hour")
      const error = yield* operation.pipe(
        orStorageError("CampaignStore.create"),
        storageOutage.within(Duration.minutes(5)),
        Effect.flip
      )
      assert.strictEqual(error._tag, "CampaignStorageError")
      assert.strictEqual(yield* Ref.get(tries), 1)
    }))
})
