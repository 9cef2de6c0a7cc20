import { condition } from '@temporalio/workflow';
import { databaseSteps } from './activities.ts';
import { REORDER_GRACE_MS, type CallContext } from './call-context.ts';

// Beyond the longest recording: the greeting plays first, and the carrier's event takes a while to arrive.
const VOICEMAIL_SLACK_SEC = 60;

/** Nobody took the call: offers voicemail if the policy allows it, and ends the call missed otherwise. */
export async function voicemailOrMissed(call: CallContext, reason: string): Promise<void> {
  const { state, events } = call;
  if (!call.policy.voicemail.enabled) return hangUpMissed(call, reason);
  if (events.callerHangup()) {
    state.status = 'abandoned';
    return;
  }
  state.status = 'voicemail';
  await call.recordProgress();
  const { greeting, maxLengthSec } = call.policy.voicemail;
  await call.sendCommand('voicemail', { command: 'voicemail', greeting, maxLengthSec });
  const left = () => events.first('call.voicemail');
  await condition(() => !!left() || !!events.callerHangup(), (maxLengthSec + VOICEMAIL_SLACK_SEC) * 1000);
  if (!left() && events.callerHangup()) await condition(() => !!left(), REORDER_GRACE_MS);
  const voicemail = left();
  if (!voicemail) return hangUpMissed(call, 'no_voicemail_left');
  const { recordingUrl, durationSec, transcription, occurredAt } = voicemail;
  await databaseSteps.recordVoicemail({ orgId: call.inbox.orgId, callId: call.callId, recordingUrl, durationSec, transcription, occurredAt });
  state.status = 'voicemail_left';
}

/** Ends the call missed, hanging up unless the caller already has. */
export async function hangUpMissed(call: CallContext, reason: string): Promise<void> {
  if (!call.events.callerHangup()) await call.sendCommand('hangup', { command: 'hangup', reason });
  call.state.status = 'missed';
}
