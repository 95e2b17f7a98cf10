/**
 * The status transitions of a journal row, shared by the memory journal (and mirrored by the SQL
 * journal's `WHERE` clauses): status only moves forward; `undefined` means "leave the row".
 */
import type * as CallOutcome from "../CallOutcome.js"
import * as Attempt from "./attempt.js"

type Row = Attempt.Attempt

const rebuild = (row: Row, changes: Partial<Row>): Row => new Attempt.Attempt({ ...row, ...changes })

export const placed = (row: Row, callId: string, now: number): Row | undefined => {
  if (row.callId !== undefined && row.status !== "intended") return undefined
  return rebuild(row, {
    callId: row.callId ?? callId,
    status: row.status === "intended" ? "placed" : row.status,
    updatedAt: now
  })
}

export const refused = (row: Row, reason: string, now: number): Row | undefined =>
  row.status === "intended" ? rebuild(row, { status: "refused", note: reason, updatedAt: now }) : undefined

export const answered = (
  row: Row,
  callId: string,
  amd: CallOutcome.Amd | undefined,
  now: number
): Row | undefined => {
  const advances = row.status === "intended" || row.status === "placed" || row.status === "unknown"
  return rebuild(row, {
    callId: row.callId ?? callId,
    ...(amd === undefined ? {} : { amd }),
    status: advances ? "answered" : row.status,
    updatedAt: now
  })
}

export const ended = (row: Row, outcome: CallOutcome.Outcome, now: number): Row | undefined => {
  if (row.status === "ended") return undefined
  return rebuild(row, {
    ...(row.callId === undefined && outcome.callId !== undefined ? { callId: outcome.callId } : {}),
    status: "ended",
    outcome,
    updatedAt: now
  })
}

export const unknown = (row: Row, note: string, now: number): Row | undefined =>
  row.status === "ended" || row.status === "refused" || row.status === "unknown"
    ? undefined
    : rebuild(row, { status: "unknown", note, updatedAt: now })
