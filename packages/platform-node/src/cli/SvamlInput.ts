/**
 * SVAML given on the command line: inline JSON (`'{"action":{"name":"hangup"}}'`), a file
 * (`@update.json`), or — where the API takes one — the URL Sinch should call back for it.
 *
 * @since 0.1.0
 */
import * as Issues from "@effect-sinch/svaml/Issues"
import * as FileSystem from "@effect/platform/FileSystem"
import * as Effect from "effect/Effect"
import type * as ParseResult from "effect/ParseResult"
import { UsageError } from "./ExitCode.js"

const readText = (flag: string, value: string): Effect.Effect<string, UsageError, FileSystem.FileSystem> =>
  value.startsWith("@")
    ? Effect.flatMap(FileSystem.FileSystem, (fs) => fs.readFileString(value.slice(1))).pipe(
      Effect.mapError((error) =>
        new UsageError({ message: `${flag}: cannot read ${value.slice(1)}: ${error.message}` })
      )
    )
    : Effect.succeed(value)

const parseJson = (flag: string, text: string): Effect.Effect<unknown, UsageError> =>
  Effect.try({
    try: (): unknown => JSON.parse(text),
    catch: () => new UsageError({ message: `${flag}: not valid JSON` })
  })

const decodeWith =
  <A>(flag: string, decode: (u: unknown) => Effect.Effect<A, ParseResult.ParseError>) =>
  (json: unknown): Effect.Effect<A, UsageError> =>
    decode(json).pipe(
      Effect.mapError((error) =>
        new UsageError({
          message: `${flag}: ${Issues.describe(error)}`
        })
      )
    )

/**
 * A SVAML document from inline JSON or `@file`.
 *
 * @since 0.1.0
 * @category Parsing
 */
export const document = <A>(
  flag: string,
  value: string,
  decode: (u: unknown) => Effect.Effect<A, ParseResult.ParseError>
): Effect.Effect<A, UsageError, FileSystem.FileSystem> =>
  readText(flag, value).pipe(
    Effect.flatMap((text) => parseJson(flag, text)),
    Effect.flatMap(decodeWith(flag, decode))
  )

/**
 * A SVAML document (inline JSON or `@file`), or a callback URL left as it is.
 *
 * @since 0.1.0
 * @category Parsing
 */
export const documentOrUrl = <A>(
  flag: string,
  value: string,
  decode: (u: unknown) => Effect.Effect<A, ParseResult.ParseError>
): Effect.Effect<A | string, UsageError, FileSystem.FileSystem> =>
  value.startsWith("@") || value.trimStart().startsWith("{") ? document(flag, value, decode) : Effect.succeed(value)
