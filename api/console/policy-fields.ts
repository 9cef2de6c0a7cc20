import type { PolicyName } from '../../domain/policies/index.ts';

// The policy editors' fields, by their path in the policy document: the API's field errors carry the same
// paths, so each error lands next to its field. Validation is the API's (the policy schemas); these only say
// how a form value becomes a document value.

export type PolicyField =
  | { kind: 'select'; path: string; label: string; options: readonly string[]; help?: string }
  | { kind: 'number'; path: string; label: string; help?: string }
  | { kind: 'checkbox'; path: string; label: string; help?: string }
  | { kind: 'text'; path: string; label: string; help?: string; inputType?: 'text' | 'time'; emptyIsNull?: boolean }
  | { kind: 'textarea'; path: string; label: string; help?: string; wrapIn?: string }
  | { kind: 'choices'; path: string; label: string; options: readonly string[]; help?: string }
  | { kind: 'businessHours'; path: string; label: string };

interface PolicyForm {
  title: string;
  intro: string;
  fields: PolicyField[];
}

export const policyForms: Record<PolicyName, PolicyForm> = {
  routing: {
    title: 'Routing',
    intro: 'Who rings for a call, for how long, when the inbox is open, and where unanswered calls go.',
    fields: [
      { kind: 'select', path: 'strategy', label: 'Strategy', options: ['simultaneous', 'sequential', 'round_robin', 'longest_idle'],
        help: 'simultaneous rings every available agent at once; the others ring one at a time.' },
      { kind: 'number', path: 'ringTimeoutSec', label: 'Ring timeout (seconds)', help: 'How long one ring attempt lasts (2–120).' },
      { kind: 'number', path: 'maxWaitSec', label: 'Maximum wait (seconds)', help: 'Bounds the whole ringing phase (2–3600); at least the ring timeout.' },
      { kind: 'businessHours', path: 'businessHours', label: 'Business hours' },
      { kind: 'select', path: 'afterHours', label: 'After hours', options: ['voicemail', 'hangup'], help: 'What a call outside business hours gets.' },
      { kind: 'checkbox', path: 'voicemail.enabled', label: 'Offer voicemail', help: 'Off: an unanswered call ends as missed.' },
      { kind: 'textarea', path: 'voicemail.greeting', label: 'Voicemail greeting', help: 'Read to the caller before the recording starts.' },
      { kind: 'number', path: 'voicemail.maxLengthSec', label: 'Longest voicemail (seconds)', help: '5–600.' },
    ],
  },
  automation: {
    title: 'Automation',
    intro: 'Read state and the after-hours auto-reply.',
    fields: [
      { kind: 'text', path: 'autoMarkReadAfter', label: 'Mark unread items read after', emptyIsNull: true,
        help: 'An ISO-8601 duration such as P30D or PT5S; empty turns it off.' },
      { kind: 'checkbox', path: 'manualMarkReadOnly', label: 'Manual mark as read only', help: "Replies and answered calls don't mark a conversation read." },
      { kind: 'textarea', path: 'afterHoursAutoReply', wrapIn: 'body', label: 'After-hours auto-reply', help: 'Texted after hours, once per conversation a day; empty: none.' },
    ],
  },
  notifications: {
    title: 'Notifications',
    intro: "Which events email the inbox's watching users.",
    fields: [
      { kind: 'checkbox', path: 'watchers.missedCall', label: 'Missed calls' },
      { kind: 'checkbox', path: 'watchers.voicemail', label: 'Voicemails' },
      { kind: 'checkbox', path: 'watchers.abandonedCall', label: 'Abandoned calls' },
      { kind: 'checkbox', path: 'watchers.inboundMessage', label: 'Text messages received' },
    ],
  },
  reports: {
    title: 'Report settings',
    intro: 'The daily activity report, mailed once a local day.',
    fields: [
      { kind: 'checkbox', path: 'dailyActivity.enabled', label: 'Mail the daily report' },
      { kind: 'text', path: 'dailyActivity.sendAt', label: 'Send at', help: "HH:MM in the inbox's timezone." },
      { kind: 'choices', path: 'dailyActivity.recipients', label: 'Recipients', options: ['connected', 'watching', 'team_supervisors', 'team_members'] },
    ],
  },
};

export const weekdays = [['mon', 'Monday'], ['tue', 'Tuesday'], ['wed', 'Wednesday'], ['thu', 'Thursday'], ['fri', 'Friday'], ['sat', 'Saturday'], ['sun', 'Sunday']] as const;

/** The value at a dotted path of a document. */
export function valueAt(document: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((value, key) => (value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined), document);
}

function setAt(document: Record<string, unknown>, path: string, value: unknown) {
  const keys = path.split('.');
  let target = document;
  for (const key of keys.slice(0, -1)) target = (target[key] ??= {}) as Record<string, unknown>;
  target[keys.at(-1)!] = value;
}

type FormBody = Record<string, string | string[] | undefined>;
const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value.at(-1) : value) ?? '';
const many = (value: string | string[] | undefined) => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** A number when the text is one, else the text itself, so the API names what is wrong with it. */
const numberOrText = (text: string) => (/^-?\d+(\.\d+)?$/.test(text.trim()) ? Number(text) : text);

/** Windows per day from rows of opens/closes inputs; a row left empty is no window. */
function businessHoursFrom(body: FormBody, path: string) {
  if (one(body[`${path}.mode`]) !== 'hours') return null;
  const weekly: Record<string, [string, string][]> = {};
  for (const [day] of weekdays) {
    const opens = many(body[`${path}.weekly.${day}.opens`]);
    const closes = many(body[`${path}.weekly.${day}.closes`]);
    weekly[day] = opens.map((open, i): [string, string] => [open.trim(), (closes[i] ?? '').trim()]).filter(([a, b]) => a || b);
  }
  const holidays = one(body[`${path}.holidays`]).split(/[\s,]+/).filter(Boolean);
  return { weekly, holidays };
}

/** The policy document a submitted form describes (not yet validated: the API does that). */
export function documentFromForm(name: PolicyName, body: FormBody): Record<string, unknown> {
  const document: Record<string, unknown> = {};
  for (const field of policyForms[name].fields) {
    const raw = body[field.path];
    switch (field.kind) {
      case 'checkbox': setAt(document, field.path, raw !== undefined); break;
      case 'number': setAt(document, field.path, numberOrText(one(raw))); break;
      case 'choices': setAt(document, field.path, many(raw)); break;
      case 'businessHours': setAt(document, field.path, businessHoursFrom(body, field.path)); break;
      case 'textarea': {
        const text = one(raw);
        setAt(document, field.path, field.wrapIn ? (text.trim() ? { [field.wrapIn]: text } : null) : text);
        break;
      }
      default: {
        const text = one(raw).trim();
        setAt(document, field.path, 'emptyIsNull' in field && field.emptyIsNull && !text ? null : text);
      }
    }
  }
  return document;
}
