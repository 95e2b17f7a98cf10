import type * as CampaignError from "@effect-sinch/workflow/CampaignError"
import * as Contacts from "@effect-sinch/workflow/Contacts"
import { assert, describe, it } from "@effect/vitest"
import * as Either from "effect/Either"

const refused = (result: Either.Either<ReadonlyArray<Contacts.Contact>, CampaignError.InvalidContacts>) =>
  Either.getOrThrowWith(Either.flip(result), () => "expected the list to be refused")

describe("Contacts", () => {
  it("reads CSV with a header, quoted fields, variables and a default zone", () => {
    const csv = [
      "id,Phone Number,timeZone,first name,note",
      "c1,+46 70-000 00 01,Europe/Stockholm,Anna,\"likes \"\"quotes\"\", and commas\"",
      "c2,+1 (212) 555-0100,,Bob,\"two",
      "lines\"",
      "",
      "c3,+447700900123,europe/london,Cleo,"
    ].join("\r\n")
    const contacts = Either.getOrThrow(Contacts.fromCsv(csv, { defaultTimeZone: "America/New_York" }))
    assert.deepStrictEqual(contacts.map((contact) => [contact.id, contact.phoneNumber, contact.timeZone]), [
      ["c1", "+46700000001", "Europe/Stockholm"],
      ["c2", "+12125550100", "America/New_York"],
      ["c3", "+447700900123", "Europe/London"]
    ])
    assert.deepStrictEqual(contacts[0]?.variables, { "first name": "Anna", note: "likes \"quotes\", and commas" })
    assert.deepStrictEqual(contacts[1]?.variables, { "first name": "Bob", note: "two\r\nlines" })
  })

  it("uses the phone number as id without an id column, and ; as separator when the header says so", () => {
    const contacts = Either.getOrThrow(Contacts.fromCsv("\uFEFFnumber;name\n+46700000001;Anna\n+46700000002;Bo\n"))
    assert.deepStrictEqual(contacts.map((contact) => contact.id), ["+46700000001", "+46700000002"])
    assert.strictEqual(contacts[0]?.timeZone, "UTC")
  })

  it("names the line of every problem: bad numbers, zones, field counts, duplicates", () => {
    const csv = [
      "id,phone,tz",
      "a,+46700000001,UTC",
      "b,0701234567,UTC",
      "c,+46700000003,Moon/Base",
      "d,+46700000004",
      "a,+46700000005,UTC",
      "e,+46 700 000 001,UTC"
    ].join("\n")
    const error = refused(Contacts.fromCsv(csv))
    assert.deepStrictEqual(error.problems.map((problem) => problem.location), [
      "line 3",
      "line 4",
      "line 5",
      "line 6",
      "line 7"
    ])
    assert.include(error.problems[0]?.reason, "\"0701234567\" is not E.164")
    assert.include(error.problems[1]?.reason, "unknown time zone \"Moon/Base\"")
    assert.include(error.problems[2]?.reason, "expected 3 fields, got 2")
    assert.include(error.problems[3]?.reason, "duplicate id \"a\" (first at line 2)")
    assert.include(error.problems[4]?.reason, "duplicate phone number +46700000001 (first at line 2)")
    assert.include(error.message, "line 3:")
  })

  it("keeps messages bounded whatever the input: huge lines, endless bad rows, unclosed quotes", () => {
    const hugeLine = `phone\n+4670000000${"1".repeat(1_000_000)}\n`
    const huge = refused(Contacts.fromCsv(hugeLine))
    assert.strictEqual(huge.problems[0]?.location, "line 2")
    assert.include(huge.problems[0]?.reason, "longer than 4096 characters")
    assert.isTrue(huge.message.length < 500)

    const manyBad = `phone\n${Array.from({ length: 5000 }, (_, i) => `bad-${"x".repeat(i % 300)}`).join("\n")}`
    const many = refused(Contacts.fromCsv(manyBad))
    assert.strictEqual(many.problems.length, Contacts.maxProblems)
    assert.strictEqual(many.more, 5000 - Contacts.maxProblems)
    assert.isTrue(many.message.length < 1000)
    for (const problem of many.problems) assert.isTrue(problem.reason.length < 200)

    const unclosed = refused(Contacts.fromCsv("phone,name\n+46700000001,\"Anna\n+46700000002,Bo"))
    assert.include(unclosed.problems[0]?.reason, "not closed")

    assert.include(refused(Contacts.fromCsv("")).problems[0]?.reason, "no header row")
    assert.include(refused(Contacts.fromCsv("name,email\nA,a@b")).problems[0]?.reason, "no phone column")

    const tooMany = refused(
      Contacts.fromCsv(`phone\n${Array.from({ length: 11 }, (_, i) => `+4670000${1000 + i}`).join("\n")}`, {
        maxContacts: 10
      })
    )
    assert.include(tooMany.problems[0]?.reason, "more than 10 contacts")
  })

  it("reads JSON arrays and names the item of every problem", () => {
    const contacts = Either.getOrThrow(Contacts.fromJson(JSON.stringify([
      { id: "a", phoneNumber: "+46700000001", variables: { name: "Anna" } },
      { id: 7, phone: "+46700000002", timeZone: "Asia/Tokyo" }
    ])))
    assert.deepStrictEqual(contacts.map((contact) => [contact.id, contact.timeZone, contact.variables]), [
      ["a", "UTC", { name: "Anna" }],
      ["7", "Asia/Tokyo", {}]
    ])

    const error = refused(Contacts.fromJson(JSON.stringify([
      { phoneNumber: "+46700000001" },
      "not an object",
      { phoneNumber: 46700000002 },
      { phoneNumber: "+46700000003", variables: { n: 1 } },
      { phoneNumber: "+46700000001" }
    ])))
    assert.deepStrictEqual(error.problems.map((problem) => problem.location), ["item 1", "item 2", "item 3", "item 4"])
    assert.include(error.problems[3]?.reason, "duplicate")

    assert.include(refused(Contacts.fromJson("{\"a\":")).problems[0]?.reason, "not valid JSON")
    assert.include(refused(Contacts.fromJson("{}")).problems[0]?.reason, "expected a JSON array")
    const hugeId = refused(
      Contacts.fromJson(JSON.stringify([{ id: "x".repeat(100_000), phoneNumber: "+46700000001" }]))
    )
    assert.isTrue(hugeId.message.length < 300)
  })

  it("checks plain objects from an iterable the same way", () => {
    const contacts = Either.getOrThrow(
      Contacts.fromIterable([{ phoneNumber: "+46700000001" }, { id: "b", phoneNumber: "+46700000002" }])
    )
    assert.deepStrictEqual(contacts.map((contact) => contact.id), ["+46700000001", "b"])
    const error = refused(Contacts.fromIterable([{ phoneNumber: "+0" }], { defaultTimeZone: "Nowhere/Land" }))
    assert.deepStrictEqual(error.problems.map((problem) => problem.location), ["options", "item 0"])
  })
})
