/**
 * A quicker decoding of the callback events for the webhook server, giving exactly the events the
 * `Events` schemas give (a test checks it on generated events). The schemas read every optional
 * field through a transformation ("absent, `null` or a value"), which is most of the cost of an
 * event; here each field is checked directly and the class instances are made from the result.
 * Values whose decoding is not a plain type check (open enumerations, timestamps in other forms,
 * error codes) still go through their schema. Whatever this does not accept goes through the
 * `Events` schemas, which give the reason (see `webhookHttp.decodeEvent`).
 *
 * The field lists mirror `Events`, in the same order.
 */
import type * as DateTime from "effect/DateTime"
import * as Events from "../Events.js"
import * as Model from "../Model.js"
import type { Input, Mutable, Read, Readers } from "./fastDecode.js"
import {
  bySchema,
  destination,
  finite,
  isRecord,
  optionals as optionalsOf,
  price,
  string,
  timestamp
} from "./fastDecode.js"

/** `Events` reads an absent or `null` optional field as absent; a field of the wrong type fails. */
const optionals = <A>(readers: Readers<A>) => optionalsOf(readers, { nullable: true })

const domain = bySchema(Model.Domain)
const callReason = bySchema(Model.CallReason)
const callResult = bySchema(Model.CallResult)
const errorCode = bySchema(Model.ErrorCode)
const amdStatus = bySchema(Events.AmdStatus)
const amdReason = bySchema(Events.AmdReason)
const menuResultType = bySchema(Events.MenuResultType)
const inputMethod = bySchema(Events.InputMethod)
const notifyType = bySchema(Events.NotifyType)

const callHeaders: Read<ReadonlyArray<{ readonly key: string; readonly value: string }>> = (input) => {
  if (!Array.isArray(input)) return undefined
  const headers: Array<{ readonly key: string; readonly value: string }> = []
  for (const header of input) {
    if (!isRecord(header)) return undefined
    const key = string(header["key"])
    const value = string(header["value"])
    if (key === undefined || value === undefined) return undefined
    headers.push({ key, value })
  }
  return headers
}

const amdFields = optionals<Events.AnsweringMachineDetection>({
  status: amdStatus,
  reason: amdReason,
  duration: finite
})
const amd: Read<Events.AnsweringMachineDetection> = (input) => {
  if (!isRecord(input)) return undefined
  const props: Mutable<Omit<Events.AnsweringMachineDetection, never>> = {}
  return amdFields(props, input) ? new Events.AnsweringMachineDetection(props, true) : undefined
}

const menuResultHead = optionals<Events.MenuResult>({ menuId: string })
const menuResultTail = optionals<Events.MenuResult>({ value: string, inputMethod })
const menuResult: Read<Events.MenuResult> = (input) => {
  if (!isRecord(input)) return undefined
  const type = menuResultType(input["type"])
  if (type === undefined) return undefined
  const head: Mutable<Pick<Events.MenuResult, "menuId">> = {}
  const tail: Mutable<Omit<Events.MenuResult, "menuId" | "type">> = {}
  const valid = menuResultHead(head, input) && menuResultTail(tail, input)
  // in the order of `MenuResult`'s fields
  return valid ? new Events.MenuResult({ ...head, type, ...tail }, true) : undefined
}

interface Common {
  callid: string
  conferenceId?: string
  callResourceUrl?: string
  timestamp?: DateTime.Utc
  version?: number
  custom?: string
  applicationKey?: string
}

const commonFields: Readers<Common> = {
  conferenceId: string,
  callResourceUrl: string,
  timestamp,
  version: finite,
  custom: string,
  applicationKey: string
}
const common = optionals<Common>(commonFields)

const iceFields = optionals<Events.IceEvent>({
  ...commonFields,
  userRate: price,
  cli: string,
  to: destination,
  domain,
  originationType: domain,
  duration: finite,
  rdnis: string,
  callHeaders,
  user: string
})
const ice = (input: Input, callid: string): Events.IceEvent | undefined => {
  const props: Mutable<Omit<Events.IceEvent, never>> = { event: "ice", callid }
  return iceFields(props, input) ? new Events.IceEvent(props, true) : undefined
}

const aceFields = optionals<Events.AceEvent>({ ...commonFields, amd })
const ace = (input: Input, callid: string): Events.AceEvent | undefined => {
  const props: Mutable<Omit<Events.AceEvent, never>> = { event: "ace", callid }
  return aceFields(props, input) ? new Events.AceEvent(props, true) : undefined
}

const diceFields = optionals<Events.DiceEvent>({
  ...commonFields,
  reason: callReason,
  result: callResult,
  debit: price,
  userRate: price,
  to: destination,
  duration: finite,
  from: string,
  callHeaders
})
const dice = (input: Input, callid: string): Events.DiceEvent | undefined => {
  const props: Mutable<Omit<Events.DiceEvent, never>> = { event: "dice", callid }
  return diceFields(props, input) ? new Events.DiceEvent(props, true) : undefined
}

const pie = (input: Input, callid: string): Events.PieEvent | undefined => {
  const result = menuResult(input["menuResult"])
  if (result === undefined) return undefined
  const props: Common & { readonly event: "pie" } = { event: "pie", callid }
  return common(props, input) ? new Events.PieEvent({ ...props, menuResult: result }, true) : undefined
}

const notifyFields = optionals<Events.NotifyEvent>({
  destination: string,
  amd,
  errorCode,
  errorMsg: string,
  user: string
})
const notify = (input: Input, callid: string): Events.NotifyEvent | undefined => {
  const type = notifyType(input["type"])
  if (type === undefined) return undefined
  const props: Common & { readonly event: "notify" } = { event: "notify", callid }
  const rest: Mutable<Omit<Events.NotifyEvent, keyof Common | "event" | "type">> = {}
  const valid = common(props, input) && notifyFields(rest, input)
  return valid ? new Events.NotifyEvent({ ...props, type, ...rest }, true) : undefined
}

const readers = { ice, ace, dice, pie, notify }

/**
 * The event `value` is, read as `Events` would read it once its type is known; `undefined` when it
 * is not one (then `Events` says why).
 *
 * @internal
 */
export const decode = (type: Events.EventType, value: object): Events.CallbackEvent | undefined => {
  if (!isRecord(value)) return undefined
  const callid = string(value["callid"])
  return callid === undefined ? undefined : readers[type](value, callid)
}
