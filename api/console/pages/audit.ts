import type { Router } from 'express';
import { apiRoutes } from '../api-routes.ts';
import { contextOf } from '../context.ts';
import { nameOf } from '../format.ts';
import { html } from '../html.ts';
import { layout } from '../layout.ts';
import { userNames } from '../users.ts';

interface AuditEntry {
  id: string; at: string; action: string; resourceType: string; resourceId: string;
  actor: { keyId: string | null; userId: string | null }; before: unknown; after: unknown;
}

const json = (value: unknown) => (value === null || value === undefined ? '—' : JSON.stringify(value, null, 2));

export function auditRoutes(router: Router) {
  router.get('/audit-log', async (req, res) => {
    const ctx = contextOf(res);
    const cursor = typeof req.query.cursor === 'string' ? req.query.cursor : undefined;
    const [{ body: page }, names] = await Promise.all([
      ctx.api<{ items: AuditEntry[]; nextCursor: string | null }>(apiRoutes.auditLog, { query: { limit: 50, cursor } }), userNames(ctx),
    ]);
    res.send(layout({
      title: 'Audit log', ctx, section: 'audit',
      body: html`<p>Who changed which configuration, when, before and after. Times are UTC.</p>
${page.items.length ? html`<table class="list audit"><thead><tr><th scope="col">When</th><th scope="col">Change</th><th scope="col">By</th><th scope="col">Before and after</th></tr></thead>
<tbody>${page.items.map((e) => html`<tr>
<td data-label="When"><time datetime="${e.at}">${e.at.slice(0, 19).replace('T', ' ')}</time></td>
<td data-label="Change"><strong>${e.action}</strong> ${e.resourceType} <code>${e.resourceId}</code></td>
<td data-label="By">${e.actor.userId ? nameOf(names, e.actor.userId) : e.actor.keyId ? html`key <code>${e.actor.keyId}</code>` : '—'}</td>
<td data-label="Before and after"><details><summary>Show</summary><div class="diff"><div><h3>Before</h3><pre>${json(e.before)}</pre></div><div><h3>After</h3><pre>${json(e.after)}</pre></div></div></details></td>
</tr>`)}</tbody></table>` : html`<p class="empty">No changes yet.</p>`}
${page.nextCursor ? html`<p><a href="/console/audit-log?cursor=${page.nextCursor}">Older entries</a></p>` : ''}`,
    }).text);
  });
}
