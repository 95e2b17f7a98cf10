import * as SqliteClient from "@effect/sql-sqlite-node/SqliteClient"
import type * as SqlClient from "@effect/sql/SqlClient"
import { describe, expect, it, layer, type Vitest } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import type * as TestServices from "effect/TestServices"
import * as NodeFs from "node:fs"
import * as NodeOs from "node:os"
import * as NodePath from "node:path"
import * as Postgres from "../../platform-node/test/utils/postgres.js"
import * as CallAnswer from "../src/CallAnswer.js"
import * as CallJournal from "../src/CallJournal.js"
import * as CallOutcome from "../src/CallOutcome.js"

const intent: CallJournal.Intent = {
  campaignId: "spring",
  contactId: "c-1",
  destination: "+46700000001",
  answer: { message: "Hello", machine: CallAnswer.leaveVoicemail("Please call us back") },
  deferredToken: "token-1"
}

const outcome = (key: string, callId: string) =>
  new CallOutcome.Outcome({
    attemptKey: key,
    callId,
    disposition: "human",
    result: "ANSWERED",
    reason: "MANAGERHANGUP",
    durationSeconds: 12,
    debit: new CallOutcome.Debit({ currencyId: "USD", amount: 0.002 })
  })

const behaviour = <R = never>(
  name: string,
  journal: () => Layer.Layer<CallJournal.CallJournal, unknown, R>,
  test: { readonly effect: Vitest.Tester<TestServices.TestServices | R> }
) =>
  describe(name, () => {
    test.effect("intend twice: the second returns the first row, nothing overwritten", () =>
      Effect.gen(function*() {
        const journal = yield* CallJournal.CallJournal
        const first = yield* journal.intend("wf/1", intent)
        const second = yield* journal.intend("wf/1", { ...intent, destination: "+46700000999" })
        expect(first._tag).toBe("Fresh")
        expect(second._tag).toBe("Existing")
        expect(second.attempt.destination).toBe("+46700000001")
        expect(second.attempt.status).toBe("intended")
        expect(second.attempt.answer).toEqual(intent.answer)
        expect(second.attempt.deferredToken).toBe("token-1")
      }).pipe(Effect.provide(journal())))

    test.effect("a re-run fills a missing deferred token, never replaces one", () =>
      Effect.gen(function*() {
        const journal = yield* CallJournal.CallJournal
        yield* journal.intend("wf/1", { ...intent, deferredToken: undefined })
        const filled = yield* journal.intend("wf/1", intent)
        expect(filled.attempt.deferredToken).toBe("token-1")
        const kept = yield* journal.intend("wf/1", { ...intent, deferredToken: "other" })
        expect(kept.attempt.deferredToken).toBe("token-1")
      }).pipe(Effect.provide(journal())))

    test.effect("placed, answered, ended are recorded; ended is final", () =>
      Effect.gen(function*() {
        const journal = yield* CallJournal.CallJournal
        yield* journal.intend("wf/1", intent)
        yield* journal.placed("wf/1", "call-1")
        expect(Option.getOrThrow(yield* journal.get("wf/1"))).toMatchObject({ status: "placed", callId: "call-1" })
        yield* journal.answered("wf/1", "call-1", new CallOutcome.Amd({ status: "machine", reason: "beep" }))
        const answered = Option.getOrThrow(yield* journal.get("wf/1"))
        expect(answered.status).toBe("answered")
        expect(answered.amd?.status).toBe("machine")
        yield* journal.ended("wf/1", outcome("wf/1", "call-1"))
        yield* journal.ended("wf/1", new CallOutcome.Outcome({ ...outcome("wf/1", "call-1"), disposition: "busy" }))
        yield* journal.markUnknown("wf/1", "late deadline")
        const ended = Option.getOrThrow(yield* journal.get("wf/1"))
        expect(ended.status).toBe("ended")
        expect(ended.outcome?.disposition).toBe("human")
        expect(ended.outcome?.debit?.amount).toBe(0.002)
      }).pipe(Effect.provide(journal())))

    test.effect("an intended-but-unanswered attempt stays unsent and is reconciled by its DiCE", () =>
      Effect.gen(function*() {
        const journal = yield* CallJournal.CallJournal
        yield* journal.intend("wf/2", intent)
        // a re-run after a crash: the row exists without a call id
        const again = yield* journal.intend("wf/2", intent)
        expect(again._tag).toBe("Existing")
        expect(again.attempt.callId).toBeUndefined()
        yield* journal.markUnknown("wf/2", "no DiCE before the deadline")
        expect(Option.getOrThrow(yield* journal.get("wf/2")).status).toBe("unknown")
        yield* journal.ended("wf/2", outcome("wf/2", "call-9"))
        expect(Option.getOrThrow(yield* journal.get("wf/2"))).toMatchObject({ status: "ended", callId: "call-9" })
      }).pipe(Effect.provide(journal())))

    test.effect("refused only from intended; listByCampaign in order; unknown keys are none", () =>
      Effect.gen(function*() {
        const journal = yield* CallJournal.CallJournal
        yield* journal.intend("a/1", intent)
        yield* journal.refused("a/1", "PaymentRequired")
        yield* journal.intend("a/2", intent)
        yield* journal.placed("a/2", "call-2")
        yield* journal.refused("a/2", "too late")
        yield* journal.intend("b/1", { ...intent, campaignId: "other" })
        const rows = yield* journal.listByCampaign("spring")
        expect(rows.map((row) => [row.key, row.status])).toEqual([["a/1", "refused"], ["a/2", "placed"]])
        expect(rows[0]?.note).toBe("PaymentRequired")
        expect(Option.isNone(yield* journal.get("nope"))).toBe(true)
      }).pipe(Effect.provide(journal())))
  })

behaviour("CallJournal.layerMemory", () => CallJournal.layerMemory, it)

const sqliteFile = () => NodePath.join(NodeFs.mkdtempSync(NodePath.join(NodeOs.tmpdir(), "journal-")), "calls.db")

behaviour(
  "CallJournal.layerSql (SQLite)",
  () => CallJournal.layerSql().pipe(Layer.provide(SqliteClient.layer({ filename: sqliteFile() }))),
  it
)

// one throwaway server for the suite (started only where Postgres 15 is installed); a table per test
describe.runIf(Postgres.available)("CallJournal.layerSql (Postgres)", () => {
  let table = 0
  layer(Postgres.layer, { timeout: "60 seconds" })((test) =>
    behaviour<SqlClient.SqlClient>(
      "on a throwaway Postgres 15",
      () => CallJournal.layerSql({ table: `attempts_${++table}` }),
      test
    )
  )
})

describe("CallJournal.layerSql", () => {
  it.effect("the rows survive a new client on the same file (committed before returning)", () =>
    Effect.gen(function*() {
      const filename = sqliteFile()
      const on = (effect: Effect.Effect<unknown, unknown, CallJournal.CallJournal>) =>
        effect.pipe(
          Effect.provide(
            CallJournal.layerSql({ table: "attempts" }).pipe(
              Layer.provide(SqliteClient.layer({ filename }))
            )
          )
        )
      yield* on(Effect.flatMap(CallJournal.CallJournal, (journal) => journal.intend("wf/1", intent)))
      const again = yield* on(Effect.flatMap(CallJournal.CallJournal, (journal) => journal.intend("wf/1", intent)))
      expect(again).toMatchObject({ _tag: "Existing" })
    }))
})
