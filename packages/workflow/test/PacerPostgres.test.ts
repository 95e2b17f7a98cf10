import { assert, describe, layer } from "@effect/vitest"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Postgres from "../../platform-node/test/utils/postgres.js"
import * as CampaignStore from "../src/CampaignStore.js"
import * as Pacer from "../src/Pacer.js"

// pacers on one server as separate instances would be: each its own service (and in-process
// queue), each transaction on its own pooled connection
const instance = Effect.provide(Pacer.Pacer, Pacer.layerSql({ pollInterval: "2 millis" }))

describe.runIf(Postgres.available)("Pacer.layerSql and CampaignStore.layerSql (Postgres)", () => {
  layer(Postgres.layer, { timeout: "60 seconds", excludeTestServices: true })((it) => {
    it.effect("four instances racing for slots never exceed the cap or the pace", () =>
      Effect.gen(function*() {
        const instances = yield* Effect.all(Array.from({ length: 4 }, () => instance))
        const race = (campaignId: string, calls: number) => {
          let held = 0
          let highest = 0
          const grants: Array<number> = []
          const call = (index: number) => {
            const pacer = instances[index % instances.length]!
            const key = `${campaignId}/${index}/1`
            return Effect.gen(function*() {
              yield* pacer.acquire(campaignId, key)
              grants.push(yield* Clock.currentTimeMillis)
              held++
              highest = Math.max(highest, held)
              // hold the slot a little while the other instances keep trying
              yield* Effect.repeatN(Effect.yieldNow(), 100)
              held--
              yield* pacer.release(key)
            })
          }
          return Effect.as(
            Effect.forEach(Array.from({ length: calls }, (_, index) => index), call, { concurrency: "unbounded" }),
            { highest: () => highest, grants }
          )
        }
        // the cap binds (1000 per second)
        yield* instances[0]!.setLimits("cap", new Pacer.Limits({ callsPerSecond: 1000, maxLiveCalls: 3 }))
        const capped = yield* race("cap", 60)
        assert.strictEqual(capped.grants.length, 60)
        assert.isAtMost(capped.highest(), 3)
        // the pace binds (20 per second): 24 grants span at least 23 intervals of 50 ms
        yield* instances[1]!.setLimits("pace", new Pacer.Limits({ callsPerSecond: 20, maxLiveCalls: 100 }))
        const paced = yield* race("pace", 24)
        const sorted = [...paced.grants].sort((a, b) => a - b)
        assert.isAtLeast(sorted[sorted.length - 1]! - sorted[0]!, 23 * 50 - 60)
        assert.strictEqual(yield* instances[2]!.live("cap"), 0)
      }))

    it.effect("the campaign store's conditional updates settle concurrent status changes on one answer", () =>
      Effect.gen(function*() {
        const store = yield* Effect.provide(CampaignStore.CampaignStore, CampaignStore.layerSql)
        const other = yield* Effect.provide(CampaignStore.CampaignStore, CampaignStore.layerSql)
        yield* store.create("settle", "{}", 0)
        const moves = yield* Effect.all([
          store.transition("settle", ["running"], "paused", 1),
          other.transition("settle", ["running"], "cancelled", 1),
          other.transition("settle", ["running"], "paused", 1)
        ], { concurrency: "unbounded" })
        assert.strictEqual(moves.filter((moved) => moved).length, 1)
        const created = yield* Effect.all([store.create("same", "{}", 0), other.create("same", "{}", 0)], {
          concurrency: "unbounded"
        })
        assert.deepStrictEqual([...created].sort(), ["created", "exists"])
      }))
  })
})
