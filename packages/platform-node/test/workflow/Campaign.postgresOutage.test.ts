/**
 * Two runners on one (throwaway) Postgres run a campaign; while a call is in progress and a retry
 * is pending, Postgres is stopped hard (`pg_ctl stop -m immediate`: every connection cut) — once
 * for 20 s, longer than a storage step's quick retries, or six times for 3 s (a flapping database,
 * each blip shorter than the runners' shard lock timeout) — and started again on the same data and
 * port. The campaign must finish: every contact concluded (none failed on a storage error), each
 * callee called as the policy allows at the far end, no attempt sent twice, and both runner
 * processes up all along (never restarted).
 *
 * Callbacks that arrive while the database is down cannot be journaled (the DiCE is lost, the ACE
 * gets the fallback): such an attempt ends `unknown` at its deadline and is not retried, which
 * `assertCampaign` allows (it must be the contact's last attempt).
 */
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as FarEnd from "../utils/farEnd.js"
import * as Postgres from "../utils/postgres.js"
import { eventually, freePorts } from "../utils/processes.js"
import { assertCampaign, CampaignDone, contacts } from "./campaignCheck.js"
import { callsTo, farEnd, isCallout, postgresState, twoRunnersOnPostgres } from "./harness.js"

/**
 * Runs the campaign on two runners; mid-campaign (an attempt ended, its retry pending, and a call
 * in progress) `outage` takes the database down and brings it back; then checks the finished
 * campaign against the calls at the far end.
 */
const campaignThrough = (outage: (postgres: Postgres.Postgres) => Effect.Effect<void, Postgres.PostgresError>) =>
  Effect.gen(function*() {
    const postgres = yield* Postgres.start
    const [webhookA, webhookB, runnerA, runnerB] = yield* freePorts(4)
    const { proxy: proxyA, simulator, url } = yield* farEnd([webhookA, webhookB])
    const proxyB = yield* FarEnd.make({ target: url })
    for (const contact of contacts) yield* simulator.script(contact.phoneNumber, ...contact.callee)
    const campaign = {
      id: "reminders",
      contacts: contacts.map(({ id, phoneNumber }) => ({ id, phoneNumber })),
      maxAttempts: 3,
      retryDelaySeconds: 1,
      callsPerSecond: 2,
      // contacts queue for a slot: at the outage some are inside the pacer's acquire step
      maxLiveCalls: 2
    }
    const { a, b } = yield* twoRunnersOnPostgres({
      databaseUrl: `postgres://${postgres.username}@${postgres.host}:${postgres.port}/${postgres.database}`,
      ports: { webhookA, webhookB, runnerA, runnerB },
      sinchUrls: { a: proxyA.url, b: proxyB.url },
      campaign
    })

    // mid-campaign: an attempt has ended (busy / no answer: its retry is pending) and a call is
    // ringing or going on
    yield* eventually(
      "a call in progress after an attempt ended",
      Effect.map(
        simulator.calls,
        (calls) =>
          calls.some((call) => call.status === "final") && calls.some((call) => call.status !== "final")
            ? Option.some(calls.length)
            : Option.none()
      ),
      "90 seconds",
      [a, b]
    )
    const before = (yield* simulator.calls).length
    yield* outage(postgres)
    const during = (yield* simulator.calls).length
    assert.isFalse(a.exited(), `runner a exited during the outage\n${a.stderr()}`)
    assert.isFalse(b.exited(), `runner b exited during the outage\n${b.stderr()}`)

    const done = yield* a.waitFor("the campaign done", (line) => line.event === "campaign-done", "150 seconds")
      .pipe(
        Effect.tapError(() =>
          Effect.gen(function*() {
            yield* Effect.logError("outage diagnostics", {
              a: (yield* a.lines).filter((line) => line.event !== "progress").concat((yield* a.lines).slice(-2)),
              b: (yield* b.lines).filter((line) => line.event !== "progress").concat((yield* b.lines).slice(-2)),
              stderrA: a.stderr().slice(-3000),
              stderrB: b.stderr().slice(-3000),
              calls: (yield* simulator.calls).map((call) => [call.callId.slice(0, 8), call.status, call.reason]),
              ...(yield* postgresState(postgres.url))
            })
          })
        )
      )
    const calls = yield* simulator.calls
    assertCampaign(done, (phoneNumber) => callsTo(calls, phoneNumber).length)
    const sent = (yield* proxyA.count(isCallout)) + (yield* proxyB.count(isCallout))
    assert.strictEqual(sent, calls.length, "every callout sent is a call at the far end")
    for (const child of [a, b]) {
      assert.isFalse(child.exited(), `runner ${child.name} stayed up\n${child.stderr()}`)
      const failed = (yield* child.lines).filter((line) => line.event === "failed")
      assert.deepStrictEqual(failed, [], `runner ${child.name}: nothing failed`)
    }
    yield* Effect.log("outage: concluded", {
      callsBefore: before,
      callsDuring: during,
      calls: calls.length,
      results: JSON.stringify(Schema.decodeUnknownSync(CampaignDone)(done).results)
    })
  })

// the outages are the point of these tests: deliberate, fixed durations
describe("Campaign on Postgres, two runners, the database down mid-campaign", () => {
  it.scopedLive.skipIf(!Postgres.available)(
    "down for 20 s: the campaign pauses, then finishes with every callee called as allowed",
    () =>
      campaignThrough((postgres) =>
        Effect.gen(function*() {
          yield* postgres.stop
          yield* Effect.sleep("20 seconds")
          yield* postgres.start
        })
      ),
    300_000
  )

  it.scopedLive.skipIf(!Postgres.available)(
    "flapping (down 3 s, up 2 s, six times): the campaign finishes with every callee called as allowed",
    () =>
      campaignThrough((postgres) =>
        Effect.gen(function*() {
          for (let blip = 0; blip < 6; blip++) {
            yield* postgres.stop
            yield* Effect.sleep("3 seconds")
            yield* postgres.start
            yield* Effect.sleep("2 seconds")
          }
        })
      ),
    300_000
  )
})
