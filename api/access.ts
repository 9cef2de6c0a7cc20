import { findCall, findCommunication, type CommunicationRow } from '../db/communications.ts';
import { findContact, type ContactRow } from '../db/contacts.ts';
import { findConversation, type ConversationRow } from '../db/conversations.ts';
import type { Database } from '../db/database.ts';
import { findMembership } from '../db/inbox-members.ts';
import { findVisibleInbox, type InboxRow } from '../db/inboxes.ts';
import { findTeam, type TeamRow } from '../db/teams.ts';
import { findVisibleUser, type UserRow } from '../db/users.ts';
import type { OrgCaller } from './http/auth.ts';
import { forbidden } from './http/problem.ts';
import { orNotFound, type ResourceSpec } from './http/resource.ts';

// The resources routes act on, as the caller may see them: what is not visible is 404, never 403, so
// another organization's ids reveal nothing.

type ById<K extends string = 'id'> = { params: Record<K, string>; caller: OrgCaller };

/** The inbox, if the caller may see it; otherwise 404, whether or not it exists elsewhere. */
export const visibleInbox = async (db: Database, caller: OrgCaller, inboxId: string) => orNotFound(await findVisibleInbox(db, caller, inboxId), 'The inbox');

/** A user the caller may see: any in the organization, or only itself for an agent. */
export const visibleUser = async (db: Database, caller: OrgCaller, userId: string) => orNotFound(await findVisibleUser(db, caller, userId), 'The user');

/**
 * 403 unless the caller may act on the inbox: reply, send or call from its numbers, mark read or unread, assign.
 * That is an admin key, or a key acting for a connected user of the inbox; watching users only observe and are
 * notified (docs/api.md, "Who may act"). Call it once the inbox is known to be visible, so 404 comes first.
 */
export async function assertConnected(db: Database, caller: OrgCaller, inboxId: string): Promise<void> {
  if (caller.role === 'admin') return;
  const membership = caller.userId ? await findMembership(db, inboxId, caller.userId) : undefined;
  if (membership?.role === 'connected') return;
  throw forbidden(membership
    ? 'Watching users only observe this inbox and are notified; only its connected users (or an admin) act on it.'
    : 'Only connected users of this inbox (or an admin) act on it.');
}

/** The inbox of the path's `:id`. */
export const inboxById = (db: Database): ResourceSpec<ById, InboxRow> => ({
  name: 'The inbox',
  find: ({ params, caller }) => findVisibleInbox(db, caller, params.id),
});

/** The user of the path's `:id`. */
export const userById = (db: Database): ResourceSpec<ById, UserRow> => ({
  name: 'The user',
  find: ({ params, caller }) => findVisibleUser(db, caller, params.id),
});

/** The team of the path's `:id`. */
export const teamById = (db: Database): ResourceSpec<ById, TeamRow> => ({
  name: 'The team',
  find: ({ params, caller }) => findTeam(db, caller.orgId, params.id),
});

/** The contact of the path's `:id`: every role sees all of its organization's contacts. */
export const contactById = (db: Database): ResourceSpec<ById, ContactRow> => ({
  name: 'The contact',
  find: ({ params, caller }) => findContact(db, caller.orgId, params.id),
});

/** The conversation of the path's `:id`, in an inbox the caller may see. */
export const conversationById = (db: Database): ResourceSpec<ById, ConversationRow> => ({
  name: 'The conversation',
  find: async ({ params, caller }) => inVisibleInbox(db, caller, await findConversation(db, caller.orgId, params.id)),
});

/** The call, voicemail or message of the path's `:id`, in an inbox the caller may see. */
export const communicationById = (db: Database): ResourceSpec<ById, CommunicationRow> => ({
  name: 'The communication',
  find: async ({ params, caller }) => inVisibleInbox(db, caller, await findCommunication(db, caller.orgId, params.id)),
});

/** The call of the path's `:callId` (the carrier's call id), in an inbox the caller may see. */
export const callById = (db: Database): ResourceSpec<ById<'callId'>, CommunicationRow> => ({
  name: 'The call',
  find: async ({ params, caller }) => inVisibleInbox(db, caller, await findCall(db, caller.orgId, params.callId)),
});

// A row of an inbox the caller may not see answers 404 on the inbox, as these routes always have.
async function inVisibleInbox<T extends { inboxId: string }>(db: Database, caller: OrgCaller, row: T | undefined): Promise<T | undefined> {
  if (row) await visibleInbox(db, caller, row.inboxId);
  return row;
}
