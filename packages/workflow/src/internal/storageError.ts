import type * as SqlError from "@effect/sql/SqlError"
import * as Effect from "effect/Effect"
import * as CampaignError from "../CampaignError.js"
import { retryTransient } from "./storageOutage.js"

const reasonOf = (error: SqlError.SqlError): string => {
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : ""
  const text = `${error.message}${cause}`
  return text.length > 200 ? `${text.slice(0, 197)}...` : text
}

/**
 * Maps a driver failure to `CampaignStorageError` naming the operation, with a bounded reason —
 * after riding out an outage as long as the running step allows (`storageOutage`).
 */
export const orStorageError = (operation: string) =>
<A, R>(
  effect: Effect.Effect<A, SqlError.SqlError, R>
): Effect.Effect<A, CampaignError.CampaignStorageError, R> =>
  Effect.mapError(
    retryTransient(operation)(effect),
    (error) => new CampaignError.CampaignStorageError({ operation, reason: reasonOf(error) })
  )

/** A number column read back from any driver (Postgres returns BIGINT as a string). */
export const toNumber = (value: unknown): number =>
  typeof value === "number" ? value : typeof value === "bigint" ? Number(value) : Number(String(value))
