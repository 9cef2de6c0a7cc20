import type { Database } from '../../db/database.ts';
import { findMembership } from '../../db/inbox-members.ts';
import { isConnectedUser } from '../../db/connected-users.ts';
import { orgNumber, primaryNumber, type SendingLine } from '../../db/sending-numbers.ts';
import { findUser } from '../../db/users.ts';
import type { OrgCaller } from '../http/auth.ts';
import { badRequest, forbidden } from '../http/problem.ts';

export type { SendingLine };

const refused = (message: string) => badRequest('There is no number this key may send from.', [{ path: 'from', message }]);

/**
 * The number an outbound text or call goes out from (docs/api.md, "Outbound texts and calls"): `from` if it is
 * a number of an inbox where the key's user is connected; without it, the primary number of the user's default
 * inbox for new outbound, of the conversation's inbox (`replyInboxId`) for replies. Every refusal is a 400
 * naming `from`, except a `from` of an inbox the user watches: 403, as for every watcher action. A key acting for nobody has no inbox to send from; an admin's such key may still reply.
 */
export async function chooseSendingNumber(db: Database, caller: OrgCaller, request: { from?: string; replyInboxId?: string }): Promise<SendingLine> {
  const { from, replyInboxId } = request;
  if (!caller.userId) {
    if (!replyInboxId || caller.role !== 'admin') throw refused('this API key acts for no user, so it has no inbox to send from');
    const line = from ? await orgNumber(db, caller.orgId, from) : await primaryNumber(db, replyInboxId);
    if (!line) throw refused(from ? 'must be a number of this organization' : "is required: the conversation's inbox has no primary number");
    return line;
  }
  if (from) {
    const line = await orgNumber(db, caller.orgId, from);
    const membership = line ? await findMembership(db, line.inboxId, caller.userId) : undefined;
    // A watcher of that inbox is known to it but may only observe: refused outright, as every watcher action is.
    if (membership?.role === 'watching') throw forbidden('Watching users only observe this inbox and are notified; they may not send or call from its numbers.');
    if (!line || membership?.role !== 'connected') throw refused('must be a number of an inbox where you are a connected user');
    return line;
  }
  const inboxId = replyInboxId ?? (await findUser(db, caller.orgId, caller.userId))?.defaultInboxId;
  if (!inboxId) throw refused('is required: you have no default inbox');
  const line = await primaryNumber(db, inboxId);
  if (!line) throw refused(`is required: ${replyInboxId ? "the conversation's inbox" : 'your default inbox'} has no primary number`);
  if (!(await isConnectedUser(db, inboxId, caller.userId))) throw refused(`is required: you are not a connected user of ${replyInboxId ? "the conversation's inbox" : 'your default inbox'}`);
  return line;
}
