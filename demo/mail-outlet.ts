import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** Where the demo's email can be read, and how many arrived since a moment. */
export interface MailOutlet {
  /** Mailpit's web UI, or the folder of .eml files. */
  where: string;
  countSince(since: Date): Promise<number>;
}

/** Mailpit, through its REST API. */
export function mailpitOutlet(uiUrl: string): MailOutlet {
  return {
    where: uiUrl,
    async countSince(since) {
      const response = await fetch(`${uiUrl}/api/v1/messages?limit=1000`);
      if (!response.ok) throw new Error(`Mailpit answered ${response.status}`);
      const { messages } = (await response.json()) as { messages: { Created: string }[] };
      return messages.filter((m) => Date.parse(m.Created) >= since.getTime()).length;
    },
  };
}

/** The .eml fallback: one file per email. */
export function emlOutlet(dir: string): MailOutlet {
  return {
    where: dir,
    async countSince(since) {
      const names = await readdir(dir).catch(() => [] as string[]);
      const times = await Promise.all(names.filter((n) => n.endsWith('.eml')).map(async (n) => (await stat(join(dir, n))).mtimeMs));
      return times.filter((t) => t >= since.getTime()).length;
    },
  };
}
