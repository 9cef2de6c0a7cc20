import { proxyActivities, setHandler, sleep, upsertSearchAttributes } from '@temporalio/workflow';
import type { createSelfTestActivities } from '../../activities/self-test.ts';
import { selfTestCheck } from '../activity-options.ts';
import { orgIdAttribute } from '../search-attributes.ts';
import { selfTestProgressQuery, type SelfTestInput, type SelfTestProgress } from './contract.ts';

const { checkDatabase } = proxyActivities<ReturnType<typeof createSelfTestActivities>>(selfTestCheck);

/** An end-to-end check of the engine: API → Temporal → worker → database, and back. */
export async function selfTestWorkflow(input: SelfTestInput): Promise<SelfTestProgress> {
  upsertSearchAttributes({ [orgIdAttribute.name]: [input.orgId] });
  const progress: SelfTestProgress = { phase: 'waiting' };
  setHandler(selfTestProgressQuery, () => progress);
  if (input.delaySec > 0) await sleep(`${input.delaySec} seconds`);
  progress.phase = 'checking';
  const { roundTripMs } = await checkDatabase();
  progress.databaseRoundTripMs = roundTripMs;
  progress.phase = 'done';
  return progress;
}
