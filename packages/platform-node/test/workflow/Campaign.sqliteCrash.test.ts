/**
 * A campaign on SQLite survives kill -9: the runner is SIGKILLed mid-campaign, started again on the
 * same file, and the campaign finishes. The simulator counts the calls each callee really got;
 * every contact must end with exactly the attempts its policy and its callee's behaviour allow, as
 * many as the journal and the campaign's results record — no call placed twice, no outcome lost.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Path from "node:path"
import { eventually, freePort } from "../utils/processes.js"
import { assertCampaign, contacts } from "./campaignCheck.js"
import { callsTo, farEnd, isCallout, runner, tempDir } from "./harness.js"

describe("Campaign on SQLite, runner killed mid-campaign", () => {
  it.scopedLive("finishes after a restart with exactly the allowed attempts per contact", () =>
    Effect.gen(function*() {
      const dir = yield* tempDir
      const webhookPort = yield* freePort
      const { proxy, simulator } = yield* farEnd([webhookPort])
      for (const contact of contacts) yield* simulator.script(contact.phoneNumber, ...contact.callee)
      const options = {
        sinchUrl: proxy.url,
        webhookPort,
        storage: { _tag: "Sqlite", filename: Path.join(dir, "flows.db") } as const,
        campaign: {
          id: "reminders",
          contacts: contacts.map(({ id, phoneNumber }) => ({ id, phoneNumber })),
          maxAttempts: 3,
          retryDelaySeconds: 1,
          callsPerSecond: 4,
          maxLiveCalls: 3
        },
        dialTimeoutSeconds: 2,
        maxDurationSeconds: 5
      }

      const first = yield* runner({ name: "first", ...options })
      // mid-campaign: some calls placed, some contacts still to call or to retry
      yield* eventually(
        "four calls placed",
        Effect.map(simulator.calls, (calls) => calls.length >= 4 ? Option.some(calls.length) : Option.none()),
        "60 seconds",
        [first]
      )
      yield* first.kill
      const placedBeforeKill = (yield* simulator.calls).length

      const second = yield* runner({ name: "second", ...options })
      const done = yield* second.waitFor("the campaign done", (line) => line.event === "campaign-done", "120 seconds")
      const calls = yield* simulator.calls

      assert.isBelow(placedBeforeKill, 12, "killed mid-campaign")
      assertCampaign(done, (phoneNumber) => callsTo(calls, phoneNumber).length)
      assert.strictEqual(yield* proxy.count(isCallout), calls.length, "every callout sent is a call at the far end")
    }), 180_000)
})
