/**
 * Every JSON fixture of the SVAML reference (sinch-voice-api.md §2.1, §2.3, §3.3, §3.4) decodes in each
 * context that allows it, encodes back to the same JSON, and fails to decode where it is not allowed.
 */
import { Documents } from "@effect-sinch/svaml"
import { describe, expect, it } from "@effect/vitest"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"

type Context = Documents.Context

const roundTripWith = <A, I>(schema: Schema.Schema<A, I>) => (json: unknown): Either.Either<unknown, unknown> =>
  Either.map(Schema.decodeUnknownEither(schema)(json), (document) => Schema.encodeSync(schema)(document))

const roundTrip: { readonly [C in Context]: (json: unknown) => Either.Either<unknown, unknown> } = {
  ice: roundTripWith(Documents.IceResponse),
  ace: roundTripWith(Documents.AceResponse),
  pie: roundTripWith(Documents.PieResponse),
  managedCall: roundTripWith(Documents.ManagedCallUpdate)
}

const contexts: ReadonlyArray<Context> = ["ice", "ace", "pie", "managedCall"]

// The reference's fixtures, verbatim, with the contexts §3.2 (and §2.3) allow them in
const fixtures: ReadonlyArray<
  { readonly title: string; readonly json: string; readonly allowedIn: ReadonlyArray<Context> }
> = [
  {
    title: "§3.3 SvamlControlDto (say, startRecording, connectConf)",
    json:
      `{"instructions":[{"name":"say","text":"Hello from instruction"},{"name":"startRecording","options":{"destinationUrl":"s3://my-bucket/","credentials":"AKIAIOSFODNN7EXAMPLE:wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY:eu-central-1","notificationEvents":true,"transcriptionOptions":{"enabled":true}}}],"action":{"name":"connectConf","conferenceId":"My Conference Id"}}`,
    allowedIn: ["ice", "ace", "pie"]
  },
  {
    title: "§3.3 playFiles instruction",
    json: `{"instructions":[{"name":"playFiles","ids":["[Welcome]"],"locale":"en"}],"action":{"name":"hangup"}}`,
    allowedIn: ["ice", "ace", "pie", "managedCall"]
  },
  {
    title: "§3.4 connectPstn",
    json:
      `{"action":{"name":"connectPstn","number":"+123456789","locale":"fr","maxDuration":123,"dialTimeout":456,"cli":"cli value","suppressCallbacks":true,"dtmf":"#w123","indications":"unknown value","amd":{"enabled":true,"async":true}}}`,
    allowedIn: ["ice", "pie"]
  },
  {
    title: "§3.4 connectMxp",
    json:
      `{"action":{"name":"connectMxp","destination":{"type":"username","endpoint":"a user string"},"callheaders":[{"key":"left string","value":"right string"}]}}`,
    allowedIn: ["ice"]
  },
  {
    title: "§3.4 connectConf",
    json:
      `{"action":{"name":"connectConf","conferenceId":"My Conference Id","conferenceDtmfOptions":{"mode":"forward","maxDigits":45,"timeoutMills":456},"moh":"music3"}}`,
    allowedIn: ["ice", "ace", "pie"]
  },
  {
    title: "§3.4 connectSip",
    json:
      `{"action":{"name":"connectSip","destination":{"type":"sip","endpoint":"a sip string"},"maxDuration":456,"cli":"a cli value","transport":"TLS","suppressCallbacks":true,"callHeaders":[{"key":"left string","value":"right string"}],"moh":"music2"}}`,
    allowedIn: ["ice", "pie"]
  },
  {
    title: "§3.4 connectStream",
    json:
      `{"action":{"name":"connectStream","destination":{"type":"Websocket","endpoint":"wss://yourcompany.com/websocket-server"},"maxDuration":456,"callHeaders":[{"key":"left string","value":"right string"}],"streamingOptions":{"version":2,"sampleRate":16000}}}`,
    allowedIn: ["ice"]
  },
  {
    title: "§3.4 runMenu",
    json:
      `{"action":{"name":"runMenu","barge":true,"locale":"fr","mainMenu":" the main menu","enableVoice":false,"menus":[{"id":"the id","mainPrompt":"main prompt","repeatPrompt":"repeat prompt","repeats":5,"maxDigits":18,"timeoutMills":500,"maxTimeoutMills":123456,"options":[{"dtmf":"#w","action":"menu(foo)"}]}]}}`,
    allowedIn: ["ice", "ace", "pie"]
  },
  {
    title: "§3.4 park",
    json:
      `{"action":{"name":"park","locale":"en","introPrompt":"intro prompt","holdPrompt":"hold prompt","maxDuration":456}}`,
    allowedIn: ["ice", "managedCall"]
  },
  {
    title: "§2.3 CallUpdateRequestDto (say, hangup)",
    json:
      `{"instructions":[{"name":"say","text":"Sorry, the conference has been cancelled. The call will end now.","locale":"en-US"}],"action":{"name":"hangup"}}`,
    allowedIn: ["ice", "ace", "pie", "managedCall"]
  },
  {
    title: "§2.1 custom callout inline ICE (connectPstn with AMD)",
    json: `{"action":{"name":"connectPstn","number":"+12233445566","cli":"+12234325234","amd":{"enabled":true}}}`,
    allowedIn: ["ice", "pie"]
  },
  {
    title: "§2.1 custom callout inline ACE (say, hangup)",
    json: `{"instructions":[{"name":"say","text":"Hello, this is a call from Sinch!"}],"action":{"name":"hangup"}}`,
    allowedIn: ["ice", "ace", "pie", "managedCall"]
  },
  {
    title: "§2.1 OAS inline ICE example (connectPstn)",
    json: `{"action":{"name":"connectPstn","number":"46000000001","maxDuration":90}}`,
    allowedIn: ["ice", "pie"]
  }
]

describe("reference fixtures", () => {
  for (const fixture of fixtures) {
    describe(fixture.title, () => {
      for (const context of contexts) {
        if (fixture.allowedIn.includes(context)) {
          it(`decodes as ${context} and re-encodes to the same JSON`, () => {
            const wire: unknown = JSON.parse(fixture.json)
            expect(roundTrip[context](wire)).toStrictEqual(Either.right(wire))
          })
        } else {
          it(`is rejected as ${context}`, () => {
            expect(Either.isLeft(roundTrip[context](JSON.parse(fixture.json)))).toBe(true)
          })
        }
      }
    })
  }

  it("custom callout `ice` / `ace` strings decode with the FromJson schemas", () => {
    const ice = `{"action":{"name":"connectPstn","number":"+12233445566","cli":"+12234325234","amd":{"enabled":true}}}`
    const ace =
      `{"instructions":[{"name":"say","text":"Hello, this is a call from Sinch!"}],"action":{"name":"hangup"}}`
    const decodedIce = Schema.decodeSync(Documents.IceResponseFromJson)(ice)
    expect(decodedIce.action).toEqual({
      name: "connectPstn",
      number: "+12233445566",
      cli: "+12234325234",
      amd: { enabled: true }
    })
    expect(Schema.encodeSync(Documents.IceResponseFromJson)(decodedIce)).toBe(ice)
    expect(Schema.encodeSync(Documents.AceResponseFromJson)(Schema.decodeSync(Documents.AceResponseFromJson)(ace)))
      .toBe(ace)
  })
})

describe("wire fidelity", () => {
  const decodeIce = Schema.decodeUnknownSync(Documents.IceResponse)
  const encodeIce = Schema.encodeSync(Documents.IceResponse)

  it("decodes instruction and action names in any casing and emits camelCase", () => {
    const document = decodeIce({
      instructions: [
        { name: "Say", text: "Hi" },
        { name: "SetCookie", key: "k", value: "v" },
        { name: "PLAYFILES", ids: ["welcome"] },
        { name: "startrecording" },
        { name: "StopRecording" },
        { name: "Answer" },
        { name: "senddtmf", value: "1" }
      ],
      action: { name: "ConnectPstn", number: "+46700000000" }
    })
    expect(encodeIce(document)).toEqual({
      instructions: [
        { name: "say", text: "Hi" },
        { name: "setCookie", key: "k", value: "v" },
        { name: "playFiles", ids: ["welcome"] },
        { name: "startRecording" },
        { name: "stopRecording" },
        { name: "answer" },
        { name: "sendDtmf", value: "1" }
      ],
      action: { name: "connectPstn", number: "+46700000000" }
    })
  })

  it.each([
    ["connectPSTN", "connectPstn"],
    ["connectMXP", "connectMxp"],
    ["connectSIP", "connectSip"],
    ["RunMenu", "runMenu"],
    ["runmenu", "runMenu"],
    ["Park", "park"],
    ["Hangup", "hangup"],
    ["CONNECTSTREAM", "connectStream"],
    ["ConnectConf", "connectConf"]
  ])("decodes the legacy name %s as %s", (legacy, canonical) => {
    const extra = canonical === "connectConf"
      ? { conferenceId: "c" }
      : canonical === "connectSip" || canonical === "connectStream"
      ? { destination: { endpoint: "x" } }
      : {}
    expect(decodeIce({ action: { name: legacy, ...extra } }).action.name).toBe(canonical)
  })

  it("accepts connectMxp `callHeaders` and `callheaders`, and always emits `callheaders`", () => {
    const headers = [{ key: "a", value: "b" }]
    for (const key of ["callHeaders", "callheaders"]) {
      const document = decodeIce({ action: { name: "connectMxp", destination: { endpoint: "alice" }, [key]: headers } })
      expect(document.action).toEqual({ name: "connectMxp", destination: { endpoint: "alice" }, callHeaders: headers })
      expect(encodeIce(document)).toEqual({
        action: { name: "connectMxp", destination: { endpoint: "alice" }, callheaders: headers }
      })
    }
  })

  it("keeps unknown locales and indications (open enums) and canonicalises known ones", () => {
    const document = decodeIce({
      instructions: [{ name: "say", text: "Hej", locale: "sv-se" }, { name: "say", text: "x", locale: "Zeina" }],
      action: { name: "connectPstn", indications: "XX", locale: "en-us" }
    })
    expect(encodeIce(document)).toEqual({
      instructions: [{ name: "say", text: "Hej", locale: "sv-SE" }, { name: "say", text: "x", locale: "Zeina" }],
      action: { name: "connectPstn", indications: "XX", locale: "en-US" }
    })
  })

  it("decodes closed enums case-insensitively (transport, moh, conference DTMF mode, destination types)", () => {
    const sip = decodeIce({
      action: { name: "connectSip", destination: { type: "Sip", endpoint: "x@y" }, transport: "tls", moh: "Music1" }
    })
    expect(encodeIce(sip)).toEqual({
      action: { name: "connectSip", destination: { type: "sip", endpoint: "x@y" }, transport: "TLS", moh: "music1" }
    })
    const stream = decodeIce({
      action: { name: "connectStream", destination: { type: "websocket", endpoint: "wss://x" } }
    })
    expect(encodeIce(stream)).toEqual({
      action: { name: "connectStream", destination: { type: "Websocket", endpoint: "wss://x" } }
    })
    const conf = decodeIce({
      action: { name: "connectConf", conferenceId: "c", conferenceDtmfOptions: { mode: "Detect" } }
    })
    expect(encodeIce(conf)).toEqual({
      action: { name: "connectConf", conferenceId: "c", conferenceDtmfOptions: { mode: "detect" } }
    })
    expect(
      Either.isLeft(
        Schema.decodeUnknownEither(Documents.IceResponse)({
          action: { name: "connectSip", destination: { endpoint: "x" }, transport: "SCTP" }
        })
      )
    ).toBe(true)
  })

  it("decodes a menu option's dtmf sent as a number (Sinch's examples) as a string", () => {
    const document = decodeIce({
      action: { name: "runMenu", menus: [{ id: "main", options: [{ dtmf: 1, action: "return(one)" }] }] }
    })
    expect(encodeIce(document)).toEqual({
      action: { name: "runMenu", menus: [{ id: "main", options: [{ dtmf: "1", action: "return(one)" }] }] }
    })
  })

  it("ignores unknown extra keys", () => {
    const document = decodeIce({
      version: 2,
      instructions: [{ name: "say", text: "Hi", voiceSpeed: "fast" }],
      action: { name: "hangup", reason: "done" }
    })
    expect(encodeIce(document)).toEqual({ instructions: [{ name: "say", text: "Hi" }], action: { name: "hangup" } })
  })

  it("keeps recording credentials redacted in the typed document", () => {
    const document = decodeIce(JSON.parse(fixtures[0]!.json))
    const recording = document.instructions?.[1]
    expect(recording?.name === "startRecording" && String(recording.options?.credentials)).toBe("<redacted>")
  })
})

describe("exactly one action, per context, when decoding", () => {
  // §3.2 of the reference, written out independently of the implementation's table
  const expected: {
    readonly [C in Context]: { readonly instructions: ReadonlyArray<string>; readonly actions: ReadonlyArray<string> }
  } = {
    ice: {
      instructions: ["playFiles", "say", "sendDtmf", "setCookie", "answer", "startRecording", "stopRecording"],
      actions: ["hangup", "connectPstn", "connectMxp", "connectConf", "connectSip", "connectStream", "runMenu", "park"]
    },
    ace: {
      instructions: ["playFiles", "say", "setCookie", "startRecording", "stopRecording"],
      actions: ["hangup", "continue", "connectConf", "runMenu"]
    },
    pie: {
      instructions: ["playFiles", "say", "sendDtmf", "setCookie", "startRecording", "stopRecording"],
      actions: ["hangup", "continue", "connectPstn", "connectConf", "connectSip", "runMenu"]
    },
    managedCall: {
      instructions: ["playFiles", "say", "sendDtmf", "setCookie", "answer", "startRecording", "stopRecording"],
      actions: ["hangup", "continue", "park"]
    }
  }
  const minimalActions: Record<string, object> = {
    hangup: {},
    continue: {},
    connectPstn: {},
    connectMxp: {},
    connectConf: { conferenceId: "c" },
    connectSip: { destination: { endpoint: "x@y" } },
    connectStream: { destination: { endpoint: "wss://x" } },
    runMenu: {},
    park: {}
  }
  const minimalInstructions: Record<string, object> = {
    playFiles: { ids: ["welcome"] },
    say: {},
    sendDtmf: {},
    setCookie: {},
    answer: {},
    startRecording: {},
    stopRecording: {}
  }

  for (const context of contexts) {
    it(`${context}: allows exactly the §3.2 actions`, () => {
      for (const [name, fields] of Object.entries(minimalActions)) {
        const decoded = roundTrip[context]({ action: { name, ...fields } })
        expect([name, Either.isRight(decoded)]).toEqual([name, expected[context].actions.includes(name)])
      }
      expect(Documents.allowed[context].actions).toEqual(expected[context].actions)
    })

    it(`${context}: allows exactly the §3.2 instructions`, () => {
      for (const [name, fields] of Object.entries(minimalInstructions)) {
        const decoded = roundTrip[context]({ instructions: [{ name, ...fields }], action: { name: "hangup" } })
        expect([name, Either.isRight(decoded)]).toEqual([name, expected[context].instructions.includes(name)])
      }
      expect(Documents.allowed[context].instructions).toEqual(expected[context].instructions)
    })

    it(`${context}: rejects a document without an action, or with several`, () => {
      expect(Either.isLeft(roundTrip[context]({}))).toBe(true)
      expect(Either.isLeft(roundTrip[context]({ instructions: [{ name: "say", text: "Hi" }] }))).toBe(true)
      expect(Either.isLeft(roundTrip[context]({ action: [{ name: "hangup" }, { name: "hangup" }] }))).toBe(true)
      expect(Either.isLeft(roundTrip[context]({ action: { name: "dance" } }))).toBe(true)
    })
  }
})
