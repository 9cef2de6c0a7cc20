import { DateTime } from 'luxon';
import { html } from './html.ts';

/** A time in the inbox's timezone, machine-readable in `datetime`. */
export function time(iso: string | null, zone: string, format = 'ccc d LLL, HH:mm:ss') {
  if (!iso) return '';
  return html`<time datetime="${iso}">${DateTime.fromISO(iso, { zone }).toFormat(format)}</time>`;
}

/** 42 → "0:42", 3725 → "1:02:05". */
export function duration(totalSeconds: number | null): string {
  if (totalSeconds === null) return '';
  const s = Math.round(totalSeconds);
  const pad = (n: number) => String(n).padStart(2, '0');
  const [h, m, sec] = [Math.floor(s / 3600), Math.floor((s % 3600) / 60), s % 60];
  return h ? `${h}:${pad(m)}:${pad(sec)}` : `${m}:${pad(sec)}`;
}

/** Status words as people say them. */
export const statusLabel = (status: string) => status.replace(/_/g, ' ');

/** A user's name when the key may see that user (an agent sees only itself, as in the API). */
export const nameOf = (names: Map<string, string>, userId: string | null) => (userId ? names.get(userId) ?? 'a teammate' : '');
