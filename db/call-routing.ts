import { sql } from 'drizzle-orm';
import type { CarrierName } from '../domain/carriers.ts';
import type { Database } from './database.ts';
import { rowsOf } from './rows.ts';

/** What routing an inbound call needs to know, as stored. */
export interface CallRoutingFacts {
  carrier: CarrierName;
  orgId: string;
  inboxId: string;
  timezone: string;
  /** The routing and automation policies that were ever set (the others are at their defaults). */
  policies: { name: 'routing' | 'automation'; document: unknown; version: number }[];
  /** The inbox's connected users, by position. */
  members: {
    userId: string; position: number; presence: string; phone: string | null; sipUri: string | null;
    lastCallEndedAt: number | null; onCall: boolean;
  }[];
  lastFirstRung: string | null;
  /** The caller's contact in the organization, if the number is known, and its owner. */
  contactId: string | null;
  contactOwner: string | null;
  /**
   * The carrier the call came through, when asked about a call: Twilio or Telnyx when the API recorded it so (it
   * does before handing the workflow the call's announcement), otherwise our own protocol.
   */
  broughtBy?: CarrierName;
}

interface Row {
  carrier: CarrierName; org_id: string; inbox_id: string; timezone: string; policies: CallRoutingFacts['policies'];
  members: CallRoutingFacts['members']; last_first_rung: string | null; contact_id: string | null; contact_owner: string | null;
  brought_by: Exclude<CarrierName, 'native'> | null;
}

/**
 * The inbox owning the dialed number, its policies, connected agents (with presence and whether each is on a
 * call), whom it rang first last time, the caller's contact and, given the call's id, the carrier that brought it:
 * one round trip, as it runs before the first ring.
 */
export async function readCallRouting(db: Database, call: { to: string; from: string; callId?: string }): Promise<CallRoutingFacts | undefined> {
  const [row] = rowsOf<Row>(await db.execute(sql`
    select n.carrier, i.org_id, i.id as inbox_id, i.timezone,
      coalesce((select json_agg(json_build_object('name', p.name, 'document', p.document, 'version', p.version))
        from inbox_policies p where p.inbox_id = i.id and p.name in ('routing', 'automation')), '[]') as policies,
      coalesce((select json_agg(json_build_object(
          'userId', u.id, 'position', m.position, 'presence', u.presence, 'phone', u.phone, 'sipUri', u.sip_uri,
          'lastCallEndedAt', floor(extract(epoch from u.last_call_ended_at) * 1000),
          -- On a call: answered inbound calls, and outbound calls from dialing on. Stated as the partial index of
          -- calls in progress, so this reads only those, not the call history.
          'onCall', exists (select 1 from communications c where c.kind = 'call'
            and c.status in ('routing', 'ringing', 'dialing', 'connected', 'voicemail') and c.status in ('connected', 'dialing')
            and c.org_id = i.org_id and c.agent_user_id = u.id)
        ) order by m.position, u.id)
        from inbox_members m join users u on u.id = m.user_id where m.inbox_id = i.id and m.role = 'connected'), '[]') as members,
      (select s.last_first_rung_user_id from inbox_routing_state s where s.inbox_id = i.id) as last_first_rung,
      cp.contact_id, ct.owner_user_id as contact_owner,
      (select cc.carrier from carrier_calls cc where cc.call_id = ${call.callId ?? null}) as brought_by
    from inbox_numbers n join inboxes i on i.id = n.inbox_id
      left join contact_phones cp on cp.org_id = i.org_id and cp.e164 = ${call.from}
      left join contacts ct on ct.id = cp.contact_id
    where n.e164 = ${call.to}`));
  if (!row) return undefined;
  return {
    carrier: row.carrier, orgId: row.org_id, inboxId: row.inbox_id, timezone: row.timezone, policies: row.policies,
    members: row.members, lastFirstRung: row.last_first_rung, contactId: row.contact_id, contactOwner: row.contact_owner,
    ...(call.callId ? { broughtBy: row.brought_by ?? 'native' } : {}),
  };
}
