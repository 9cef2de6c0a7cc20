import { IANAZone } from 'luxon';

/**
 * True for IANA zone names such as "America/New_York" or "Asia/Kolkata", and UTC. Not a lookup in
 * Intl.supportedValuesOf: ICU lists only its own canonical spelling there ("Asia/Calcutta", "Europe/Kiev"),
 * which would turn away the names the IANA database itself now uses.
 */
export function isValidTimezone(zone: string): boolean {
  // Zone names are Area/Location words; this also keeps out offsets such as "+05:30" that Intl accepts.
  return /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(zone) && IANAZone.isValidZone(zone);
}
