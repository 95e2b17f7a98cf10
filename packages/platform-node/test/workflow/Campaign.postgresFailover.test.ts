/**
 * Two runners on one (throwaway) Postgres run a campaign; the first one seen with a call in
 * progress is SIGKILLed mid-call. The call's DiCE reaches the survivor (its callback URL is the
 * other runner's: primary or fallback), which takes over the killed runner's workflows and finishes
 * the campaign within a bounded time. The simulator counts every callee's calls: exactly the attempts the policy allows, as many
 * as the journal and the results record — nothing placed twice, no outcome lost.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as FarEnd from "../utils/farEnd.js"
import * as Postgres from "../utils/postgres.js"
import { eventually, freePorts } from "../utils/processes.js"
import { assertCampaign, contacts } from "./campaignCheck.js"
import { callsTo, farEnd, isCallout, postgresState, twoRunnersOnPostgres, webhookPath } from "./harness.js"

const CalloutAnswer = Schema.parseJson(Schema.Struct({ callId: Schema.String }))

/** The call ids of the callouts that went through `proxy`. */
const callIdsVia = (proxy: FarEnd.FarEnd) =>
  Effect.map(
    proxy.received,
    (received) =>
      received.filter(isCallout).flatMap((request) =>
        Option.toArray(Option.map(Schema.decodeUnknownOption(CalloutAnswer)(request.answer), (answer) => answer.callId))
      )
  )

describe("Campaign on Postgres, two runners, one killed mid-call", () => {
  it.scopedLive.skipIf(!Postgres.available)(
    "the survivor finishes the campaign, every callee called as allowed",
    () =>
      Effect.gen(function*() {
        const postgres = yield* Postgres.start
        const [webhookA, webhookB, runnerA, runnerB] = yield* freePorts(4)
        const { proxy: proxyA, simulator, url } = yield* farEnd([webhookA, webhookB])
        // each runner reaches the simulator through its own proxy: the callouts it placed are known
        const proxyB = yield* FarEnd.make({ target: url })
        for (const contact of contacts) yield* simulator.script(contact.phoneNumber, ...contact.callee)
        const campaign = {
          id: "reminders",
          contacts: contacts.map(({ id, phoneNumber }) => ({ id, phoneNumber })),
          maxAttempts: 3,
          retryDelaySeconds: 1,
          callsPerSecond: 2,
          maxLiveCalls: 4
        }
        // the ACE goes where any live runner answers it (a load balancer in production): a callout's
        // own ACE URL has no fallback at Sinch, and an ACE lost with the victim would lose the
        // answering machine's verdict (its DiCE alone reads as a person)
        const balancer = yield* FarEnd.make({
          target: `http://127.0.0.1:${webhookA}`,
          fallbacks: [`http://127.0.0.1:${webhookB}`]
        })
        const callbackUrl = `${balancer.url}${webhookPath}`
        const { a, b } = yield* twoRunnersOnPostgres({
          databaseUrl: `postgres://${postgres.username}@${postgres.host}:${postgres.port}/${postgres.database}`,
          ports: { webhookA, webhookB, runnerA, runnerB },
          sinchUrls: { a: proxyA.url, b: proxyB.url },
          campaign,
          callbackUrl
        })

        // mid-call: a call is ringing or going on; the runner that placed it is the victim
        const runners = [{ child: a, proxy: proxyA }, { child: b, proxy: proxyB }]
        const victim = yield* eventually(
          "a call in progress",
          Effect.gen(function*() {
            const ongoing = (yield* simulator.calls).filter((call) => call.status !== "final")
            for (const candidate of runners) {
              const placed = yield* callIdsVia(candidate.proxy)
              if (ongoing.some((call) => placed.includes(call.callId))) return Option.some(candidate)
            }
            return Option.none()
          }),
          "90 seconds",
          [a, b]
        )
        const survivor = victim.child === a ? b : a
        yield* victim.child.kill

        const done = yield* survivor.waitFor(
          "the campaign done on the survivor",
          (line) => line.event === "campaign-done",
          "90 seconds"
        ).pipe(
          Effect.tapError(() =>
            Effect.gen(function*() {
              const lines = yield* survivor.lines
              const calls = (yield* simulator.calls).map((call) => [call.callId.slice(0, 8), call.status, call.reason])
              yield* Effect.logError("failover diagnostics", {
                progress: lines.filter((line) => line.event === "progress").slice(-3),
                calls,
                ...(yield* postgresState(postgres.url))
              })
            })
          )
        )
        const calls = yield* simulator.calls
        assertCampaign(done, (phoneNumber) => callsTo(calls, phoneNumber).length)
        const sent = (yield* proxyA.count(isCallout)) + (yield* proxyB.count(isCallout))
        assert.strictEqual(sent, calls.length, "every callout sent is a call at the far end")
      }),
    240_000
  )
})
