import { describe, expect, it } from 'vitest';
import { fromTelnyx, telnyxWebhookSchema } from './webhook.ts';

const webhook = (occurredAt: string) => ({
  data: { event_type: 'message.received', id: 'evt', occurred_at: occurredAt, payload: { id: 'msg', from: { phone_number: '+12025550143' }, to: [{ phone_number: '+14155550180' }], text: 'hi' } },
});

describe('Telnyx webhook bodies', () => {
  it('take occurred_at as the event time', () => {
    const parsed = telnyxWebhookSchema.parse(webhook('2026-12-01T22:25:27.521992Z'));
    expect(fromTelnyx(parsed)).toMatchObject({ kind: 'message', event: { occurredAt: '2026-12-01T22:25:27.521Z' } });
  });

  it('refuse an occurred_at that is no date, naming the field (found by the hostile-input suite as a 500)', () => {
    const parsed = telnyxWebhookSchema.safeParse(webhook('aaaa'));
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path.join('.'))).toEqual(['data.occurred_at']);
  });
});
