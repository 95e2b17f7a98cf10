import * as Fields from "@effect-sinch/svaml/Fields"
import * as Effect from "effect/Effect"
import type * as Schema from "effect/Schema"
import * as Applications from "../Applications.js"
import type * as client from "./client.js"
import * as errors from "./errors.js"
import * as validation from "./validation.js"

const operation = (
  name: string,
  method: client.Operation["method"],
  pathTemplate: string,
  resource: string
): client.Operation => ({ service: "applications", name, method, host: "configuration", pathTemplate, resource })

const numbersPath = "/v1/configuration/numbers"
const callbacksPath = "/v1/configuration/callbacks/applications/{applicationkey}"

const operations = {
  listNumbers: operation("listNumbers", "GET", numbersPath, "numbers"),
  assignNumbers: operation("assignNumbers", "POST", numbersPath, "number"),
  unassignNumber: operation("unassignNumber", "DELETE", numbersPath, "number"),
  getCallbackUrls: operation("getCallbackUrls", "GET", callbacksPath, "application"),
  updateCallbackUrls: operation("updateCallbackUrls", "POST", callbacksPath, "application"),
  queryNumber: operation("queryNumber", "GET", "/v1/calling/query/number/{number}", "number")
}

const callbacks = (applicationKey: string, label: string) =>
  validation.pathSegment(applicationKey, { operation: label, field: "applicationKey" }).pipe(
    Effect.map((segment) => `/v1/configuration/callbacks/applications/${segment}`)
  )

/** A request to the numbers endpoint: the checked request is the body. */
const numbersRequest = <A, I>(schema: Schema.Schema<A, I>, request: A, label: string) =>
  validation.encode(schema, request, { operation: label, field: "request" }).pipe(
    Effect.map((body) => ({ path: numbersPath, body }))
  )

export const make = (client: client.Client): Applications.Service => {
  const json = <A, I>(operation: client.Operation, prepare: client.Prepare, schema: Schema.Schema<A, I>) =>
    errors.forResource(client.json(operation, prepare, schema))
  const empty = (operation: client.Operation, prepare: client.Prepare) =>
    errors.forResource(client.empty(operation, prepare))
  return {
    listNumbers: () =>
      json(operations.listNumbers, Effect.succeed({ path: numbersPath }), Applications.ListNumbersResponse),
    assignNumbers: (request) =>
      empty(
        operations.assignNumbers,
        numbersRequest(Applications.AssignNumbersRequest, request, "applications.assignNumbers")
      ),
    unassignNumber: (request) =>
      empty(
        operations.unassignNumber,
        numbersRequest(Applications.UnassignNumberRequest, request, "applications.unassignNumber")
      ),
    getCallbackUrls: (applicationKey) =>
      json(
        operations.getCallbackUrls,
        callbacks(applicationKey, "applications.getCallbackUrls").pipe(Effect.map((path) => ({ path }))),
        Applications.CallbackUrls
      ),
    updateCallbackUrls: (applicationKey, urls) => {
      const label = "applications.updateCallbackUrls"
      return empty(
        operations.updateCallbackUrls,
        Effect.all({
          path: callbacks(applicationKey, label),
          body: validation.encode(Applications.UpdateCallbackUrlsRequest, urls, { operation: label, field: "urls" })
        })
      )
    },
    queryNumber: (number) => {
      const label = "applications.queryNumber"
      return json(
        operations.queryNumber,
        validation.encode(Fields.E164, number, { operation: label, field: "number" }).pipe(
          Effect.map((valid) => ({ path: `/v1/calling/query/number/${validation.encodeSegment(valid)}` }))
        ),
        Applications.QueryNumberResponse
      )
    }
  }
}
