// Asserting on what a promise rejects with.

/** The error `promise` rejects with; the test fails when it resolves or rejects with anything but a `type`. */
export async function failure<T extends Error>(promise: Promise<unknown>, type: abstract new (...args: never[]) => T): Promise<T> {
  try {
    await promise
  } catch (error) {
    if (error instanceof type) return error
    throw error
  }

  throw new Error(`expected a ${type.name}`)
}
