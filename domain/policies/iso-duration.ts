// Free of zod and luxon: the auto-mark-read workflow reads its period with this, and each workflow sandbox
// evaluates what it imports. duration.ts validates with it.

// At most 20 digits a figure, as luxon's parser allowed; a fraction only on seconds.
const ISO_DURATION = /^P(?!$)(?:(\d{1,20})Y)?(?:(\d{1,20})M)?(?:(\d{1,20})W)?(?:(\d{1,20})D)?(?:T(?=\d)(?:(\d{1,20})H)?(?:(\d{1,20})M)?(?:(\d{1,20})(?:\.(\d{1,20}))?S)?)?$/;

const SECOND = 1000;
const DAY = 86_400 * SECOND;
// Smallest unit first, in the order (and floating-point sums) luxon's Duration#toMillis used.
const unitMs = [[7, SECOND], [6, 60 * SECOND], [5, 3600 * SECOND], [4, DAY], [3, 7 * DAY], [2, 30 * DAY], [1, 365 * DAY]] as const;

/** ISO-8601 duration → milliseconds (months count 30 days, years 365), or undefined when malformed. */
export function durationToMs(iso: string): number | undefined {
  const match = ISO_DURATION.exec(iso);
  if (!match) return undefined;
  let ms = match[8] === undefined ? 0 : Math.floor(parseFloat(`0.${match[8]}`) * 1000);
  for (const [group, size] of unitMs) {
    const value = match[group] === undefined ? 0 : parseFloat(match[group]);
    if (value) ms += value * size;
  }
  return ms;
}
