/**
 * The numbers of the campaign benchmark: the application's number (the callouts' CLI) and the
 * contacts' numbers, a range per campaign so that the far end can script one range and not another.
 */

/** The application's number, the CLI of every callout. */
export const cli = "+14045001000"

/** `count` distinct numbers: `+4670`, the two-digit `prefix`, then a six-digit index. */
export const phoneNumbers = (prefix: string, count: number): ReadonlyArray<string> =>
  Array.from({ length: count }, (_, index) => `+4670${prefix}${String(index).padStart(6, "0")}`)

/** The contacts of a campaign whose numbers start with `prefix`. */
export const contacts = (prefix: string, count: number): ReadonlyArray<{ id: string; phoneNumber: string }> =>
  phoneNumbers(prefix, count).map((phoneNumber, index) => ({ id: `c${index}`, phoneNumber }))
