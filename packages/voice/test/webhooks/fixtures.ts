/** The callback event payloads of the reference (§4), verbatim. */
export const iceJava =
  `{"event":"ice","callid":"a call id","conferenceId":"a conference id","callResourceUrl":"https://calling-euc1.api.sinch.com/calling/v1/calls/id/a call id","timestamp":"2024-01-16T16:46:36Z","version":1,"custom":"my custom","userRate":{"currencyId":"USD","amount":0.0},"cli":"cli number","to":{"type":"number","endpoint":"+123456879"},"domain":"mxp","applicationKey":"an app key","originationType":"MXP","rdnis":"rdnis value","callHeaders":[{"key":"the key","value":"the value"}]}`

export const iceNode =
  `{"event":"ice","callid":"callId","callResourceUrl":"https://calling-use1.api.sinch.com/calling/v1/calls/id/callId","timestamp":"2023-12-29T15:07:22Z","version":1,"cli":"1234567890","to":{"type":"did","endpoint":"+1234567770"},"domain":"pstn","applicationKey":"appKey","originationType":"PSTN","rdnis":""}`

export const ace =
  `{"event":"ace","callid":"a call id","conferenceId":"a conference id","timestamp":"2024-01-19T12:49:53Z","version":1,"custom":"my custom value","applicationKey":"my application key","amd":{"status":"human","reason":"longgreeting","duration":15}}`

export const aceSigned =
  `{"event":"ace","callid":"822aa4b7-05b4-4d83-87c7-1f835ee0b6f6_257","timestamp":"2014-09-24T10:59:41Z","version":1}`

export const dice =
  `{"event":"dice","callid":"a call id","conferenceId":"a conference id","timestamp":"2024-01-19T12:49:53Z","reason":"MANAGERHANGUP","result":"ANSWERED","version":1,"custom":"my custom value","debit":{"currencyId":"EUR","amount":0.1758},"userRate":{"currencyId":"USD","amount":0.345},"to":{"type":"number","endpoint":"123456789"},"applicationKey":"an app key","duration":1,"from":"private"}`

export const pie =
  `{"event":"pie","callid":"a call id","conferenceId":"a conference id","custom":"my custom value","timestamp":"2024-01-23T15:04:28Z","menuResult":{"type":"sequence","value":"1452","menuId":"confirm","inputMethod":"dtmf"},"version":1,"applicationKey":"my application key"}`

export const notifyRecording =
  `{"event":"notify","callid":"01234567-89ab-cdef-fedc-ba9876543210","version":1,"type":"recording_available","destination":"https://www.sinch.com/calling/v1/recording/201801010000_....mp3"}`

export const notifyCallingError =
  `{"event":"notify","version":1,"type":"callingerror","callid":"a call id","errorCode":40001,"errorMsg":"Illegal SVAML","user":"a user","custom":"my custom value"}`
