import { Applications, Callouts, Calls, Conferences, Retry, SinchVoice } from "@effect-sinch/voice"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import { assert, describe, it } from "@effect/vitest"
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import { TestCrypto } from "../utils/crypto.js"
import * as SinchFake from "../utils/sinchFake.js"

const clientAgainstFake = (auth: "signed" | "basic") =>
  Layer.unwrapEffect(
    Effect.map(SinchFake.SinchFake, (fake) =>
      SinchVoice.layer({
        applicationKey: SinchFake.applicationKey,
        applicationSecret: Redacted.make(SinchFake.applicationSecret),
        auth,
        callingBaseUrl: fake.baseUrl,
        configurationBaseUrl: `${fake.baseUrl}/cfg`,
        retry: Retry.none
      }))
  ).pipe(Layer.provide([FetchHttpClient.layer, TestCrypto]), Layer.provideMerge(SinchFake.layer))

interface Case {
  readonly name: string
  readonly run: Effect.Effect<unknown, unknown, SinchVoice.Services>
  readonly method: string
  readonly url: string
  readonly body?: unknown
  readonly check?: (result: unknown) => void
}

const destination = { type: "number", endpoint: "+46700000001" } as const

const cases: ReadonlyArray<Case> = [
  {
    name: "callouts.tts",
    run: Effect.flatMap(
      Callouts.Callouts,
      (callouts) => callouts.tts({ cli: "+46700000000", destination, text: "Hello", locale: "en-US", enableDice: true })
    ),
    method: "POST",
    url: "/calling/v1/callouts",
    body: {
      method: "ttsCallout",
      ttsCallout: { cli: "+46700000000", destination, text: "Hello", locale: "en-US", enableDice: true }
    },
    check: (result) => assert.deepStrictEqual(result, { callId: "adf92089-df2a-4f14-a377-1e975f588fe4" })
  },
  {
    name: "callouts.conference",
    run: Effect.flatMap(Callouts.Callouts, (callouts) =>
      callouts.conference({
        destination,
        conferenceId: "standup",
        conferenceDtmfOptions: { mode: "detect", maxDigits: 2 },
        mohClass: "music1"
      })),
    method: "POST",
    url: "/calling/v1/callouts",
    body: {
      method: "conferenceCallout",
      conferenceCallout: {
        destination,
        conferenceId: "standup",
        conferenceDtmfOptions: { mode: "detect", maxDigits: 2 },
        mohClass: "music1"
      }
    }
  },
  {
    name: "callouts.custom",
    run: Effect.flatMap(Callouts.Callouts, (callouts) =>
      callouts.custom({
        cli: "+14045001000",
        destination: { type: "number", endpoint: "+14045005000" },
        maxDuration: 32,
        ice: { action: { name: "connectPstn", number: "+12233445566", cli: "+12234325234" } },
        ace: { instructions: [{ name: "say", text: "Hello, this is a call from Sinch!" }], action: { name: "hangup" } },
        pie: "https://your-application-server-host/application"
      })),
    method: "POST",
    url: "/calling/v1/callouts",
    body: {
      method: "customCallout",
      customCallout: {
        cli: "+14045001000",
        destination: { type: "number", endpoint: "+14045005000" },
        maxDuration: 32,
        ice: "{\"action\":{\"name\":\"connectPstn\",\"number\":\"+12233445566\",\"cli\":\"+12234325234\"}}",
        ace:
          "{\"instructions\":[{\"name\":\"say\",\"text\":\"Hello, this is a call from Sinch!\"}],\"action\":{\"name\":\"hangup\"}}",
        pie: "https://your-application-server-host/application"
      }
    }
  },
  {
    name: "calls.get",
    run: Effect.flatMap(Calls.Calls, (calls) => calls.get("a call UUID")),
    method: "GET",
    url: "/calling/v1/calls/id/a%20call%20UUID",
    check: (result) => {
      assert.instanceOf(result, Calls.CallInformation)
      const info = result as Calls.CallInformation
      assert.strictEqual(info.callId, "a call UUID")
      assert.strictEqual(info.to?.type, "number")
      assert.strictEqual(info.from?.type, "username")
      assert.strictEqual(info.reason, "CALLEEHANGUP")
      assert.strictEqual(info.debit?.amount, 0.5274)
      assert.strictEqual(DateTime.formatIso(info.timestamp!), "2024-01-08T09:48:12.000Z")
    }
  },
  {
    name: "calls.update",
    run: Effect.flatMap(Calls.Calls, (calls) =>
      calls.update("call-1", {
        instructions: [{ name: "say", text: "Sorry, the conference has been cancelled.", locale: "en-US" }],
        action: { name: "hangup" }
      })),
    method: "PATCH",
    url: "/calling/v1/calls/id/call-1",
    body: {
      instructions: [{ name: "say", text: "Sorry, the conference has been cancelled.", locale: "en-US" }],
      action: { name: "hangup" }
    }
  },
  {
    name: "calls.manageWithCallLeg",
    run: Effect.flatMap(Calls.Calls, (calls) =>
      calls.manageWithCallLeg("call-1", "callee", {
        instructions: [{ name: "playFiles", ids: ["#tts[Please hold]"], locale: "en-US" }],
        action: { name: "continue" }
      })),
    method: "PATCH",
    url: "/calling/v1/calls/id/call-1/leg/callee",
    body: {
      instructions: [{ name: "playFiles", ids: ["#tts[Please hold]"], locale: "en-US" }],
      action: { name: "continue" }
    }
  },
  {
    name: "conferences.get",
    run: Effect.flatMap(Conferences.Conferences, (conferences) => conferences.get("My Conference")),
    method: "GET",
    url: "/calling/v1/conferences/id/My%20Conference",
    check: (result) => {
      const info = result as Conferences.ConferenceInfo
      assert.strictEqual(info.participants.length, 1)
      assert.strictEqual(info.participants[0]!.id, "abcABC123")
      assert.strictEqual(info.participants[0]!.onhold, true)
    }
  },
  {
    name: "conferences.kickAll",
    run: Effect.flatMap(Conferences.Conferences, (conferences) => conferences.kickAll("standup")),
    method: "DELETE",
    url: "/calling/v1/conferences/id/standup"
  },
  {
    name: "conferences.kickParticipant",
    run: Effect.flatMap(Conferences.Conferences, (conferences) => conferences.kickParticipant("standup", "call-7")),
    method: "DELETE",
    url: "/calling/v1/conferences/id/standup/call-7"
  },
  {
    name: "conferences.manageParticipant (hold with music)",
    run: Effect.flatMap(Conferences.Conferences, (conferences) => conferences.hold("standup", "call-7", "music2")),
    method: "PATCH",
    url: "/calling/v1/conferences/id/standup/call-7",
    body: { command: "onhold", moh: "music2" }
  },
  {
    name: "conferences.manageParticipant (mute)",
    run: Effect.flatMap(Conferences.Conferences, (conferences) => conferences.mute("standup", "call-7")),
    method: "PATCH",
    url: "/calling/v1/conferences/id/standup/call-7",
    body: { command: "mute" }
  },
  {
    name: "applications.listNumbers",
    run: Effect.flatMap(Applications.Applications, (applications) => applications.listNumbers()),
    method: "GET",
    url: "/cfg/v1/configuration/numbers",
    check: (result) => {
      const list = result as Applications.ListNumbersResponse
      assert.deepStrictEqual(list.numbers.map((number) => [number.number, number.applicationkey, number.capability]), [
        ["+123456789", "an application key", "voice"],
        ["+134567890", undefined, "sms"]
      ])
    }
  },
  {
    name: "applications.assignNumbers",
    run: Effect.flatMap(
      Applications.Applications,
      (applications) =>
        applications.assignNumbers({ numbers: ["+12073091712"], applicationkey: "an app key", capability: "voice" })
    ),
    method: "POST",
    url: "/cfg/v1/configuration/numbers",
    body: { numbers: ["+12073091712"], applicationkey: "an app key", capability: "voice" }
  },
  {
    name: "applications.unassignNumber (DELETE with a body)",
    run: Effect.flatMap(
      Applications.Applications,
      (applications) => applications.unassignNumber({ number: "+12073091712", applicationkey: "an app key" })
    ),
    method: "DELETE",
    url: "/cfg/v1/configuration/numbers",
    body: { number: "+12073091712", applicationkey: "an app key" }
  },
  {
    name: "applications.getCallbackUrls",
    run: Effect.flatMap(Applications.Applications, (applications) => applications.getCallbackUrls("app key/1")),
    method: "GET",
    url: "/cfg/v1/configuration/callbacks/applications/app%20key%2F1",
    check: (result) =>
      assert.deepStrictEqual((result as Applications.CallbackUrls).url, {
        primary: "https://foo.com",
        fallback: "https://fallback.foo.com"
      })
  },
  {
    name: "applications.updateCallbackUrls",
    run: Effect.flatMap(
      Applications.Applications,
      (applications) => applications.updateCallbackUrls("app-key", { url: { primary: "https://foo.com/voice" } })
    ),
    method: "POST",
    url: "/cfg/v1/configuration/callbacks/applications/app-key",
    body: { url: { primary: "https://foo.com/voice" } }
  },
  {
    name: "applications.queryNumber",

    run: Effect.flatMap(Applications.Applications, (applications) => applications.queryNumber("+331234567489")),
    method: "GET",
    url: "/cfg/v1/calling/query/number/+331234567489",
    check: (result) => {
      const answer = result as Applications.QueryNumberResponse
      assert.strictEqual(answer.number.numberType, "Mobile")
      assert.strictEqual(answer.number.rate?.currencyId, "USD")
    }
  }
]

for (const auth of ["signed", "basic"] as const) {
  describe(`every operation against the fake Sinch API (${auth})`, () => {
    for (const testCase of cases) {
      it.live(testCase.name, () =>
        Effect.gen(function*() {
          const result = yield* testCase.run
          testCase.check?.(result)
          const fake = yield* SinchFake.SinchFake
          const requests = yield* fake.requests
          assert.strictEqual(requests.length, 1)
          const request = requests[0]!
          assert.strictEqual(request.method, testCase.method)
          assert.strictEqual(request.url, testCase.url)
          assert.strictEqual(request.headers["host"], fake.baseUrl.replace("http://", ""))
          assert.strictEqual(request.headers["accept"], "application/json")
          assert.match(request.headers["x-timestamp"] ?? "", /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/)
          if (testCase.body === undefined) {
            assert.strictEqual(request.body, "")
            assert.isUndefined(request.headers["content-type"])
          } else {
            assert.deepStrictEqual(JSON.parse(request.body), testCase.body)
            assert.strictEqual(request.headers["content-type"], "application/json")
          }
          assert.isTrue(request.authorized)
          const authorization = request.headers["authorization"] ?? ""
          if (auth === "basic") {
            assert.strictEqual(
              authorization,
              `Basic ${Buffer.from(`${SinchFake.applicationKey}:${SinchFake.applicationSecret}`).toString("base64")}`
            )
          } else {
            assert.strictEqual(
              authorization,
              `Application ${SinchFake.applicationKey}:${
                SinchFake.expectedSignature({
                  method: testCase.method,
                  contentType: testCase.body === undefined ? "" : "application/json",
                  timestamp: request.headers["x-timestamp"]!,
                  path: testCase.url,
                  body: request.body
                })
              }`
            )
          }
        }).pipe(Effect.provide(clientAgainstFake(auth))))
    }
  })
}
