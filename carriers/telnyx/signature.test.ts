import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { telnyxSignatureProblem } from './signature.ts';

const { publicKey, privateKey } = generateKeyPairSync('ed25519');
const publicKeyBase64 = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url').toString('base64');
const body = Buffer.from('{"data":{"event_type":"call.initiated"}}');
const now = 1_800_000_000;
const signed = (timestamp: number, raw = body, key = privateKey) => sign(null, Buffer.concat([Buffer.from(`${timestamp}|`), raw]), key).toString('base64');

describe('Telnyx webhook signatures', () => {
  it('accept an Ed25519 signature over "<timestamp>|<body>" within 300 s', () => {
    expect(telnyxSignatureProblem(publicKeyBase64, signed(now - 299), String(now - 299), body, now)).toBeUndefined();
  });

  it('refuse a stale timestamp, another key, another body, a malformed key, or no headers', () => {
    expect(telnyxSignatureProblem(publicKeyBase64, signed(now - 301), String(now - 301), body, now)).toMatch(/300 seconds/);
    expect(telnyxSignatureProblem(publicKeyBase64, signed(now, body, generateKeyPairSync('ed25519').privateKey), String(now), body, now)).toMatch(/does not match/);
    expect(telnyxSignatureProblem(publicKeyBase64, signed(now), String(now), Buffer.from('{"data":{}}'), now)).toMatch(/does not match/);
    expect(telnyxSignatureProblem('bm90LWEta2V5', signed(now), String(now), body, now)).toMatch(/does not match/);
    expect(telnyxSignatureProblem(publicKeyBase64, undefined, undefined, body, now)).toMatch(/required/);
  });
});
