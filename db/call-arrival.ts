import { sql } from 'drizzle-orm';
import type { CallStatus } from '../domain/calls/voice-events.ts';
import type { Database } from './database.ts';
import { newId } from './ids.ts';
import { rowsOf } from './rows.ts';

export interface InboundCallArrival {
  orgId: string;
  inboxId: string;
  callId: string;
  from: string;
  to: string;
  occurredAt: string;
  /** The call's status when it is first recorded. */
  status: CallStatus;
}

// A race for a new number's contact is lost at most once: the next attempt finds the winner's.
const ATTEMPTS = 3;

/**
 * Records a new inbound call in its inbox in one statement: the caller's contact (created, with no name, for an
 * unknown number), the conversation (created on first contact, assigned to the contact's owner when a connected
 * user of the inbox; its last activity moves forward only) and the call record.
 * Safe to repeat. The phone is claimed before the contact is made (foreign keys are checked at the end of the
 * statement), so when two first calls from one number race, the loser makes nothing and finds the winner's
 * contact on its next attempt.
 */
export async function recordInboundCall(db: Database, call: InboundCallArrival): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    if (await recordOnce(db, call)) return;
    if (attempt >= ATTEMPTS) throw new Error(`the contact of ${call.from} could not be found or created`);
  }
}

async function recordOnce(db: Database, call: InboundCallArrival): Promise<boolean> {
  const at = sql`${call.occurredAt}::timestamptz`;
  const rows = rowsOf<{ id: string }>(await db.execute(sql`
    with existing as (
      select contact_id from contact_phones where org_id = ${call.orgId} and e164 = ${call.from}
    ), claimed as (
      insert into contact_phones (org_id, e164, contact_id)
      select ${call.orgId}, ${call.from}, ${newId('ctc')} where not exists (select 1 from existing)
      on conflict do nothing returning contact_id
    ), created as (
      insert into contacts (id, org_id) select contact_id, ${call.orgId} from claimed returning id
    ), contact as (
      select contact_id as id from existing union all select contact_id from claimed
    ), conversation as (
      insert into conversations (id, org_id, inbox_id, contact_id, assignee_user_id, last_activity_at)
      select ${newId('cnv')}, ${call.orgId}, ${call.inboxId}, contact.id,
        (select ct.owner_user_id from contacts ct join inbox_members m on m.user_id = ct.owner_user_id
          where ct.id = contact.id and m.inbox_id = ${call.inboxId} and m.role = 'connected'),
        ${at}
      from contact
      on conflict (inbox_id, contact_id) do update set last_activity_at = greatest(conversations.last_activity_at, excluded.last_activity_at)
      returning id
    ), recorded as (
      insert into communications (id, org_id, inbox_id, conversation_id, kind, direction, external_id, status, from_e_164, to_e_164, occurred_at)
      select ${newId('com')}, ${call.orgId}, ${call.inboxId}, conversation.id, 'call', 'inbound', ${call.callId}, ${call.status}, ${call.from}, ${call.to}, ${at}
      from conversation
      on conflict do nothing
    )
    select id from conversation`));
  return rows.length > 0;
}
