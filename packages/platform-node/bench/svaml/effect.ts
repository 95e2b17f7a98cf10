/**
 * SVAML encode and decode with the `Documents` schemas: an ICE answer (say + connectPstn) and an
 * ACE answer with a two-level IVR menu.
 */
import * as Documents from "@effect-sinch/svaml/Documents"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import type * as Types from "./types.js"

const iceWire = {
  instructions: [{ name: "say", text: "Welcome to the benchmark. Connecting you now.", locale: "en-US" }],
  action: { name: "connectPstn", number: "+14045009999", cli: "+14045001000", maxDuration: 3600 }
}

const aceWire = {
  instructions: [{ name: "setCookie", key: "customer", value: "42" }],
  action: {
    name: "runMenu",
    barge: true,
    locale: "en-US",
    menus: [
      {
        id: "main",
        mainPrompt: "#tts[Press 1 for sales, 2 for support, or enter your extension followed by hash.]",
        repeatPrompt: "#tts[Sorry, I did not get that.]",
        repeats: 2,
        maxDigits: 4,
        timeoutMills: 5000,
        options: [{ dtmf: "1", action: "return(sales)" }, { dtmf: "2", action: "menu(support)" }]
      },
      {
        id: "support",
        mainPrompt: "#tts[Press 1 for billing, 2 for technical support.]",
        options: [{ dtmf: "1", action: "return(billing)" }, { dtmf: "2", action: "return(technical)" }]
      }
    ]
  }
}

const ice = Schema.decodeUnknownSync(Documents.IceResponse)(iceWire)
const ace = Schema.decodeUnknownSync(Documents.AceResponse)(aceWire)
const iceJson = JSON.stringify(iceWire)
const aceJson = JSON.stringify(aceWire)

const encodeIce = Schema.encodeSync(Documents.IceResponse)
const encodeAce = Schema.encodeSync(Documents.AceResponse)
const decodeIce = Schema.decodeUnknownSync(Documents.IceResponseFromJson)
const decodeAce = Schema.decodeUnknownSync(Documents.AceResponseFromJson)

export const cases: ReadonlyArray<Types.SvamlCase> = [
  {
    name: "encode ICE answer (schema encode + JSON.stringify)",
    schema: () => void JSON.stringify(encodeIce(ice)),
    plain: () => void JSON.stringify(ice)
  },
  {
    name: "validate + encode ICE answer (toJsonString)",
    schema: () => void Effect.runSync(Documents.toJsonString(ice)),
    plain: () => void JSON.stringify(ice)
  },
  {
    name: "decode ICE answer (JSON.parse + schema decode)",
    schema: () => void decodeIce(iceJson),
    plain: () => void JSON.parse(iceJson)
  },
  {
    name: "encode ACE menu answer (schema encode + JSON.stringify)",
    schema: () => void JSON.stringify(encodeAce(ace)),
    plain: () => void JSON.stringify(ace)
  },
  {
    name: "validate + encode ACE menu answer (toJsonString)",
    schema: () => void Effect.runSync(Documents.toJsonString(ace)),
    plain: () => void JSON.stringify(ace)
  },
  {
    name: "decode ACE menu answer (JSON.parse + schema decode)",
    schema: () => void decodeAce(aceJson),
    plain: () => void JSON.parse(aceJson)
  }
]
