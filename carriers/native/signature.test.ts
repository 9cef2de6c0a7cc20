import { describe, expect, it } from 'vitest';
import { sign, signatureProblem } from './signature.ts';

describe('webhook signatures', () => {
  const body = Buffer.from('{"type":"call.initiated"}');
  const now = 1_800_000_000;
  it.each([
    ['a good signature', sign('s3cret-s3cret-s3cret', body, now), now, undefined],
    ['a signature 300 s old', sign('s3cret-s3cret-s3cret', body, now - 300), now, undefined],
    ['a signature 301 s old', sign('s3cret-s3cret-s3cret', body, now - 301), now, 'more than 300 seconds'],
    ['a signature from the future', sign('s3cret-s3cret-s3cret', body, now + 301), now, 'more than 300 seconds'],
    ['another secret', sign('another-secret-xyz', body, now), now, 'does not match'],
    ['no header', undefined, now, 'missing'],
    ['garbage', 'v1=abc', now, 'not t=<seconds>'],
    ['a truncated mac', sign('s3cret-s3cret-s3cret', body, now).slice(0, -2), now, 'does not match'],
  ])('%s', (_, header, at, problem) => {
    const result = signatureProblem('s3cret-s3cret-s3cret', header, body, at);
    if (problem) expect(result).toContain(problem);
    else expect(result).toBeUndefined();
  });

  it('a changed body fails', () => {
    expect(signatureProblem('s3cret-s3cret-s3cret', sign('s3cret-s3cret-s3cret', body, now), Buffer.from('{"type":"call.hangup"}'), now)).toContain('does not match');
  });
});
