import * as Activity from "@effect/workflow/Activity"
import * as DurableClock from "@effect/workflow/DurableClock"
import * as Workflow from "@effect/workflow/Workflow"
import * as WorkflowEngine from "@effect/workflow/WorkflowEngine"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Schedule from "effect/Schedule"
import * as Schema from "effect/Schema"
import * as CallAnswer from "../CallAnswer.js"
import * as CallFlow from "../CallFlow.js"
import * as CallingWindow from "../CallingWindow.js"
import type * as Campaign from "../Campaign.js"
import * as CampaignError from "../CampaignError.js"
import * as CampaignStore from "../CampaignStore.js"
import * as Contacts from "../Contacts.js"
import * as Correlation from "../Correlation.js"
import * as Pacer from "../Pacer.js"
import * as WorkflowError from "../WorkflowError.js"
import * as storageOutage from "./storageOutage.js"

/** A campaign's settings, stored as JSON with the campaign (the same settings give the same JSON). */
export class Definition extends Schema.Class<Definition>("@effect-sinch/workflow/Campaign/Definition")({
  message: CallAnswer.Message,
  machine: Schema.optional(CallAnswer.MachinePolicy),
  cli: Schema.optional(Schema.String),
  dialTimeoutSeconds: Schema.optional(Schema.Int),
  maxDurationSeconds: Schema.optional(Schema.Int),
  retry: CallFlow.RetryPolicy,
  windows: Schema.Array(CallingWindow.Window),
  limits: Pacer.Limits,
  statusCheckSeconds: Schema.Number
}) {}

export const DefinitionJson = Schema.parseJson(Definition)

const idPattern = /^[A-Za-z0-9._:-]{1,100}$/

/** The settings of `Campaign.start`, without the contacts. */
export type DefinitionOptions = Omit<Campaign.StartOptions<unknown, unknown>, "contacts">

/** Checks the settings and builds the stored definition. */
export const makeDefinition = (
  options: DefinitionOptions
): Either.Either<Definition, WorkflowError.InvalidCampaign> => {
  const invalid = (field: string, reason: string) => Either.left(new WorkflowError.InvalidCampaign({ field, reason }))
  if (!idPattern.test(options.id)) {
    return invalid("id", `${CampaignError.quote(options.id)}: 1 to 100 letters, digits, ".", "_", ":" or "-"`)
  }
  const windows: Array<CallingWindow.Window> = []
  for (const window of options.windows ?? []) {
    const made = CallingWindow.make(window)
    if (Either.isLeft(made)) return invalid("windows", made.left.reason)
    windows.push(made.right)
  }
  if (options.defaultTimeZone !== undefined) {
    const zone = CallingWindow.validateTimeZone(options.defaultTimeZone)
    if (Either.isLeft(zone)) return invalid("defaultTimeZone", zone.left.message)
  }
  const statusCheck = Duration.decodeUnknown(options.statusCheckInterval ?? Duration.minutes(1))
  if (statusCheck._tag === "None" || Duration.toMillis(statusCheck.value) < 1000) {
    return invalid("statusCheckInterval", "must be a duration of at least 1 second")
  }
  const decoded = Schema.decodeUnknownEither(Definition)({
    message: options.message,
    machine: options.machine,
    cli: options.cli,
    dialTimeoutSeconds: options.dialTimeoutSeconds,
    maxDurationSeconds: options.maxDurationSeconds,
    retry: options.retry ?? {},
    windows: windows.map((window) => ({ ...window })),
    limits: {
      callsPerSecond: options.callsPerSecond ?? Pacer.defaultLimits.callsPerSecond,
      maxLiveCalls: options.maxLiveCalls ?? Pacer.defaultLimits.maxLiveCalls
    },
    statusCheckSeconds: Math.round(Duration.toMillis(statusCheck.value) / 1000)
  }, { onExcessProperty: "ignore" })
  if (Either.isLeft(decoded)) return invalid("settings", decoded.left.message.slice(0, 300))
  return Either.right(decoded.right)
}

export const ContactError = Schema.Union(
  WorkflowError.JournalError,
  WorkflowError.CampaignNotFound,
  CampaignError.CampaignStorageError
)

export const ContactWorkflow = Workflow.make({
  name: "@effect-sinch/workflow/Campaign/Contact",
  payload: { campaignId: Schema.String, contact: Contacts.Contact },
  success: CampaignStore.Conclusion,
  error: ContactError,
  idempotencyKey: (payload) => `${payload.campaignId}/${payload.contact.id}`
})

/**
 * Starts the workflows of the campaign's first `contacts` stored contacts (in the order they were
 * added). Registered with the engine by `Campaign.start` once the contacts are stored, so a start
 * cut short by a crash is finished by the engine like any other workflow (on restart, or on
 * another runner). Idempotency key `campaignId/contacts`: starting the same list again is one
 * execution; a longer list is a new one, whose repeated starts of earlier contacts the engine
 * deduplicates.
 */
export const LaunchWorkflow = Workflow.make({
  name: "@effect-sinch/workflow/Campaign/Launch",
  payload: { campaignId: Schema.String, contacts: Schema.Number },
  error: CampaignError.CampaignStorageError,
  idempotencyKey: (payload) => `${payload.campaignId}/${payload.contacts}`
})

// a database blip must not fail a contact for good: storage steps try again for about 6 s, and
// a database that cannot be reached is waited for first (`CallFlow.Settings.storageOutage`)
const storageRetry = <A, E extends { readonly _tag: string }, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.flatMap(Effect.serviceOption(CallFlow.Settings), (settings) =>
    Effect.retry(effect, {
      schedule: Schedule.exponential(Duration.millis(200)),
      times: 5,
      while: (error) => error._tag === "CampaignStorageError"
    }).pipe(
      storageOutage.within(Option.getOrUndefined(settings)?.storageOutage ?? CallFlow.defaultStorageOutage)
    ))

const Gate = Schema.Union(
  Schema.TaggedStruct("Open", {}),
  Schema.TaggedStruct("Cancelled", {}),
  Schema.TaggedStruct("Wait", { millis: Schema.Number, why: Schema.Literal("paused", "window") })
)
type Gate = typeof Gate.Type

const open: Gate = { _tag: "Open" }
const cancelled: Gate = { _tag: "Cancelled" }

/** `{{name}}` in a spoken text becomes the contact's variable (empty when the contact has none). */
export const personalise = (message: CallAnswer.Message, variables: Readonly<Record<string, string>>) =>
  typeof message === "string"
    ? message.replace(/\{\{\s*([^{}\s]{1,64})\s*\}\}/g, (_, name: string) => variables[name] ?? "")
    : message

const machinePolicy = (
  machine: CallAnswer.MachinePolicy | undefined,
  variables: Readonly<Record<string, string>>
): CallAnswer.MachinePolicy | undefined =>
  machine?._tag === "LeaveVoicemail" ? CallAnswer.leaveVoicemail(personalise(machine.message, variables)) : machine

const loadDefinition = (campaignId: string) =>
  Effect.gen(function*() {
    const store = yield* CampaignStore.CampaignStore
    const record = yield* store.get(campaignId)
    return yield* Schema.decode(DefinitionJson)(record.definition).pipe(
      Effect.mapError(() =>
        new CampaignError.CampaignStorageError({
          operation: "Campaign: definition",
          reason: "stored settings unreadable"
        })
      )
    )
  })

/** Status first (cancelled / paused win), then the contact's calling window. */
const checkGate = (campaignId: string, contact: Contacts.Contact, definition: Definition) =>
  Effect.gen(function*() {
    const store = yield* CampaignStore.CampaignStore
    const record = yield* store.get(campaignId)
    if (record.status === "cancelled") return cancelled
    if (record.status === "paused") {
      return { _tag: "Wait", millis: definition.statusCheckSeconds * 1000, why: "paused" } as const
    }
    if (definition.windows.length === 0) {
      return open
    }
    const now = yield* Clock.currentTimeMillis
    const opening = CallingWindow.nextOpening(now, definition.windows, contact.timeZone)
    // zones and windows were checked when the campaign started: a failure here cannot close the window
    if (Either.isLeft(opening) || opening.right <= now) return open
    return { _tag: "Wait", millis: opening.right - now, why: "window" } as const
  })

/**
 * The gate and, when it is open, a pacer slot and the gate once more (the wait for a slot may have
 * been long: pause, cancel and the window are checked again; a slot taken for a gate that has
 * closed meanwhile is given back). One activity, not three: every activity is a stored message and
 * reply of the engine. Run again after a crash, it takes the same slot again (a lease per attempt
 * key) and checks the gate again.
 */
const admitActivity = (
  name: string,
  campaignId: string,
  contact: Contacts.Contact,
  definition: Definition,
  key: string
) =>
  Activity.make({
    name,
    success: Gate,
    error: ContactError,
    execute: storageRetry(Effect.gen(function*() {
      const gate = yield* checkGate(campaignId, contact, definition)
      if (gate._tag !== "Open") return gate
      const pacer = yield* Pacer.Pacer
      yield* pacer.acquire(campaignId, key)
      const admitted = yield* checkGate(campaignId, contact, definition)
      if (admitted._tag !== "Open") yield* pacer.release(key)
      return admitted
    }))
  })

/**
 * Waits until the attempt may be placed: running, inside the window, with a pacer slot (and
 * still running and inside the window once the slot is granted). False when cancelled.
 */
const admit = (campaignId: string, contact: Contacts.Contact, definition: Definition, attempt: number, key: string) =>
  Effect.gen(function*() {
    for (let step = 0;; step++) {
      const gate = yield* admitActivity(`Campaign/admit/${attempt}/${step}`, campaignId, contact, definition, key)
      if (gate._tag === "Open") return true
      if (gate._tag === "Cancelled") return false
      yield* DurableClock.sleep({
        name: `Campaign/${gate.why}/${attempt}/${step}`,
        duration: Duration.millis(Math.max(1, gate.millis)),
        inMemoryThreshold: Duration.millis(1)
      })
    }
  })

const conclude = (
  campaignId: string,
  contactId: string,
  conclusion: CampaignStore.Conclusion,
  name = "Campaign/conclude"
) =>
  Activity.make({
    name,
    success: CampaignStore.Conclusion,
    error: CampaignError.CampaignStorageError,
    execute: storageRetry(Effect.gen(function*() {
      const store = yield* CampaignStore.CampaignStore
      const now = yield* Clock.currentTimeMillis
      yield* store.conclude(campaignId, contactId, conclusion, now)
      yield* store.completeIfDone(campaignId, now)
      return conclusion
    }))
  })

/** The body of `ContactWorkflow`: gate → pacer → `CallFlow.call` → record → decide → retry later. */
export const run = (payload: { readonly campaignId: string; readonly contact: Contacts.Contact }) =>
  Effect.gen(function*() {
    const { campaignId, contact } = payload
    const instance = yield* WorkflowEngine.WorkflowInstance
    const definition = yield* Activity.make({
      name: "Campaign/definition",
      success: Definition,
      error: ContactError,
      execute: storageRetry(loadDefinition(campaignId))
    })
    const request: CallFlow.CallRequest = {
      destination: contact.phoneNumber,
      message: personalise(definition.message, contact.variables),
      machine: machinePolicy(definition.machine, contact.variables),
      cli: definition.cli,
      campaignId,
      contactId: contact.id,
      dialTimeoutSeconds: definition.dialTimeoutSeconds,
      maxDurationSeconds: definition.maxDurationSeconds
    }
    for (let attempt = 1;; attempt++) {
      const key = Correlation.workflowKey(instance.executionId, attempt)
      if (!(yield* admit(campaignId, contact, definition, attempt, key))) {
        return yield* conclude(campaignId, contact.id, "cancelled")
      }
      const outcome = yield* CallFlow.call({ attempt, request })
      yield* Activity.make({
        name: `Campaign/record/${attempt}`,
        error: CampaignError.CampaignStorageError,
        execute: storageRetry(Effect.gen(function*() {
          const pacer = yield* Pacer.Pacer
          const store = yield* CampaignStore.CampaignStore
          yield* pacer.release(key)
          yield* store.recordAttempt(
            campaignId,
            new CampaignStore.AttemptRecord({
              contactId: contact.id,
              attempt,
              disposition: outcome.disposition,
              at: yield* Clock.currentTimeMillis,
              ...(outcome.callId === undefined ? {} : { callId: outcome.callId })
            })
          )
        }))
      })
      const next = CallFlow.decide(request, definition.retry, outcome, attempt)
      if (next._tag === "Stop") return yield* conclude(campaignId, contact.id, next.conclusion)
      yield* DurableClock.sleep({
        name: `Campaign/retry/${attempt}`,
        duration: CallFlow.retryDelay(definition.retry, attempt),
        inMemoryThreshold: Duration.millis(1)
      })
    }
  })

/**
 * The body of `LaunchWorkflow`: one activity (at-least-once: run again after a crash, it starts
 * every contact again and the engine ignores those already started), tried until it succeeds.
 */
export const launch = (payload: { readonly campaignId: string; readonly contacts: number }) =>
  Activity.make({
    name: "Campaign/launch",
    error: CampaignError.CampaignStorageError,
    execute: Effect.gen(function*() {
      const store = yield* CampaignStore.CampaignStore
      const contacts = yield* storageRetry(store.contacts(payload.campaignId))
      yield* Effect.forEach(
        contacts.slice(0, payload.contacts),
        (contact) =>
          ContactWorkflow.execute({ campaignId: payload.campaignId, contact }, { discard: true }).pipe(
            // independent executions, not children of the launch (whose end must not touch them)
            Effect.mapInputContext((context: Context.Context<WorkflowEngine.WorkflowEngine>) =>
              Context.omit(WorkflowEngine.WorkflowInstance)(context)
            )
          ),
        // starting is a storage write per contact on a cluster: a few at once, not 100 000
        { discard: true, concurrency: 16 }
      )
    }).pipe(
      // the contacts must be started: a database or engine outage is waited out, not given up on
      Effect.catchAllDefect((defect) =>
        new CampaignError.CampaignStorageError({
          operation: "Campaign: launch",
          reason: WorkflowError.boundedReason(String(defect))
        })
      ),
      Effect.tapError((error) => Effect.logWarning("Campaign: starting the contacts failed; trying again", error)),
      Effect.retry(Schedule.union(Schedule.exponential(Duration.seconds(1)), Schedule.spaced(Duration.minutes(1))))
    )
  })

/**
 * `run`, with a contact whose workflow fails for good concluded `failed`, so that the campaign
 * still ends (a failed workflow is never run again by the engine). Its own activity name: a failed
 * `Campaign/conclude` is replayed as failed.
 */
export const runToConclusion = (payload: { readonly campaignId: string; readonly contact: Contacts.Contact }) =>
  Effect.catchAll(run(payload), (error) =>
    Effect.zipRight(
      Effect.logError("campaign: a contact's workflow failed; concluded failed, no further call", {
        campaignId: payload.campaignId,
        contactId: payload.contact.id,
        error: error.message
      }),
      conclude(payload.campaignId, payload.contact.id, "failed", "Campaign/conclude-failed")
    ))
