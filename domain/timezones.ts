const zones = new Set([...Intl.supportedValuesOf('timeZone'), 'UTC', 'Etc/UTC']);

/** True for IANA zone names such as "America/New_York" (what Intl knows), and UTC. */
export function isValidTimezone(zone: string): boolean {
  return zones.has(zone);
}
