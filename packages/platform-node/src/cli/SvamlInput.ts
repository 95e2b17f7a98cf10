/**
 * SVAML given on the command line: inline JSON (`'{"action":{"name":"hangup"}}'`), a file
 * (`@update.json`), or — where the API takes one — the URL Sinch should call back for it.
 *
 * @since 0.1.0
 */
import * as Documents from "@effect-sinch/svaml/Documents"
import * as FileSystem from "@effect/platform/FileSystem"
import * as Effect from "effect/Effect"
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

// one short line: where, which rule, what the context allows (`Documents.parse`)
const decodeAs = <C extends Documents.Context>(flag: string, context: C) => {
  const parse = Documents.parse(context)
  return (json: unknown): Effect.Effect<Documents.DocumentOf[C], UsageError> =>
    Effect.mapError(parse(json), (error) => new UsageError({ message: `${flag}: ${error.message}` }))
}

/**
 * A SVAML document of `context` from inline JSON or `@file`, decoded and validated.
 *
 * @since 0.1.0
 * @category Parsing
 */
export const document = <C extends Documents.Context>(
  flag: string,
  value: string,
  context: C
): Effect.Effect<Documents.DocumentOf[C], UsageError, FileSystem.FileSystem> =>
  readText(flag, value).pipe(
    Effect.flatMap((text) => parseJson(flag, text)),
    Effect.flatMap(decodeAs(flag, context))
  )

/**
 * A SVAML document (inline JSON or `@file`), or a callback URL left as it is.
 *
 * @since 0.1.0
 * @category Parsing
 */
export const documentOrUrl = <C extends Documents.Context>(
  flag: string,
  value: string,
  context: C
): Effect.Effect<Documents.DocumentOf[C] | string, UsageError, FileSystem.FileSystem> =>
  value.startsWith("@") || value.trimStart().startsWith("{") ? document(flag, value, context) : Effect.succeed(value)
