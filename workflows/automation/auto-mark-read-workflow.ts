import { condition, continueAsNew, patched, proxyLocalActivities, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { createAutoReadActivities } from '../../activities/auto-read.ts';
import type { AutomationPolicy } from '../../domain/policies/automation.ts';
import { durationToMs } from '../../domain/policies/iso-duration.ts';
import { policyChangedSignal } from '../policy-changed.ts';
import { autoReadDatabaseSteps } from '../activity-options.ts';
import { inboxIdAttribute, orgIdAttribute } from '../search-attributes.ts';
import { autoReadProgressQuery, type AutoReadInput, type AutoReadProgress } from './contract.ts';

const local = proxyLocalActivities<ReturnType<typeof createAutoReadActivities>>(autoReadDatabaseSteps);

export const BATCH_SIZE = 5000;
// Past this many sleeps or batches, start afresh so the history stays short.
const ROUNDS_PER_RUN = 200;

/**
 * One per inbox while auto-mark-as-read is on. Clears everything older than the period in batches (the
 * one-time cleanup), then sleeps until the oldest unread item expires; a policy change wakes it at once.
 */
export async function autoMarkReadWorkflow(input: AutoReadInput): Promise<AutoReadProgress> {
  let period = input.carried?.period ?? null;
  let version = input.carried?.version ?? -1;
  let changed = false;
  const progress: AutoReadProgress = { phase: 'starting', period, policyVersion: Math.max(version, 0), cleared: input.carried?.cleared ?? 0, nextRunAt: null };
  setHandler(autoReadProgressQuery, () => progress);
  setHandler(policyChangedSignal, (change) => {
    if (change.name !== 'automation' || change.version <= version) return;
    version = change.version;
    period = (change.document as AutomationPolicy).autoMarkReadAfter;
    changed = true;
  });
  upsertSearchAttributes({ [orgIdAttribute.name]: [input.orgId], [inboxIdAttribute.name]: [input.inboxId] });
  // Every run reads the policy, continued ones too, so a change whose signal was missed (Temporal unreachable
  // when it was saved) applies from the next run at the latest. Patched: older continued runs did not read it.
  if (!input.carried || patched('auto-read-rereads-policy-on-continue')) {
    const current = await local.loadAutomationPolicy({ inboxId: input.inboxId });
    if (current.version > version) [period, version] = [current.document.autoMarkReadAfter, current.version];
  }

  for (let round = 0; round < (input.roundsPerRun ?? ROUNDS_PER_RUN); round++) {
    changed = false;
    Object.assign(progress, { period, policyVersion: Math.max(version, 0) });
    const periodMs = period ? durationToMs(period) : undefined;
    if (!periodMs) {
      progress.phase = 'off';
      progress.nextRunAt = null;
      return progress;
    }
    progress.phase = 'clearing';
    for (;;) {
      // Never anything younger than the period: the cutoff is taken afresh for every batch.
      const { cleared } = await local.clearExpiredBatch({ inboxId: input.inboxId, cutoff: new Date(Date.now() - periodMs).toISOString(), batchSize: BATCH_SIZE });
      progress.cleared += cleared;
      if (cleared < BATCH_SIZE || changed) break;
      if (workflowInfo().continueAsNewSuggested) return continueAsNew<typeof autoMarkReadWorkflow>({ ...input, carried: { period, version, cleared: progress.cleared } });
    }
    if (changed) continue;
    // Anything arriving from now on expires a full period from now, so that bounds the sleep.
    const oldest = await local.oldestUnreadAt({ inboxId: input.inboxId });
    const wakeAt = Math.min(oldest ? Date.parse(oldest) + periodMs : Infinity, Date.now() + periodMs);
    progress.phase = 'sleeping';
    progress.nextRunAt = new Date(wakeAt).toISOString();
    await condition(() => changed, Math.max(1, wakeAt - Date.now()));
  }
  return continueAsNew<typeof autoMarkReadWorkflow>({ ...input, carried: { period, version, cleared: progress.cleared } });
}
