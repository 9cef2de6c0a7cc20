import { DateTime } from 'luxon';
import type { CallStatus } from '../domain/calls/voice-events.ts';
import { addDays, localDate } from '../domain/reports/schedule.ts';

/**
 * The demo's organization and the day it plays: who works where, every policy, and what happens hour by
 * hour. Pure data; demo/seed.ts creates it through the API and demo/play-day.ts plays it.
 */

export const demoOrg = { name: 'Northwind Outfitters', timezone: 'America/New_York' };

export type Agent = 'ana' | 'ben' | 'chloe' | 'dev' | 'erin' | 'farid';
export type Person = Agent | 'maya';
export type InboxName = 'sales' | 'support';

export const people: Record<Person, { name: string; email: string; role: 'supervisor' | 'agent'; presence: 'available' | 'busy' | 'offline'; phone: string }> = {
  ana: { name: 'Ana Ruiz', email: 'ana@northwind.example', role: 'agent', presence: 'available', phone: '+12125550141' },
  ben: { name: 'Ben Okafor', email: 'ben@northwind.example', role: 'agent', presence: 'available', phone: '+12125550142' },
  chloe: { name: 'Chloe Martin', email: 'chloe@northwind.example', role: 'agent', presence: 'offline', phone: '+12125550143' },
  dev: { name: 'Dev Patel', email: 'dev@northwind.example', role: 'agent', presence: 'available', phone: '+13125550151' },
  erin: { name: 'Erin Walsh', email: 'erin@northwind.example', role: 'agent', presence: 'available', phone: '+13125550152' },
  farid: { name: 'Farid Haddad', email: 'farid@northwind.example', role: 'agent', presence: 'busy', phone: '+13125550153' },
  maya: { name: 'Maya Chen', email: 'maya@northwind.example', role: 'supervisor', presence: 'available', phone: '+12125550100' },
};

/** The supervisor watches both inboxes: she gets their notifications and daily reports. */
export const watcher: Person = 'maya';

export const inboxes: Record<InboxName, {
  name: string; team: string; agents: Agent[];
  routing: Record<string, unknown>; automation: Record<string, unknown>;
}> = {
  sales: {
    name: 'Sales', team: 'Sales team', agents: ['ana', 'ben', 'chloe'],
    routing: {
      strategy: 'simultaneous', ringTimeoutSec: 4, maxWaitSec: 8, afterHours: 'hangup',
      voicemail: { enabled: true, greeting: 'You have reached Northwind Sales. Please leave a message.', maxLengthSec: 120 },
    },
    automation: {
      autoMarkReadAfter: null, manualMarkReadOnly: false,
      afterHoursAutoReply: { body: 'Thanks for texting Northwind Sales! We are closed now and will answer first thing tomorrow.' },
    },
  },
  support: {
    name: 'Support', team: 'Support team', agents: ['dev', 'erin', 'farid'],
    routing: {
      strategy: 'sequential', ringTimeoutSec: 3, maxWaitSec: 8, afterHours: 'voicemail',
      voicemail: { enabled: true, greeting: 'Northwind Support here. Tell us your order number and we will call you back.', maxLengthSec: 180 },
    },
    // A short period, so the automation visibly clears the day's unread items while the demo runs.
    automation: { autoMarkReadAfter: 'PT15S', manualMarkReadOnly: true, afterHoursAutoReply: null },
  },
};

/** Open hours in the inboxes' timezone, every day (the demo plays yesterday, whichever weekday that was). */
export function businessHours(inbox: InboxName, day: string) {
  const hours = inbox === 'sales' ? [['08:30', '12:30'], ['13:30', '18:00']] : [['09:00', '17:00']];
  const weekly = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, hours]));
  const year = Number(day.slice(0, 4));
  // Real holidays, but never the day being played.
  const holidays = [`${year}-12-25`, `${year + 1}-01-01`].filter((date) => date !== day);
  return { weekly, holidays };
}

export const notifications = { watchers: { missedCall: true, voicemail: true, abandonedCall: true, inboundMessage: true } };
export const reportRecipients = ['watching', 'team_supervisors'];

export const callers: Record<string, string> = {
  jordan: '+16175550123', priya: '+14155550188', sam: '+12065550110', lee: '+13055550177', rosa: '+17135550164',
  tom: '+15125550131', nina: '+16465550192', omar: '+17205550146', kim: '+15035550119', alex: '+14045550158',
  grace: '+16025550137', hugo: '+18165550125', ivy: '+12155550171', jack: '+19195550183',
};

export interface ScriptedCall {
  kind: 'call';
  at: string;
  inbox: InboxName;
  caller: string;
  behaviour: { answer?: { by?: Agent; afterSec: number; talkSec: number }; declinedBy?: Agent[]; callerHangsUpAfterSec?: number; voicemail?: { durationSec: number; transcription: string } };
  expect: CallStatus;
  story: string;
}

export interface ScriptedText {
  kind: 'text';
  at: string;
  inbox: InboxName;
  caller: string;
  body: string;
  reply?: { by: Agent; body: string };
  expectAutoReply: boolean;
  story: string;
}

export type ScriptedItem = ScriptedCall | ScriptedText;

/** The day, in the order it happens (local times). */
export const day: ScriptedItem[] = [
  { kind: 'call', at: '08:52', inbox: 'sales', caller: 'jordan', behaviour: { answer: { by: 'ana', afterSec: 1, talkSec: 250 } }, expect: 'completed', story: 'answered by Ana' },
  { kind: 'call', at: '09:12', inbox: 'support', caller: 'priya', behaviour: { declinedBy: ['dev'], answer: { by: 'erin', afterSec: 1, talkSec: 362 } }, expect: 'completed', story: 'Dev declines, it moves on to Erin, who answers' },
  { kind: 'call', at: '09:40', inbox: 'sales', caller: 'sam', behaviour: { answer: { by: 'ben', afterSec: 2, talkSec: 151 } }, expect: 'completed', story: 'answered by Ben' },
  { kind: 'text', at: '10:02', inbox: 'sales', caller: 'lee', body: 'Hi! Do you have the Ridge trail jacket in medium?', reply: { by: 'ana', body: 'Hi Lee, yes: three in stock. Shall we hold one for you?' }, expectAutoReply: false, story: 'a question, answered by Ana' },
  { kind: 'call', at: '10:15', inbox: 'sales', caller: 'rosa', behaviour: { callerHangsUpAfterSec: 2 }, expect: 'abandoned', story: 'the caller gives up while it rings' },
  { kind: 'call', at: '11:05', inbox: 'sales', caller: 'tom', behaviour: { voicemail: { durationSec: 38, transcription: 'Hi, Tom from Lakeside Gym. We would like forty jackets with our logo for the spring season. Please call me back.' } }, expect: 'voicemail_left', story: 'nobody picks up: a voicemail' },
  { kind: 'call', at: '11:30', inbox: 'support', caller: 'nina', behaviour: { answer: { by: 'dev', afterSec: 1, talkSec: 184 } }, expect: 'completed', story: 'answered by Dev' },
  { kind: 'text', at: '12:47', inbox: 'support', caller: 'omar', body: 'My order #4821 arrived with a broken zipper.', reply: { by: 'erin', body: 'Sorry about that, Omar! A replacement ships today; no need to send the old one back.' }, expectAutoReply: false, story: 'a complaint, answered by Erin' },
  { kind: 'call', at: '13:02', inbox: 'support', caller: 'kim', behaviour: { callerHangsUpAfterSec: 2 }, expect: 'abandoned', story: 'the caller hangs up while Dev is rung' },
  { kind: 'call', at: '14:20', inbox: 'sales', caller: 'alex', behaviour: {}, expect: 'missed', story: 'nobody answers and the caller leaves no message' },
  { kind: 'text', at: '15:30', inbox: 'support', caller: 'omar', body: 'Thanks, that was quick!', expectAutoReply: false, story: 'the same customer again: one conversation' },
  { kind: 'call', at: '16:10', inbox: 'support', caller: 'grace', behaviour: { voicemail: { durationSec: 52, transcription: 'Grace Lin here, order 4907. The tent poles are the wrong size. My number is on the order.' } }, expect: 'voicemail_left', story: 'rung in turn, nobody answers: a voicemail' },
  { kind: 'call', at: '19:45', inbox: 'sales', caller: 'hugo', behaviour: {}, expect: 'missed', story: 'after hours: Sales hangs up' },
  { kind: 'text', at: '20:05', inbox: 'sales', caller: 'ivy', body: 'Are you open tomorrow morning?', expectAutoReply: true, story: 'after hours: an automatic reply' },
  { kind: 'text', at: '20:06', inbox: 'sales', caller: 'ivy', body: 'And do you ship to Canada?', expectAutoReply: false, story: 'after hours again: no second automatic reply that day' },
  { kind: 'call', at: '21:15', inbox: 'support', caller: 'jack', behaviour: { voicemail: { durationSec: 27, transcription: 'Hi, Jack Moreno. My hiking boots need a size swap; please call me tomorrow.' } }, expect: 'voicemail_left', story: 'after hours: straight to voicemail' },
  { kind: 'call', at: '22:40', inbox: 'support', caller: 'rosa', behaviour: {}, expect: 'missed', story: 'after hours, the caller hangs up at the greeting' },
];

/** The day the demo plays: yesterday in the organization's timezone, so its daily report can be sent now. */
export function playedDay(now: Date, zone = demoOrg.timezone): string {
  return addDays(localDate(now, zone), -1);
}

/** The instant a scripted local time names on the played day. */
export function instantOf(dayIso: string, time: string, zone = demoOrg.timezone): Date {
  return DateTime.fromISO(`${dayIso}T${time}`, { zone }).toJSDate();
}
