import twilio from 'twilio';
import { describe, expect, it } from 'vitest';
import { twimlFor, type TwimlUrls } from './twiml.ts';

const urls: TwimlUrls = {
  dialEnded: (seq, userIds) => `https://sb.test/dial?seq=${seq}&users=${userIds.join(',')}`,
  legStatus: (userId) => `https://sb.test/leg?user=${userId}&a=<b>`,
  recording: () => 'https://sb.test/recording?x=1&y=2',
  transcription: () => 'https://sb.test/transcription',
  next: () => 'https://sb.test/next?call=CA1&n=2',
};
const leg = (userId: string) => ({ statusCallbackEvent: ['answered' as const, 'completed' as const], statusCallback: urls.legStatus(userId), statusCallbackMethod: 'POST' as const });

describe('TwiML for each decision, as the twilio library writes it', () => {
  it('ring: one <Dial> with a noun per agent (phone, SIP, Twilio Client), at most ten', () => {
    const targets = [{ userId: 'u1', phone: '+14155550101' }, { userId: 'u2', sipUri: 'sip:a&b@pbx.test' }, { userId: 'u3', sipUri: 'client:alice' }];
    const expected = new twilio.twiml.VoiceResponse();
    const dial = expected.dial({ timeout: 15, answerOnBridge: true, action: urls.dialEnded(3, ['u1', 'u2', 'u3']), method: 'POST' });
    dial.number(leg('u1'), '+14155550101');
    dial.sip(leg('u2'), 'sip:a&b@pbx.test');
    dial.client(leg('u3'), 'alice');
    expect(twimlFor({ command: 'ring', targets, timeoutSec: 15, seq: 3 }, urls)).toBe(expected.toString());
    const many = Array.from({ length: 12 }, (_, i) => ({ userId: `u${i}`, phone: `+1415555010${i}` }));
    expect(twimlFor({ command: 'ring', targets: many, timeoutSec: 15, seq: 1 }, urls).match(/<Number/g)).toHaveLength(10);
  });

  it('voicemail: <Say> then <Record>, transcribed up to two minutes', () => {
    const expected = new twilio.twiml.VoiceResponse();
    expected.say('Leave a message & we\'ll call <back>.');
    expected.record({ maxLength: 60, playBeep: true, action: urls.recording(), method: 'POST', transcribe: true, transcribeCallback: urls.transcription() });
    expect(twimlFor({ command: 'voicemail', greeting: 'Leave a message & we\'ll call <back>.', maxLengthSec: 60, seq: 2 }, urls)).toBe(expected.toString());
    expect(twimlFor({ command: 'voicemail', greeting: 'Hi', maxLengthSec: 300, seq: 2 }, urls)).not.toContain('transcribe');
  });

  it('hang-up and the end: <Hangup/>; nothing decided yet: pause and ask again', () => {
    const hangup = new twilio.twiml.VoiceResponse();
    hangup.hangup();
    expect(twimlFor({ command: 'hangup', reason: 'after_hours', seq: 1 }, urls)).toBe(hangup.toString());
    expect(twimlFor({ command: 'end' }, urls)).toBe(hangup.toString());
    const wait = new twilio.twiml.VoiceResponse();
    wait.pause({ length: 1 });
    wait.redirect({ method: 'POST' }, urls.next());
    expect(twimlFor({ command: 'wait' }, urls)).toBe(wait.toString());
  });
});
