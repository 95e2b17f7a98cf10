/**
 * `pnpm demo` (packages/platform-node/demo): the story runs to its end over loopback — simulator,
 * webhooks and client — and prints each call's transcript. The demo also runs a CLI command.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Story from "../../demo/story.js"
import { capturingConsole } from "./utils.js"

describe("pnpm demo", () => {
  it.live("tells the whole story and prints the transcripts", () =>
    Effect.gen(function*() {
      const stdout: Array<string> = []
      const stderr: Array<string> = []
      yield* Story.demo.pipe(Effect.withConsole(capturingConsole(stdout, stderr, () => {})))
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
    }))
})
