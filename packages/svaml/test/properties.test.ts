import { Actions, Documents, Fields, Instructions, Menus, Prompts, Svaml } from "@effect-sinch/svaml"
import { describe, expect, it } from "@effect/vitest"
import * as Arbitrary from "effect/Arbitrary"
import * as Arr from "effect/Array"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as FastCheck from "effect/FastCheck"
import * as Schema from "effect/Schema"

const roundTrip = <A, I>(name: string, schema: Schema.Schema<A, I>) =>
  it(`${name}: encode, JSON, decode is the identity (1,000 runs)`, () => {
    const encode = Schema.encodeSync(schema)
    const decode = Schema.decodeUnknownSync(schema)
    FastCheck.assert(
      FastCheck.property(Arbitrary.make(schema), (document) => {
        const wire: unknown = JSON.parse(JSON.stringify(encode(document)))
        expect(decode(wire)).toEqual(document)
        // and the canonical wire form is stable
        expect(encode(decode(wire))).toEqual(wire)
      }),
      { numRuns: 1000 }
    )
  })

describe("SVAML documents (property)", () => {
  roundTrip("IceResponse", Documents.IceResponse)
  roundTrip("AceResponse", Documents.AceResponse)
  roundTrip("PieResponse", Documents.PieResponse)
  roundTrip("ManagedCallUpdate", Documents.ManagedCallUpdate)
  roundTrip("Document", Documents.Document)
})

describe("Documents.validate (property)", () => {
  it("never throws: any well-formed document is either valid or fails with InvalidSvaml naming path and rule", () => {
    FastCheck.assert(
      FastCheck.property(Arbitrary.make(Documents.Document), (document) => {
        const result = Effect.runSync(Effect.either(Documents.validate(document)))
        if (Either.isLeft(result)) {
          expect(result.left._tag).toBe("InvalidSvaml")
          expect(result.left.violations.length).toBeGreaterThan(0)
          for (const violation of result.left.violations) {
            expect(violation.message).toContain(`${violation.rule} rule`)
          }
        }
      }),
      { numRuns: 1000 }
    )
  })
})

describe("builders (property)", () => {
  const valid = {
    number: Arbitrary.make(Fields.E164),
    cli: Arbitrary.make(Fields.Cli),
    dtmf: Arbitrary.make(Fields.Dtmf),
    text: Arbitrary.make(Fields.TtsText),
    conferenceId: Arbitrary.make(Fields.ConferenceId),
    maxDuration: Arbitrary.make(Fields.MaxDuration),
    parkDuration: Arbitrary.make(Fields.ParkMaxDuration),
    menuIds: FastCheck.uniqueArray(FastCheck.string({ minLength: 1, maxLength: 10 }), { minLength: 1, maxLength: 4 })
      .filter(
        Arr.isNonEmptyArray
      )
  }

  it("documents built from valid values always validate and survive the JSON round trip (1,000 runs)", () => {
    const menuDocument = FastCheck.record({ ids: valid.menuIds, dtmf: valid.dtmf, text: valid.text }).map(
      ({ dtmf, ids, text }) =>
        Actions.runMenu(
          Arr.map(ids, (id, index) =>
            Menus.make(id, {
              mainPrompt: Prompts.tts(text),
              options: [
                Menus.option(dtmf, Menus.goTo(ids[(index + 1) % ids.length] ?? id)),
                Menus.option("0", Menus.returns(id))
              ]
            }))
        )
    )
    FastCheck.assert(
      FastCheck.property(
        FastCheck.record({
          number: valid.number,
          cli: valid.cli,
          dtmf: valid.dtmf,
          text: valid.text,
          conferenceId: valid.conferenceId,
          maxDuration: valid.maxDuration,
          parkDuration: valid.parkDuration,
          menu: menuDocument
        }),
        (values) => {
          const documents = Effect.runSync(Effect.all([
            Svaml.ice(
              Instructions.say(values.text),
              Instructions.sendDtmf(values.dtmf),
              Actions.connectPstn(values.number, {
                cli: values.cli,
                maxDuration: values.maxDuration,
                dtmf: values.dtmf
              })
            ),
            Svaml.ace(Instructions.say(values.text), values.menu),
            Svaml.pie(Actions.connectConf(values.conferenceId)),
            Svaml.managedCall(Actions.park({ maxDuration: values.parkDuration, holdPrompt: Prompts.tts(values.text) }))
          ]))
          for (const document of documents) {
            const json = JSON.parse(JSON.stringify(Schema.encodeSync(Documents.Document)(document)))
            expect(Schema.decodeUnknownSync(Documents.Document)(json)).toEqual(document)
          }
        }
      ),
      { numRuns: 1000 }
    )
  })
})
