import type { CallDecision } from '../../domain/carriers.ts';

// Twilio rings at most ten numbers in one <Dial>.
export const MAX_DIAL_TARGETS = 10;
// Twilio transcribes recordings of up to two minutes.
const MAX_TRANSCRIBED_SEC = 120;

/** The callback URLs a call's TwiML names: they are Switchboard's to choose, and Twilio signs requests to them. */
export interface TwimlUrls {
  dialEnded(seq: number, userIds: string[]): string;
  legStatus(userId: string): string;
  recording(): string;
  transcription(): string;
  next(): string;
}

const escapeText = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#xD;');
const escapeAttribute = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;').replace(/\t/g, '&#x9;').replace(/\n/g, '&#xA;').replace(/\r/g, '&#xD;');

function element(name: string, attributes: Record<string, string | number | boolean> = {}, content?: string): string {
  const attrs = Object.entries(attributes).map(([key, value]) => ` ${key}="${escapeAttribute(String(value))}"`).join('');
  return content === undefined ? `<${name}${attrs}/>` : `<${name}${attrs}>${content}</${name}>`;
}

export const twimlDocument = (verbs: string[]) => `<?xml version="1.0" encoding="UTF-8"?>${verbs.length ? element('Response', {}, verbs.join('')) : element('Response')}`;

/** The workflow's decision as TwiML for the caller's leg. */
export function twimlFor(decision: CallDecision, urls: TwimlUrls): string {
  switch (decision.command) {
    case 'ring': {
      const targets = decision.targets.slice(0, MAX_DIAL_TARGETS);
      const nouns = targets.map((target) => {
        // Each agent's leg reports its own progress, so we learn which agent answered.
        const leg = { statusCallbackEvent: 'answered completed', statusCallback: urls.legStatus(target.userId), statusCallbackMethod: 'POST' };
        if (target.phone) return element('Number', leg, escapeText(target.phone));
        if (target.sipUri?.startsWith('client:')) return element('Client', leg, escapeText(target.sipUri.slice('client:'.length)));
        return element('Sip', leg, escapeText(target.sipUri ?? ''));
      });
      const dial = { timeout: decision.timeoutSec, answerOnBridge: true, action: urls.dialEnded(decision.seq, targets.map((t) => t.userId)), method: 'POST' };
      return twimlDocument([element('Dial', dial, nouns.join(''))]);
    }
    case 'voicemail':
      return twimlDocument([
        element('Say', {}, escapeText(decision.greeting)),
        element('Record', {
          maxLength: decision.maxLengthSec, playBeep: true, action: urls.recording(), method: 'POST',
          ...(decision.maxLengthSec <= MAX_TRANSCRIBED_SEC ? { transcribe: true, transcribeCallback: urls.transcription() } : {}),
        }),
      ]);
    case 'wait':
      // Nothing decided yet: hold the line a moment and ask again.
      return twimlDocument([element('Pause', { length: 1 }), element('Redirect', { method: 'POST' }, escapeText(urls.next()))]);
    case 'hangup':
    case 'end':
      return twimlDocument([element('Hangup')]);
  }
}
