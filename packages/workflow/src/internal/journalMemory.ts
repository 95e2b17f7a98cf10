/**
 * The in-memory `CallJournal`: a map of attempts, the same transitions as the SQL journal.
 */
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import type * as CallJournal from "../CallJournal.js"
import * as Attempt from "./attempt.js"
import * as Transitions from "./journalTransitions.js"

export const make = (): CallJournal.Service => {
  const rows = new Map<string, Attempt.Attempt>()

  const update = (key: string, change: (row: Attempt.Attempt, now: number) => Attempt.Attempt | undefined) =>
    Effect.map(Clock.currentTimeMillis, (now) => {
      const row = rows.get(key)
      if (row === undefined) return
      const next = change(row, now)
      if (next !== undefined) rows.set(key, next)
    })

  return {
    intend: (key, intent) =>
      Effect.map(Clock.currentTimeMillis, (now): CallJournal.Intended => {
        const existing = rows.get(key)
        if (existing !== undefined) {
          const filled = existing.deferredToken === undefined && intent.deferredToken !== undefined
            ? new Attempt.Attempt({ ...existing, deferredToken: intent.deferredToken, updatedAt: now })
            : existing
          rows.set(key, filled)
          return { _tag: "Existing", attempt: filled }
        }
        const attempt = new Attempt.Attempt({
          key,
          ...(intent.campaignId === undefined ? {} : { campaignId: intent.campaignId }),
          ...(intent.contactId === undefined ? {} : { contactId: intent.contactId }),
          destination: intent.destination,
          answer: intent.answer,
          ...(intent.deferredToken === undefined ? {} : { deferredToken: intent.deferredToken }),
          status: "intended",
          intendedAt: now,
          updatedAt: now
        })
        rows.set(key, attempt)
        return { _tag: "Fresh", attempt }
      }),
    placed: (key, callId) => update(key, (row, now) => Transitions.placed(row, callId, now)),
    refused: (key, reason) => update(key, (row, now) => Transitions.refused(row, reason, now)),
    answered: (key, callId, amd) => update(key, (row, now) => Transitions.answered(row, callId, amd, now)),
    ended: (key, outcome) => update(key, (row, now) => Transitions.ended(row, outcome, now)),
    markUnknown: (key, note) => update(key, (row, now) => Transitions.unknown(row, note, now)),
    get: (key) => Effect.sync(() => Option.fromNullable(rows.get(key))),
    listByCampaign: (campaignId) =>
      Effect.sync(() =>
        Array.from(rows.values()).filter((row) => row.campaignId === campaignId).sort((a, b) =>
          a.intendedAt - b.intendedAt
        )
      )
  }
}
