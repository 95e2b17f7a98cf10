import * as Effect from "effect/Effect"
import * as CampaignError from "../CampaignError.js"
import * as CampaignStore from "../CampaignStore.js"
import type * as Contacts from "../Contacts.js"
import * as WorkflowError from "../WorkflowError.js"

interface ContactState {
  readonly contact: Contacts.Contact
  attempts: number
  lastDisposition: string | undefined
  lastCallId: string | undefined
  conclusion: CampaignStore.Conclusion | undefined
  updatedAt: number | undefined
}

interface CampaignState {
  record: CampaignStore.CampaignRecord
  readonly contacts: Map<string, ContactState>
  readonly attempts: Map<string, CampaignStore.AttemptRecord>
}

export const make = (): CampaignStore.Service => {
  const campaigns = new Map<string, CampaignState>()
  const find = (campaignId: string) => {
    const campaign = campaigns.get(campaignId)
    return campaign === undefined
      ? Effect.fail(new WorkflowError.CampaignNotFound({ campaignId }))
      : Effect.succeed(campaign)
  }
  const contactsOf = (campaignId: string) => campaigns.get(campaignId)?.contacts ?? new Map<string, ContactState>()
  return {
    create: (campaignId, definition, now) =>
      Effect.suspend(() => {
        const existing = campaigns.get(campaignId)
        if (existing !== undefined) {
          return existing.record.definition === definition
            ? Effect.succeed("exists" as const)
            : Effect.fail(
              new CampaignError.CampaignRefused({
                campaignId,
                reason: "the id is used by a campaign with other settings"
              })
            )
        }
        campaigns.set(campaignId, {
          record: new CampaignStore.CampaignRecord({
            id: campaignId,
            status: "running",
            definition,
            sealed: false,
            createdAt: now,
            updatedAt: now
          }),
          contacts: new Map(),
          attempts: new Map()
        })
        return Effect.succeed("created" as const)
      }),
    get: (campaignId) => Effect.map(find(campaignId), (campaign) => campaign.record),
    transition: (campaignId, from, to, now) =>
      Effect.map(find(campaignId), (campaign) => {
        if (!from.includes(campaign.record.status)) return false
        campaign.record = new CampaignStore.CampaignRecord({ ...campaign.record, status: to, updatedAt: now })
        return true
      }),
    seal: (campaignId) =>
      Effect.sync(() => {
        const campaign = campaigns.get(campaignId)
        if (campaign !== undefined) {
          campaign.record = new CampaignStore.CampaignRecord({ ...campaign.record, sealed: true })
        }
      }),
    completeIfDone: (campaignId, now) =>
      Effect.sync(() => {
        const campaign = campaigns.get(campaignId)
        if (campaign === undefined || !campaign.record.sealed || campaign.record.status !== "running") return false
        for (const state of campaign.contacts.values()) if (state.conclusion === undefined) return false
        campaign.record = new CampaignStore.CampaignRecord({ ...campaign.record, status: "done", updatedAt: now })
        return true
      }),
    addContacts: (campaignId, contacts) =>
      Effect.sync(() => {
        const campaign = campaigns.get(campaignId)
        if (campaign === undefined) return 0
        let added = 0
        for (const contact of contacts) {
          if (campaign.contacts.has(contact.id)) continue
          campaign.contacts.set(contact.id, {
            contact,
            attempts: 0,
            lastDisposition: undefined,
            lastCallId: undefined,
            conclusion: undefined,
            updatedAt: undefined
          })
          added++
        }
        return added
      }),
    contacts: (campaignId) => Effect.sync(() => Array.from(contactsOf(campaignId).values(), (state) => state.contact)),
    recordAttempt: (campaignId, attempt) =>
      Effect.sync(() => {
        const campaign = campaigns.get(campaignId)
        const state = campaign?.contacts.get(attempt.contactId)
        if (campaign === undefined || state === undefined) return
        campaign.attempts.set(`${attempt.contactId}\u0000${attempt.attempt}`, attempt)
        if (attempt.attempt >= state.attempts) {
          state.attempts = attempt.attempt
          state.lastDisposition = attempt.disposition
          state.lastCallId = attempt.callId
          state.updatedAt = attempt.at
        }
      }),
    conclude: (campaignId, contactId, conclusion, now) =>
      Effect.sync(() => {
        const state = contactsOf(campaignId).get(contactId)
        if (state === undefined || state.conclusion !== undefined) return
        state.conclusion = conclusion
        state.updatedAt = now
      }),
    attempts: (campaignId) =>
      Effect.sync(() => {
        const campaign = campaigns.get(campaignId)
        if (campaign === undefined) return []
        return Array.from(campaign.attempts.values()).sort((a, b) =>
          a.contactId === b.contactId ? a.attempt - b.attempt : a.contactId < b.contactId ? -1 : 1
        )
      }),
    progress: (campaignId) =>
      Effect.map(find(campaignId), (campaign) => {
        const conclusions: Record<string, number> = {}
        const dispositions: Record<string, number> = {}
        let pending = 0
        for (const state of campaign.contacts.values()) {
          if (state.conclusion !== undefined) conclusions[state.conclusion] = (conclusions[state.conclusion] ?? 0) + 1
          else if (state.attempts === 0) pending++
        }
        for (const attempt of campaign.attempts.values()) {
          dispositions[attempt.disposition] = (dispositions[attempt.disposition] ?? 0) + 1
        }
        return CampaignStore.makeProgress(campaign.record, {
          contacts: campaign.contacts.size,
          pending,
          conclusions,
          dispositions
        })
      }),
    results: (campaignId) =>
      Effect.sync(() =>
        Array.from(contactsOf(campaignId).values(), (state) =>
          new CampaignStore.ResultRow({
            contactId: state.contact.id,
            phoneNumber: state.contact.phoneNumber,
            timeZone: state.contact.timeZone,
            attempts: state.attempts,
            lastDisposition: state.lastDisposition,
            lastCallId: state.lastCallId,
            conclusion: state.conclusion,
            updatedAt: state.updatedAt
          }))
      )
  }
}
