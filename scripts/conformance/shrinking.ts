// Shrinking a failing random input to a smaller one that fails the same way, with
// fast-check's own shrinkers (values shrink toward the schema's minimum, strings get
// shorter, optional parameters and members drop out). Each candidate is a request,
// so shrinking has a budget.
import fc from "fast-check";

/**
 * Requests one shrink may send: enough for an integer to bisect its way from 2^53 down to
 * the edge it fails at; a rate-limited server (gym: 100 per 5 minutes) should not pay more.
 */
export const SHRINK_BUDGET = 64;

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The smallest value fast-check's shrinking reaches from `failing` for which `stillFails`
 * holds, or undefined when it finds none smaller (or `arbitrary` cannot shrink the value).
 * An error thrown by `stillFails` (the run's time limit) ends shrinking and is rethrown.
 */
export async function shrink<T>(arbitrary: fc.Arbitrary<T>, failing: T, stillFails: (candidate: T) => Promise<boolean>, seed: number, budget = SHRINK_BUDGET): Promise<T | undefined> {
  if (!arbitrary.canShrinkWithoutContext(failing)) return undefined;
  let sent = 0;
  let stopped: { error: unknown } | undefined;
  const property = fc.asyncProperty(arbitrary, async (candidate) => {
    if (same(candidate, failing)) return false; // known to fail: not sent again
    if (stopped || sent >= budget) return true;
    sent += 1;
    try {
      return !(await stillFails(candidate));
    } catch (error) {
      stopped = { error };
      return true;
    }
  });
  const result = await fc.check(property, { examples: [[failing]], numRuns: 1, seed });
  if (stopped) throw stopped.error;
  const smallest = result.counterexample?.[0];
  return smallest === undefined || same(smallest, failing) ? undefined : smallest;
}
