// `npm run soak` runs the fault tests longer (XV32_SOAK=1): the same tests, with more kill
// points, power cuts, damaged images, fuzzed device requests and system calls.
export const SOAK = process.env.XV32_SOAK === '1';

/** `normal` in npm test, `long` under npm run soak. */
export const soak = (normal: number, long: number): number => (SOAK ? long : normal);

/** A test's time limit: vitest's default in npm test, hours under soak (10 million system calls
 *  take about an hour on a loaded 2-core machine). */
export const SOAK_TIMEOUT_MS = SOAK ? 6 * 3600_000 : undefined;
