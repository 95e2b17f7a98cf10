/**
 * Examples for docs/numbers-and-callbacks.md, type-checked by `pnpm check`.
 */
import { Applications } from "@effect-sinch/voice"
import * as Effect from "effect/Effect"

// Point every number of the project at one application, and set its callback URLs
export const setUpApplication = (applicationKey: string) =>
  Effect.gen(function*() {
    const applications = yield* Applications.Applications
    const { numbers } = yield* applications.listNumbers()
    const unassigned = numbers.filter((number) => number.applicationkey === undefined).map((number) => number.number)
    const [first, ...rest] = unassigned
    if (first !== undefined) {
      yield* applications.assignNumbers({
        numbers: [first, ...rest],
        applicationkey: applicationKey,
        capability: "voice"
      })
    }
    yield* applications.updateCallbackUrls(applicationKey, {
      url: { primary: "https://voice.example.com/sinch", fallback: "https://voice-backup.example.com/sinch" }
    })
    return yield* applications.getCallbackUrls(applicationKey)
  })

// Release a number (a DELETE with a JSON body)
export const release = (number: string) =>
  Effect.flatMap(Applications.Applications, (applications) => applications.unassignNumber({ number }))
