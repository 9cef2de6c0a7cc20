import { setTimeout as delay } from 'node:timers/promises';
import { finalCallStatuses, type CallStatus } from '../domain/calls/voice-events.ts';

/** A call as `GET /v1/calls/:callId` answers it (docs/api.md, "Calls"). */
export interface CallRecord {
  callId: string;
  inboxId: string;
  status: CallStatus;
  answeredBy: string | null;
  attempts: number;
  startedAt: string | null;
  answeredAt: string | null;
  endedAt: string | null;
  events: { at: string; type: string; detail?: Record<string, unknown> }[];
}

/**
 * Follows a call in Switchboard's API until it has ended, telling `onStatus` each status it passes through
 * (as often as it looks: a status shorter than the interval may be skipped). Before the engine has the call
 * the API answers 404, so that is waited out too.
 */
export async function followCall(options: {
  url: string; key: string; callId: string; onStatus?: (status: CallStatus, call: CallRecord) => void; intervalMs?: number; timeoutMs?: number;
}): Promise<CallRecord> {
  const deadline = Date.now() + (options.timeoutMs ?? 5 * 60_000);
  let last: CallStatus | undefined;
  while (Date.now() < deadline) {
    const response = await fetch(`${options.url}/v1/calls/${encodeURIComponent(options.callId)}`, { headers: { authorization: `Bearer ${options.key}` } });
    if (response.status === 401 || response.status === 403) throw new Error(`Switchboard refused the API key (${response.status})`);
    if (response.ok) {
      const call = (await response.json()) as CallRecord;
      if (call.status !== last) options.onStatus?.(call.status, call);
      last = call.status;
      if (finalCallStatuses.includes(call.status)) return call;
    } else await response.body?.cancel();
    await delay(options.intervalMs ?? 200);
  }
  throw new Error(`call ${options.callId} had not ended after ${Math.round((options.timeoutMs ?? 300_000) / 1000)} s (last status: ${last ?? 'unknown'})`);
}
