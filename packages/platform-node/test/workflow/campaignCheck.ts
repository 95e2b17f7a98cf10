/**
 * The contacts of the campaign crash tests, how their callees behave, what each one's calls must
 * come to, and the check of a finished campaign against the calls counted at the far end.
 */
import * as SimulatorScript from "@effect-sinch/voice/SimulatorScript"
import { assert } from "@effect/vitest"
import * as Schema from "effect/Schema"

export interface Contact {
  readonly id: string
  readonly phoneNumber: string
  readonly callee: ReadonlyArray<SimulatorScript.Step>
  /** The dispositions of its attempts when nothing goes wrong (3 attempts allowed). */
  readonly dispositions: ReadonlyArray<string>
  readonly conclusion: string
}

const person = [SimulatorScript.answers, SimulatorScript.hangsUpAfter("1 second")]

export const contacts: ReadonlyArray<Contact> = [
  { id: "ann", phoneNumber: "+46702000001", callee: person, dispositions: ["human"], conclusion: "reached" },
  {
    id: "bo",
    phoneNumber: "+46702000002",
    callee: [SimulatorScript.busy],
    dispositions: ["busy", "busy", "busy"],
    conclusion: "exhausted"
  },
  {
    id: "cai",
    phoneNumber: "+46702000003",
    callee: [SimulatorScript.neverAnswers],
    dispositions: ["no-answer", "no-answer", "no-answer"],
    conclusion: "exhausted"
  },
  {
    id: "dana",
    phoneNumber: "+46702000004",
    callee: [SimulatorScript.answeringMachine, ...person],
    dispositions: ["machine"],
    conclusion: "machine"
  },
  {
    id: "eli",
    phoneNumber: "+46702000005",
    callee: [SimulatorScript.busy],
    dispositions: ["busy", "busy", "busy"],
    conclusion: "exhausted"
  },
  { id: "fay", phoneNumber: "+46702000006", callee: person, dispositions: ["human"], conclusion: "reached" }
]

/** `count` contacts behaving like `contacts` in turn, each with its own number. */
export const manyContacts = (count: number): ReadonlyArray<Contact> =>
  Array.from({ length: count }, (_, index) => {
    const model = contacts[index % contacts.length]!
    return { ...model, id: `${model.id}-${index}`, phoneNumber: `+4670300${String(index).padStart(4, "0")}` }
  })

/** The runner's `campaign-done` line. */
export const CampaignDone = Schema.Struct({
  event: Schema.Literal("campaign-done"),
  status: Schema.String,
  concluded: Schema.Number,
  results: Schema.Array(Schema.Struct({
    contactId: Schema.String,
    attempts: Schema.Number,
    conclusion: Schema.NullOr(Schema.String)
  })),
  journal: Schema.Array(Schema.Struct({
    key: Schema.String,
    contactId: Schema.NullOr(Schema.String),
    status: Schema.String,
    disposition: Schema.NullOr(Schema.String)
  }))
})

const attemptNumber = (key: string) => Number(key.slice(key.lastIndexOf("/") + 1))

/**
 * Every contact has a conclusion; its calls at the far end, its attempts in the results and its
 * journal rows agree; every attempt has an outcome; and the attempts are exactly those the policy
 * allows — unless one ended `unknown` (the crash lost its DiCE, or came between its journaled
 * intent and the request, which then may not have left): then it is the last one, never retried,
 * and those before it are as expected.
 */
export const assertCampaign = (
  line: unknown,
  callsTo: (phoneNumber: string) => number,
  expected: ReadonlyArray<Contact> = contacts
): void => {
  const done = Schema.decodeUnknownSync(CampaignDone)(line)
  assert.strictEqual(done.status, "done")
  assert.strictEqual(done.concluded, expected.length, "every contact concluded")
  assert.strictEqual(done.results.length, expected.length, "every contact in the results")
  for (const contact of expected) {
    const result = done.results.find((row) => row.contactId === contact.id)
    const rows = done.journal
      .filter((row) => row.contactId === contact.id)
      .sort((a, b) => attemptNumber(a.key) - attemptNumber(b.key))
    const dispositions = rows.flatMap((row) => row.disposition === null ? [] : [row.disposition])
    const context = `${contact.id}: ${JSON.stringify({ result, rows, calls: callsTo(contact.phoneNumber) })}`
    assert.isDefined(result, context)
    // an attempt killed between its journaled intent and the request may never have left: `unknown`
    const calls = callsTo(contact.phoneNumber)
    const mayNotHaveLeft = rows.at(-1)?.disposition === "unknown" ? 1 : 0
    assert.isAtMost(calls, rows.length, `no call without its journal row; ${context}`)
    assert.isAtLeast(calls, rows.length - mayNotHaveLeft, `calls at the far end = journal rows; ${context}`)
    assert.strictEqual(result!.attempts, rows.length, `attempts in the results = journal rows; ${context}`)
    assert.strictEqual(dispositions.length, rows.length, `every attempt has an outcome; ${context}`)
    const unknownAt = dispositions.indexOf("unknown")
    if (unknownAt === -1) {
      assert.deepStrictEqual(dispositions, contact.dispositions, context)
      assert.strictEqual(result!.conclusion, contact.conclusion, context)
    } else {
      assert.strictEqual(unknownAt, dispositions.length - 1, `an unknown attempt is never retried; ${context}`)
      assert.deepStrictEqual(dispositions.slice(0, unknownAt), contact.dispositions.slice(0, unknownAt), context)
      assert.strictEqual(result!.conclusion, "unknown", context)
    }
  }
}
