/** Timestamps in every form `Model.Timestamp` reads or rejects: Sinch's, zone-less, offsets, odd casing, invalid. */
export const forms: ReadonlyArray<string> = [
  "2024-01-16T16:46:36Z",
  "2024-01-16T16:46:36.123Z",
  "2024-01-16T16:46:36.123456789Z",
  "2024-01-16T16:46:36",
  "2024-01-16T16:46",
  "2024-01-16T16:46:36+02:00",
  "2024-01-16t16:46:36z",
  " 2024-01-16T16:46:36Z ",
  "2024-02-30T16:46:36Z",
  "2024-13-16T16:46:36Z",
  "yesterday"
]
