/**
 * The callbacks the load generator sends (fixtures of §4 of the API reference, fresh timestamps)
 * and the SVAML the handlers answer with — the same documents for every implementation.
 */

export const callbackPath = "/sinch/callback" as const

export const events = (timestamp: string): ReadonlyArray<string> => [
  JSON.stringify({
    event: "ice",
    callid: "822aa4b7-05b4-4d83-87c7-1f835ee0b6f6_257",
    callResourceUrl: "https://calling-use1.api.sinch.com/calling/v1/calls/id/822aa4b7-05b4-4d83-87c7-1f835ee0b6f6_257",
    timestamp,
    version: 1,
    custom: "customer-42",
    userRate: { currencyId: "USD", amount: 0.0085 },
    cli: "+14045001000",
    to: { type: "did", endpoint: "+14045005000" },
    domain: "pstn",
    applicationKey: "669E367E-6BBA-48AB-AF15-266871C28135",
    originationType: "PSTN",
    rdnis: ""
  }),
  JSON.stringify({
    event: "ace",
    callid: "822aa4b7-05b4-4d83-87c7-1f835ee0b6f6_257",
    timestamp,
    version: 1,
    custom: "customer-42",
    applicationKey: "669E367E-6BBA-48AB-AF15-266871C28135",
    amd: { status: "human", reason: "longgreeting", duration: 15 }
  }),
  JSON.stringify({
    event: "pie",
    callid: "822aa4b7-05b4-4d83-87c7-1f835ee0b6f6_257",
    timestamp,
    version: 1,
    custom: "customer-42",
    applicationKey: "669E367E-6BBA-48AB-AF15-266871C28135",
    menuResult: { type: "sequence", value: "1452", menuId: "main", inputMethod: "dtmf" }
  }),
  JSON.stringify({
    event: "dice",
    callid: "822aa4b7-05b4-4d83-87c7-1f835ee0b6f6_257",
    timestamp,
    reason: "CALLERHANGUP",
    result: "ANSWERED",
    version: 1,
    custom: "customer-42",
    debit: { currencyId: "USD", amount: 0.0425 },
    userRate: { currencyId: "USD", amount: 0.0085 },
    to: { type: "number", endpoint: "+14045005000" },
    applicationKey: "669E367E-6BBA-48AB-AF15-266871C28135",
    duration: 5,
    from: "+14045001000"
  })
]

/** What every handler answers to an ICE: greet, then connect the caller. */
export const iceAnswer = (cli: string) => ({
  instructions: [{ name: "say", text: "Welcome to the benchmark. Connecting you now.", locale: "en-US" }],
  action: { name: "connectPstn", number: "+14045009999", cli, maxDuration: 3600 }
})

/** What every handler answers to an ACE: continue. */
export const aceAnswer = () => ({ action: { name: "continue" } })

/** What every handler answers to a PIE: read the digits back and hang up. */
export const pieAnswer = (digits: string) => ({
  instructions: [{ name: "say", text: `You entered ${digits}. Goodbye.`, locale: "en-US" }],
  action: { name: "hangup" }
})
