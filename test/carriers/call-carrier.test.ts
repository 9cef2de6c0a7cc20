import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCallActivities } from '../../activities/calls.ts';
import { rememberCarrierCall } from '../../carriers/accounts.ts';
import { createCarrierRouter } from '../../carriers/router.ts';
import { carrierSettingsFrom } from '../../carriers/settings.ts';
import { openDatabase, type DatabaseHandle } from '../../db/database.ts';
import { migrateDatabase } from '../../db/migrate.ts';
import { inboxes, inboxNumbers, organizations } from '../../db/schema/index.ts';
import type { CallCommand, CarrierClient } from '../../domain/carriers.ts';
import { loadConfig } from '../../infra/config.ts';

// Routing reads which carrier brought a call, so that its commands (the first ring among them) need not look it
// up again. Routing runs once the workflow has the call's announcement, and the API records a Twilio or Telnyx
// call before it hands that over: what routing reads is what each command used to look up.
describe('the carrier a call came through', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openDatabase({ memory: true });
    await migrateDatabase(handle);
    const { db } = handle;
    await db.insert(organizations).values({ id: 'org_c', name: 'Carriers', timezone: 'UTC' });
    await db.insert(inboxes).values({ id: 'inb_c', orgId: 'org_c', name: 'Front desk', kind: 'shared', timezone: 'UTC' });
    await db.insert(inboxNumbers).values([
      { e164: '+14155550100', inboxId: 'inb_c', orgId: 'org_c' },
      { e164: '+14155550101', inboxId: 'inb_c', orgId: 'org_c', carrier: 'telnyx' },
    ]);
    await rememberCarrierCall(db, { callId: 'v3:telnyx-call', orgId: 'org_c', carrier: 'telnyx', number: '+14155550101', callerLeg: 'v3:leg' });
  });
  afterAll(() => handle?.close());

  // The native carrier's client, recording what reaches it; the router's only other way out for these calls is Telnyx, which has no account here.
  const sentNative: string[] = [];
  const native: CarrierClient = {
    sendCallCommand: async (callId: string) => void sentNative.push(callId),
    placeCall: async () => undefined,
    sendMessage: async () => ({ messageId: 'm' }),
  };

  it('routing says Telnyx for a call the API recorded as Telnyx, native for any other, and nothing when not asked about a call', async () => {
    const calls = createCallActivities({ db: handle.db, carrier: native });
    const route = (callId: string, to: string) => calls.routeAndRecordCall({ callId, from: '+14155550199', to, occurredAt: new Date().toISOString() });
    expect((await route('v3:telnyx-call', '+14155550101'))?.broughtBy).toBe('telnyx');
    expect((await route('CA-native', '+14155550100'))?.broughtBy).toBe('native');
    expect((await calls.routeIncomingCall({ from: '+14155550199', to: '+14155550100' }))?.broughtBy).toBeUndefined();
  });

  it('a command told the carrier goes by it; one not told (a call routed before) looks the call up, as before', async () => {
    const router = createCarrierRouter({ db: handle.db, settings: carrierSettingsFrom(loadConfig({})), native });
    const ring: CallCommand = { command: 'ring', targets: [{ userId: 'usr_1', phone: '+14155550111' }], timeoutSec: 20 };
    await router.sendCallCommand('CA-native', 'k1', ring, 'native');
    await router.sendCallCommand('CA-routed-before', 'k2', ring);
    // Twilio takes its decisions in its webhook's answer: nothing is sent, whether told or looked up.
    await router.sendCallCommand('CA-twilio', 'k3', ring, 'twilio');
    expect(sentNative).toEqual(['CA-native', 'CA-routed-before']);
    // Told Telnyx, the router still reads the call's stored legs, and needs the organization's Telnyx account for them.
    await expect(router.sendCallCommand('v3:telnyx-call', 'k4', ring, 'telnyx')).rejects.toThrow(/Telnyx/);
    expect(sentNative).toHaveLength(2);
  });
});
