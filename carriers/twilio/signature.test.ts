import twilio from 'twilio';
import { describe, expect, it } from 'vitest';
import { twilioSignature, twilioSignatureProblem } from './signature.ts';

const url = 'https://switchboard.example.test/v1/carriers/twilio/dial?call=CA1&seq=2';
const params = { CallSid: 'CA1', From: '+14155550100', To: '+14155550199', Digits: '1 & 2', Caller: 'ünïcode' };

describe('Twilio webhook signatures', () => {
  it('match what the twilio library computes and accepts', () => {
    expect(twilioSignature('token', url, params)).toBe(twilio.getExpectedTwilioSignature('token', url, params));
    expect(twilio.validateRequest('token', twilioSignature('token', url, params), url, params)).toBe(true);
    expect(twilioSignatureProblem('token', twilio.getExpectedTwilioSignature('token', url, params), url, params)).toBeUndefined();
  });

  it('refuse another token, another URL, another parameter, or none', () => {
    const good = twilio.getExpectedTwilioSignature('token', url, params);
    expect(twilioSignatureProblem('other', good, url, params)).toMatch(/does not match/);
    expect(twilioSignatureProblem('token', good, url.replace('seq=2', 'seq=3'), params)).toMatch(/does not match/);
    expect(twilioSignatureProblem('token', good, url, { ...params, To: '+14155550198' })).toMatch(/does not match/);
    expect(twilioSignatureProblem('token', undefined, url, params)).toMatch(/missing/);
  });
});
