/**
 * A quicker decoding of `Calls.get`'s answer, giving exactly the `Calls.CallInformation` its schema
 * gives (a test checks it on generated and corrupted answers); `undefined` for anything it does not
 * accept, which the client then decodes with the schema (which says why, or decides the odd case).
 */
import * as Calls from "../Calls.js"
import * as Model from "../Model.js"
import type { Props, Read } from "./fastDecode.js"
import { bySchema, destination, isRecord, number, optionals, price, string, timestamp } from "./fastDecode.js"

/**
 * Builds the reader of the `CallInformation` a JSON answer decodes to (excess properties ignored):
 * the value, or `undefined`. (Built by the client rather than on import: `Calls` imports the client.)
 *
 * @internal
 */
export const make = (): Read<Calls.CallInformation> => {
  const customField = bySchema(Calls.CallInformation.fields.custom.from)
  // a record is copied by the schema (and a `__proto__` key handled its way): left to it
  const custom: Read<string | { readonly [key: string]: unknown }> = (input) =>
    typeof input === "string" ? input : customField(input)

  // in the order of `CallInformation`'s fields; `Schema.optional` accepts no `null`
  const fields = optionals<Calls.CallInformation>({
    from: destination,
    to: destination,
    domain: bySchema(Model.Domain),
    duration: number,
    status: bySchema(Calls.CallStatus),
    result: bySchema(Model.CallResult),
    reason: bySchema(Model.CallReason),
    timestamp,
    custom,
    userRate: price,
    debit: price
  }, { nullable: false })

  return (input) => {
    if (!isRecord(input)) return undefined
    const callId = string(input["callId"])
    if (callId === undefined) return undefined
    const props: Props<Calls.CallInformation> & { callId: string } = { callId }
    return fields(props, input) ? new Calls.CallInformation(props, true) : undefined
  }
}
