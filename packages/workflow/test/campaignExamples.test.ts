import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Option from "effect/Option"
import * as TestClock from "effect/TestClock"
import * as Examples from "../../../docs/examples/campaigns.js"

const csv = [
  "id,phone,name,time,timeZone",
  "p1,+46700000101,Anna,10:00,",
  "p2,+46700000102,Bo,10:30,",
  "p3,+14155550103,Cleo,11:00,America/Los_Angeles"
].join("\n")

describe("docs/examples/campaigns.ts", () => {
  it.effect("the reminder campaign runs on the simulator: windows, retries, report", () =>
    Effect.gen(function*() {
      yield* Examples.scriptNoAnswer("+46700000102")
      const fiber = yield* Effect.fork(Examples.remind(csv))
      // 1970-01-01T00:00Z is Thursday 01:00 in Stockholm (opens 08:00Z), Wednesday 16:00 in Los Angeles (open)
      for (let step = 0; step < 200 && Option.isNone(yield* Fiber.poll(fiber)); step++) {
        yield* TestClock.adjust("10 minutes")
      }
      const progress = yield* Fiber.join(fiber)
      assert.strictEqual(progress.status, "done")
      assert.deepStrictEqual(progress.conclusions, { reached: 2, exhausted: 1 })
      const { csv: report, rows } = yield* Examples.report("dentist-2026-12-07")
      assert.deepStrictEqual(rows.map((row) => [row.contactId, row.attempts, row.lastDisposition, row.conclusion]), [
        ["p1", 1, "human", "reached"],
        ["p2", 3, "no-answer", "exhausted"],
        ["p3", 1, "human", "reached"]
      ])
      const lines = report.split("\r\n")
      assert.strictEqual(
        lines[0],
        "contactId,phoneNumber,timeZone,attempts,lastDisposition,lastCallId,conclusion,updatedAt"
      )
      assert.match(
        lines[3] ?? "",
        /^p3,\+14155550103,America\/Los_Angeles,1,human,[^,]+,reached,1970-01-01T\d\d:\d\d:\d\d\.\d{3}Z$/
      )
    }).pipe(Effect.provide(Examples.OnSimulator)))
})
