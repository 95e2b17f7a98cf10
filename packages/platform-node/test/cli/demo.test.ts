/**
 * `pnpm demo` (packages/platform-node/demo): the story runs to its end over loopback — simulator,
 * webhooks and client — and prints each call's transcript. The demo also runs a CLI command, and
 * ends with a durable campaign on a temporary SQLite file.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Fs from "node:fs"
import * as Path from "node:path"
import * as Campaign from "../../demo/campaign.js"
import * as Story from "../../demo/story.js"
import { capturingConsole } from "./utils.js"

describe("pnpm demo", () => {
  it.live("tells the whole story and prints the transcripts", () =>
    Effect.gen(function*() {
      const stdout: Array<string> = []
      const stderr: Array<string> = []
      const calls = yield* Story.demo.pipe(Effect.withConsole(capturingConsole(stdout, stderr, () => {})))
      const output = stdout.join("\n")
      expect(stderr).toEqual([])
      // the CLI, against the simulator, shows both invitees in the session
      expect(output).toMatch(/^\$ sinch-voice conferences get group-session\ncall id +cli +duration +muted +on hold$/m)
      // the reminder: spoken, then hung up by the platform
      expect(output).toContain(`say "Hello, this is Acme Clinic. Your appointment is tomorrow at 9."`)
      // the invitations: the menu, the key pressed, the PIE answered with a conference
      expect(output.match(/menu main: dtmf "1"/g)).toHaveLength(2)
      expect(output.match(/← PIE reply .*"connectConf","conferenceId":"group-session"/g)).toHaveLength(2)
      // the moderator: muted, then kicked
      expect(output.match(/conference group-session: muted\n.*conference group-session: kicked/g)).toHaveLength(2)
      // every call ended, with its result and duration
      expect(output.match(/: final, ANSWERED \/ MANAGERHANGUP, \d+ s$/gm)).toHaveLength(3)
      expect(output).toContain("Press 1 to join today's group session, or 2 to decline.")

      // the campaign: each callee called exactly as often as the policy allows for their behaviour
      const callsPerContact = Object.fromEntries(
        Campaign.contacts.map((contact) => [contact.id, Campaign.callsTo(calls, contact.phoneNumber).length])
      )
      expect(callsPerContact).toEqual({ ana: 1, bo: 2, cleo: 2, dag: 1, eve: 1, finn: 2 })
      // the voicemail was left on Dag's machine
      const dag = Campaign.callsTo(calls, "+46700000204")
      expect(dag.flatMap((call) => call.entries.filter((entry) => entry._tag === "Said"))).toMatchObject([
        { text: "Hello Dag, Acme Clinic here: your flu shot is on Monday at nine." }
      ])
      // the results report
      const report = output.slice(output.indexOf("The results report"))
      expect(report).toMatch(/^ana +1 +human +reached$/m)
      expect(report).toMatch(/^bo +2 +human +reached$/m)
      expect(report).toMatch(/^cleo +2 +no-answer +exhausted$/m)
      expect(report).toMatch(/^dag +1 +machine +voicemail$/m)
      expect(report).toMatch(/^eve +1 +human +reached$/m)
      expect(report).toMatch(/^finn +2 +busy +exhausted$/m)
      expect(output).toMatch(/^ {2}done: 6\/6 concluded, 0 in progress, 0 not called yet; 9 call\(s\) placed$/m)
      // started again: nobody new, nobody called again
      expect(output).toContain(`Campaign.start("${Campaign.campaignId}") again: 0 new contacts`)
      expect(output).toContain("Calls the simulator received: ana 1, bo 2, cleo 2, dag 1, eve 1, finn 2.")
      // its SQLite file was temporary
      const database = output.match(/on SQLite \((.+)\);/)?.[1]
      expect(database).toMatch(/flows\.db$/)
      expect(Fs.existsSync(Path.dirname(database ?? ""))).toBe(false)
    }))
})
