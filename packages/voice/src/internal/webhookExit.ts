/**
 * Most steps of a callback complete without waiting; their effect is then an `Exit`, read at once
 * instead of being run by a fiber. These helpers keep such a chain of steps an `Exit`.
 */
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Exit from "effect/Exit"

/**
 * Whether `effect` is already its result.
 *
 * @internal
 */
export const isExit = <A, E, R>(effect: Effect.Effect<A, E, R>): effect is Exit.Exit<A, E> => Exit.isExit(effect)

/**
 * `Effect.flatMap`, applied at once when `self` is already an `Exit`.
 *
 * @internal
 */
export const chain = <A, E, B, E2>(
  self: Effect.Effect<A, E>,
  f: (a: A) => Effect.Effect<B, E2>
): Effect.Effect<B, E | E2> =>
  isExit(self)
    ? (Exit.isSuccess(self) ? f(self.value) : Exit.failCause(self.cause))
    : Effect.flatMap(self, f)

/**
 * An `Either` as the `Exit` it stands for.
 *
 * @internal
 */
export const fromEither = <A, E>(either: Either.Either<A, E>): Exit.Exit<A, E> =>
  Either.isRight(either) ? Exit.succeed(either.right) : Exit.fail(either.left)
