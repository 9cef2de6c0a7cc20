import { IANAZone } from 'luxon';

// Instants and zones on which the luxon-free time code (domain/zone-time.ts) is compared with luxon. Zones chosen
// for their oddities: half- and quarter-hour offsets, a 30-minute DST (Lord Howe), DST at midnight (Santiago, Havana), negative DST (Dublin), Ramadan changes (Casablanca), a skipped day (Apia).
export const oddZones = [
  'UTC', 'America/New_York', 'Europe/London', 'Australia/Sydney', 'Asia/Kolkata', 'Australia/Lord_Howe', 'America/Santiago',
  'America/Havana', 'Asia/Kathmandu', 'Pacific/Chatham', 'Africa/Casablanca', 'America/St_Johns', 'Pacific/Apia', 'Europe/Dublin',
  'Asia/Tehran', 'America/Sao_Paulo', 'Pacific/Kiritimati', 'Europe/Kyiv', 'America/Los_Angeles', 'Asia/Gaza',
];

export const HOUR = 3_600_000;

/** Instants around every offset change of a zone in [from, to), `stepMs` apart from three hours before to three after. */
export function aroundTransitions(zone: string, from: string, to: string, stepMs: number): number[] {
  const instants: number[] = [];
  const tz = IANAZone.create(zone);
  // Zones change offset months apart, so looking every six hours misses none.
  for (let t = Date.parse(from); t < Date.parse(to); t += 6 * HOUR) {
    if (tz.offset(t) === tz.offset(t + 6 * HOUR)) continue;
    for (let u = t - 3 * HOUR; u <= t + 9 * HOUR; u += stepMs) instants.push(u);
  }
  return instants;
}

/** Instants spread over years at an odd stride, so every minute of the day and every weekday comes up. */
export function spread(from: string, to: string, strideMs: number): number[] {
  const instants: number[] = [];
  for (let t = Date.parse(from); t < Date.parse(to); t += strideMs) instants.push(t);
  return instants;
}
