import * as Pacer from "@effect-sinch/workflow/Pacer"
import * as SqliteClient from "@effect/sql-sqlite-node/SqliteClient"
import { assert, describe, it } from "@effect/vitest"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as TestClock from "effect/TestClock"

const options: Pacer.Options = { leaseDuration: "10 seconds", pollInterval: "100 millis" }

const layers: ReadonlyArray<readonly [string, Layer.Layer<Pacer.Pacer, unknown>]> = [
  ["memory", Pacer.layerMemory(options)],
  ["sql (SQLite)", Pacer.layerSql(options).pipe(Layer.provide(SqliteClient.layer({ filename: ":memory:" })))]
]

/** Starts `count` acquirers for `campaign`; each records the (test clock) time it got its slot. */
const startAcquirers = (campaign: string, count: number) =>
  Effect.gen(function*() {
    const pacer = yield* Pacer.Pacer
    const grants: Array<{ key: string; at: number }> = []
    const fibers = yield* Effect.forEach(
      Array.from({ length: count }, (_, index) => `${campaign}/contact-${index}/1`),
      (key) =>
        Effect.fork(
          Effect.zipRight(
            pacer.acquire(campaign, key),
            Effect.flatMap(Clock.currentTimeMillis, (at) => Effect.sync(() => void grants.push({ key, at })))
          )
        )
    )
    return { grants, fibers }
  })

for (const [name, layer] of layers) {
  describe(`Pacer (${name})`, () => {
    it.effect("paces calls per second", () =>
      Effect.gen(function*() {
        const pacer = yield* Pacer.Pacer
        yield* pacer.setLimits("cps", new Pacer.Limits({ callsPerSecond: 2, maxLiveCalls: 100 }))
        const { fibers, grants } = yield* startAcquirers("cps", 6)
        for (let step = 0; step < 40; step++) yield* TestClock.adjust("100 millis")
        yield* Fiber.joinAll(fibers)
        const times = grants.map((grant) => grant.at).sort((a, b) => a - b)
        assert.strictEqual(times.length, 6)
        // never two calls closer than half a second: at most 2 per second
        for (let index = 1; index < times.length; index++) {
          assert.isAtLeast(times[index]! - times[index - 1]!, 500)
        }
        assert.isAtMost(times[5]! - times[0]!, 2_600)
      }).pipe(Effect.provide(layer)))

    it.effect("never holds more live calls than the cap; release frees a slot", () =>
      Effect.gen(function*() {
        const pacer = yield* Pacer.Pacer
        yield* pacer.setLimits("cap", new Pacer.Limits({ callsPerSecond: 100, maxLiveCalls: 3 }))
        const { fibers, grants } = yield* startAcquirers("cap", 5)
        for (let step = 0; step < 10; step++) yield* TestClock.adjust("100 millis")
        assert.strictEqual(grants.length, 3)
        assert.strictEqual(yield* pacer.live("cap"), 3)
        yield* pacer.release(grants[0]!.key)
        for (let step = 0; step < 5; step++) yield* TestClock.adjust("100 millis")
        assert.strictEqual(grants.length, 4)
        assert.strictEqual(yield* pacer.live("cap"), 3)
        // another campaign has its own slots
        yield* pacer.acquire("other", "other/1")
        assert.strictEqual(yield* pacer.live("other"), 1)
        yield* Effect.forEach(grants, (grant) => pacer.release(grant.key))
        for (let step = 0; step < 5; step++) yield* TestClock.adjust("100 millis")
        yield* Fiber.joinAll(fibers)
        assert.strictEqual(grants.length, 5)
      }).pipe(Effect.provide(layer)))

    it.effect("acquiring again with the same attempt key takes no second slot", () =>
      Effect.gen(function*() {
        const pacer = yield* Pacer.Pacer
        yield* pacer.setLimits("again", new Pacer.Limits({ callsPerSecond: 100, maxLiveCalls: 1 }))
        yield* pacer.acquire("again", "again/a/1")
        yield* pacer.acquire("again", "again/a/1")
        assert.strictEqual(yield* pacer.live("again"), 1)
      }).pipe(Effect.provide(layer)))

    it.effect("an expired lease (a crashed holder) frees its slot", () =>
      Effect.gen(function*() {
        const pacer = yield* Pacer.Pacer
        yield* pacer.setLimits("crash", new Pacer.Limits({ callsPerSecond: 100, maxLiveCalls: 1 }))
        yield* pacer.acquire("crash", "crash/dead/1") // never released
        const waiting = yield* Effect.fork(pacer.acquire("crash", "crash/next/1"))
        yield* TestClock.adjust("9 seconds")
        assert.isTrue(Option.isNone(yield* Fiber.poll(waiting)))
        yield* TestClock.adjust("2 seconds")
        yield* Fiber.join(waiting)
        assert.strictEqual(yield* pacer.live("crash"), 1)
      }).pipe(Effect.provide(layer)))

    it.effect("refuses impossible limits", () =>
      Effect.gen(function*() {
        const pacer = yield* Pacer.Pacer
        const zero = yield* Effect.flip(
          pacer.setLimits("bad", new Pacer.Limits({ callsPerSecond: 0, maxLiveCalls: 1 }))
        )
        assert.strictEqual(zero._tag, "InvalidCampaign")
        const fraction = yield* Effect.flip(
          pacer.setLimits("bad", new Pacer.Limits({ callsPerSecond: 1, maxLiveCalls: 1.5 }))
        )
        assert.include(fraction.message, "maxLiveCalls")
      }).pipe(Effect.provide(layer)))
  })
}

describe("Pacer (two instances on one SQLite database)", () => {
  it.effect("share the cap and the pace", () =>
    Effect.gen(function*() {
      const first = yield* Effect.provide(Pacer.Pacer, Pacer.layerSql(options))
      const second = yield* Effect.provide(Pacer.Pacer, Pacer.layerSql(options))
      yield* first.setLimits("shared", new Pacer.Limits({ callsPerSecond: 1, maxLiveCalls: 2 }))
      const grants: Array<{ key: string; at: number }> = []
      const fibers = yield* Effect.forEach(Array.from({ length: 6 }, (_, index) => index), (index) => {
        const pacer = index % 2 === 0 ? first : second
        const key = `shared/${index}/1`
        return Effect.fork(Effect.zipRight(
          pacer.acquire("shared", key),
          Effect.flatMap(Clock.currentTimeMillis, (at) => Effect.sync(() => void grants.push({ key, at })))
        ))
      })
      for (let step = 0; step < 30; step++) yield* TestClock.adjust("100 millis")
      assert.strictEqual(grants.length, 2)
      assert.strictEqual(yield* second.live("shared"), 2)
      assert.isAtLeast(Math.abs(grants[1]!.at - grants[0]!.at), 1000)
      yield* Effect.forEach(grants.slice(), (grant) => first.release(grant.key))
      for (let round = 0; round < 3; round++) {
        for (let step = 0; step < 30; step++) yield* TestClock.adjust("100 millis")
        assert.isAtMost(yield* first.live("shared"), 2)
        yield* Effect.forEach(grants.slice(), (grant) => second.release(grant.key))
      }
      yield* Fiber.joinAll(fibers)
      assert.strictEqual(grants.length, 6)
    }).pipe(Effect.provide(SqliteClient.layer({ filename: ":memory:" }))))
})
