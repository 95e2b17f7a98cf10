import * as VoiceConfig from "@effect-sinch/voice/VoiceConfig"
import { describe, expect, it } from "@effect/vitest"
import * as ConfigError from "effect/ConfigError"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"

const credentials = {
  SINCH_APPLICATION_KEY: "669E367E-6BBA-48AB-AF15-266871C28135",
  SINCH_APPLICATION_SECRET: "BeIukql3pTKJ8RGL5zo0DA=="
}

const read = (env: Record<string, string>) =>
  Effect.withConfigProvider(VoiceConfig.fromEnv, ConfigProvider.fromMap(new Map(Object.entries(env))))

describe("VoiceConfig.fromEnv", () => {
  it.effect("without base URLs: no host override, the region picks the hosts", () =>
    Effect.gen(function*() {
      const options = yield* read(credentials)
      expect(options.callingBaseUrl).toBeUndefined()
      expect(options.configurationBaseUrl).toBeUndefined()
      expect("callingBaseUrl" in options).toBe(false)
    }))

  it.effect("SINCH_VOICE_BASE_URL points both hosts at one server (the simulator)", () =>
    Effect.gen(function*() {
      const options = yield* read({ ...credentials, SINCH_VOICE_BASE_URL: "http://127.0.0.1:43121/" })
      expect(options.callingBaseUrl).toBe("http://127.0.0.1:43121")
      expect(options.configurationBaseUrl).toBe("http://127.0.0.1:43121")
    }))

  it.effect("SINCH_VOICE_CONFIGURATION_URL moves the configuration host alone", () =>
    Effect.gen(function*() {
      const alone = yield* read({ ...credentials, SINCH_VOICE_CONFIGURATION_URL: "https://config.example.com" })
      expect(alone.callingBaseUrl).toBeUndefined()
      expect(alone.configurationBaseUrl).toBe("https://config.example.com")
      const both = yield* read({
        ...credentials,
        SINCH_VOICE_BASE_URL: "https://calling.example.com",
        SINCH_VOICE_CONFIGURATION_URL: "https://config.example.com"
      })
      expect(both.callingBaseUrl).toBe("https://calling.example.com")
      expect(both.configurationBaseUrl).toBe("https://config.example.com")
    }))

  it.effect("a base URL that is not an http(s) URL fails naming the variable", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(read({ ...credentials, SINCH_VOICE_BASE_URL: "ftp://example.com" }))
      expect(ConfigError.isConfigError(error)).toBe(true)
      expect(error._op).toBe("InvalidData")
      expect(error._op === "InvalidData" && error.path).toEqual(["SINCH_VOICE_BASE_URL"])
      const relative = yield* Effect.flip(read({ ...credentials, SINCH_VOICE_CONFIGURATION_URL: "/v1" }))
      expect(relative._op === "InvalidData" && relative.path).toEqual(["SINCH_VOICE_CONFIGURATION_URL"])
    }))
})
