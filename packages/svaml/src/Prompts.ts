/**
 * Prompt strings, as used by `playFiles.ids`, a menu's `mainPrompt` / `repeatPrompt`, a park's
 * `introPrompt` / `holdPrompt` and a TTS callout's `prompts`: `#tts[text]`, `#ssml[<speak>…</speak>]`,
 * `#href[url]` (or a bare URL), or a file id. Several prompts joined with `;` play back to back.
 *
 * @since 0.1.0
 */
import type * as Arr from "effect/Array"

/**
 * Text spoken by the text-to-speech engine: `#tts[text]`.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const tts = (text: string): string => `#tts[${text}]`

/**
 * SSML spoken by the text-to-speech engine: `#ssml[<speak>…</speak>]`.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const ssml = (markup: string): string => `#ssml[${markup}]`

/**
 * An audio file played from a URL: `#href[url]`.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const href = (url: string): string => `#href[${url}]`

/**
 * Plays prompts back to back, without pauses: joins them with `;`.
 *
 * @since 0.1.0
 * @category Combinators
 */
export const join = (...prompts: Arr.NonEmptyReadonlyArray<string>): string => prompts.join(";")

/**
 * One part of a prompt string.
 *
 * @since 0.1.0
 * @category Models
 */
export type Part =
  | { readonly _tag: "Tts"; readonly text: string }
  | { readonly _tag: "Ssml"; readonly markup: string }
  | { readonly _tag: "Href"; readonly url: string }
  | { readonly _tag: "File"; readonly id: string }

// `#kind[...]` runs to the `]` that ends the part, so `;` and `]` inside the text are kept
const tagged = /#(tts|ssml|href)\[([\s\S]*?)\](?=;|$)/y

/**
 * Splits a prompt string into its parts, e.g. to simulate a call or to measure its TTS text.
 * Anything that is not `#tts[…]`, `#ssml[…]` or `#href[…]` is a file id (or a bare URL).
 *
 * @since 0.1.0
 * @category Parsing
 */
export const parse = (prompt: string): Array<Part> => {
  const parts: Array<Part> = []
  let index = 0
  while (index < prompt.length) {
    tagged.lastIndex = index
    const match = tagged.exec(prompt)
    if (match !== null) {
      const [whole, kind, content = ""] = match
      parts.push(
        kind === "tts"
          ? { _tag: "Tts", text: content }
          : kind === "ssml"
          ? { _tag: "Ssml", markup: content }
          : { _tag: "Href", url: content }
      )
      index += whole.length + 1
    } else {
      const end = prompt.indexOf(";", index)
      const id = prompt.slice(index, end === -1 ? prompt.length : end)
      if (id !== "") parts.push({ _tag: "File", id })
      index = end === -1 ? prompt.length : end + 1
    }
  }
  return parts
}
