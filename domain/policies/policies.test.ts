import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isoDurationSchema } from './duration.ts';
import { durationToMs } from './iso-duration.ts';
import { mergePatch, policyDefaults, policySchemas } from './index.ts';

describe('durations', () => {
  it.each([
    ['PT5S', 5000], ['PT1H30M', 5_400_000], ['P30D', 2_592_000_000], ['P1W', 604_800_000], ['PT0.5S', 500],
  ])('%s is %d ms', (iso, ms) => expect(durationToMs(iso)).toBe(ms));

  it.each([
    ['PT0S', 'at least one second'], ['P2Y', 'at most one year'], ['-P1D', 'negative'], ['30 days', 'ISO-8601'], ['P', 'ISO-8601'], ['PT', 'ISO-8601'],
  ])('rejects %s', (iso, message) => {
    const result = isoDurationSchema.safeParse(iso);
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.message).toContain(message);
  });
});

describe('policy documents', () => {
  it('an empty document gets every default', () => {
    expect(policyDefaults('routing')).toMatchObject({ strategy: 'simultaneous', ringTimeoutSec: 20, maxWaitSec: 120, businessHours: null, voicemail: { enabled: true } });
    expect(policyDefaults('automation')).toEqual({ autoMarkReadAfter: null, manualMarkReadOnly: false, afterHoursAutoReply: null });
    expect(policyDefaults('notifications')).toEqual({ watchers: { missedCall: true, voicemail: true, abandonedCall: false, inboundMessage: false } });
    expect(policyDefaults('reports')).toEqual({ dailyActivity: { enabled: false, sendAt: '08:00', recipients: ['watching'] } });
  });

  it.each([
    ['routing', { strategy: 'random' }, 'strategy'],
    ['routing', { ringTimeoutSec: 30, maxWaitSec: 20 }, 'maxWaitSec'],
    ['routing', { ringTimeoutSec: -1 }, 'ringTimeoutSec'],
    ['routing', { voicemail: { maxLengthSec: 100000 } }, 'voicemail.maxLengthSec'],
    ['routing', { colour: 'blue' }, '(root)'],
    ['automation', { autoMarkReadAfter: 'P10Y' }, 'autoMarkReadAfter'],
    ['notifications', { watchers: { missedCall: 'yes' } }, 'watchers.missedCall'],
    ['reports', { dailyActivity: { sendAt: '25:00' } }, 'dailyActivity.sendAt'],
    ['reports', { dailyActivity: { recipients: [] } }, 'dailyActivity.recipients'],
    ['reports', { dailyActivity: { recipients: ['everyone'] } }, 'dailyActivity.recipients.0'],
    ['reports', { dailyActivity: { recipients: ['watching', 'watching'] } }, 'dailyActivity.recipients'],
  ] as const)('%s rejects %j at %s', (name, doc, path) => {
    const result = policySchemas[name].safeParse(doc);
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.path.join('.') || '(root)')).toContain(path);
  });
});

describe('mergePatch (RFC 7396 appendix A)', () => {
  it('keeps a "__proto__" key a plain key, which the strict schema then rejects', () => {
    const merged = mergePatch(policyDefaults('routing'), JSON.parse('{"__proto__": {"ringTimeoutSec": 30}}'));
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
    expect(policySchemas.routing.safeParse(merged).error!.issues[0]!.message).toContain('__proto__');
  });

  it.each([
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    [{ a: 'b' }, { a: null }, {}],
    [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
    [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
    [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
    [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
    [['a', 'b'], ['c', 'd'], ['c', 'd']],
    [{ a: 'b' }, ['c'], ['c']],
    [{ a: 'foo' }, null, null],
    [{ a: 'foo' }, 'bar', 'bar'],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [[1, 2], { a: 'b', c: null }, { a: 'b' }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ])('%j + %j = %j', (target, patch, expected) => expect(mergePatch(target, patch)).toEqual(expected));
});

describe('OpenAPI descriptions', () => {
  /** Property paths of a JSON schema (its $defs too) that carry no description. */
  function undescribed(schema: Record<string, unknown>, path = ''): string[] {
    const props = Object.entries((schema.properties ?? {}) as Record<string, Record<string, unknown>>);
    const nested = [...((schema.anyOf ?? []) as Record<string, unknown>[]), ...Object.values((schema.$defs ?? {}) as Record<string, Record<string, unknown>>)];
    return [
      ...props.flatMap(([key, value]) => [...(value.description ? [] : [path + key]), ...undescribed(value, `${path}${key}.`)]),
      ...nested.flatMap((inner) => undescribed(inner, path)),
    ];
  }
  it.each(Object.keys(policySchemas) as (keyof typeof policySchemas)[])('every %s field has a description', (name) => {
    expect(undescribed(z.toJSONSchema(policySchemas[name], { io: 'input' }) as Record<string, unknown>)).toEqual([]);
  });
});
