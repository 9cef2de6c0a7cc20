import { randomBytes } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import type { CarrierSimulator } from '../helpers/carrier-simulator.ts';
import { newNumber, type Line } from './lines.ts';
import { scenarioFor, type Scenario } from './scenarios.ts';

export interface PlacedCall {
  callId: string;
  scenario: Scenario;
  line: Line;
  /** Set when the carrier and the people on the call could not play it out (a driver error). */
  driverError?: string;
}

export interface SentSms {
  messageId: string;
  line: Line;
  from: string;
}

export interface LoadPlan {
  carrier: CarrierSimulator;
  /** Line i takes call i; SMS go to the lines in turn. */
  lines: Line[];
  sms: number;
  deliveries: number;
  loadMs: number;
  ringTimeoutSec: number;
  patienceMs: number;
}

/**
 * Calls and SMS arriving evenly over `loadMs`, each call played out by its scenario, each SMS webhook
 * delivered `deliveries` times (some copies at once, some up to 2 s later), as carriers do. Resolves once
 * every call has been played and every copy delivered (or given up by the carrier).
 */
export async function runLoad(plan: LoadPlan): Promise<{ calls: PlacedCall[]; sms: SentSms[] }> {
  const started = Date.now();
  const at = (i: number, n: number) => delay(Math.max(0, started + (i * plan.loadMs) / Math.max(1, n) - Date.now()));
  const calls: PlacedCall[] = plan.lines.map((line, i) => ({ callId: `CA${randomBytes(8).toString('hex')}`, scenario: scenarioFor(i), line }));
  const sms: SentSms[] = Array.from({ length: plan.sms }, (_, j) => ({ messageId: `SM${randomBytes(8).toString('hex')}`, line: plan.lines[j % plan.lines.length]!, from: newNumber() }));

  const playCall = async (call: PlacedCall, i: number) => {
    await at(i, calls.length);
    try {
      const since = plan.carrier.commands.length;
      await plan.carrier.sendVoice({ type: 'call.initiated', callId: call.callId, from: newNumber(), to: call.line.number });
      await call.scenario.play({ carrier: plan.carrier, callId: call.callId, line: call.line, since, ringTimeoutSec: plan.ringTimeoutSec, patienceMs: plan.patienceMs });
    } catch (error) {
      call.driverError = String(error);
    }
  };
  const sendSms = async (message: SentSms, j: number) => {
    await at(j, sms.length);
    const event = { type: 'message.received', messageId: message.messageId, from: message.from, to: message.line.number, body: `Hello from ${message.from} (${j})`, occurredAt: new Date().toISOString() };
    const copies = [plan.carrier.sendMessaging(event)];
    for (let k = 1; k < plan.deliveries; k++) {
      // Every other duplicate races the first copy; the rest come a little later.
      copies.push(delay(k % 2 ? 0 : Math.random() * 2000).then(() => plan.carrier.sendMessaging(event)));
    }
    await Promise.all(copies);
  };
  await Promise.all([...calls.map(playCall), ...sms.map(sendSms)]);
  return { calls, sms };
}
