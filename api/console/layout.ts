import type { PolicyName } from '../../domain/policies/index.ts';
import type { ConsoleContext } from './context.ts';
import { html, type Html } from './html.ts';

type InboxTab = 'feed' | 'calls' | PolicyName | 'report';

const inboxTabs: { tab: InboxTab; label: string; path: string }[] = [
  { tab: 'feed', label: 'Feed', path: '' },
  { tab: 'calls', label: 'Live calls', path: '/calls' },
  { tab: 'routing', label: 'Routing', path: '/policies/routing' },
  { tab: 'automation', label: 'Automation', path: '/policies/automation' },
  { tab: 'notifications', label: 'Notifications', path: '/policies/notifications' },
  { tab: 'reports', label: 'Report settings', path: '/policies/reports' },
  { tab: 'report', label: 'Daily report', path: '/report' },
];

interface PageOptions {
  title: string;
  body: Html;
  ctx?: ConsoleContext;
  section?: 'inboxes' | 'audit';
  inbox?: { id: string; name: string; tab: InboxTab };
}

const current = (yes: boolean) => (yes ? html` aria-current="page"` : '');

/** A whole page: the header with navigation and sign-out, the inbox's tabs when it is an inbox page, then the body. */
export function layout(options: PageOptions): Html {
  const { ctx, inbox } = options;
  const title = inbox ? `${options.title} · ${inbox.name}` : options.title;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Switchboard</title>
<link rel="stylesheet" href="/console/assets/console.css">
<script src="/console/assets/htmx.min.js" defer></script>
<script src="/console/assets/sse.min.js" defer></script>
<script src="/console/assets/console.js" defer></script>
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="top">
<a class="brand" href="/console/inboxes">Switchboard</a>
${ctx ? html`<nav aria-label="Main"><ul>
<li><a href="/console/inboxes"${current(options.section === 'inboxes')}>Inboxes</a></li>
${ctx.caller.role !== 'agent' ? html`<li><a href="/console/audit-log"${current(options.section === 'audit')}>Audit log</a></li>` : ''}
</ul></nav>
<div class="who"><span>${ctx.who} · <strong>${ctx.caller.role}</strong></span>
<form method="post" action="/console/sign-out"><input type="hidden" name="_csrf" value="${ctx.csrf}"><button type="submit" class="link">Sign out</button></form></div>` : ''}
</header>
<main id="main" tabindex="-1">
${inbox ? html`<p class="crumbs"><a href="/console/inboxes">Inboxes</a> › <a href="/console/inboxes/${inbox.id}">${inbox.name}</a></p>
<nav class="tabs" aria-label="${inbox.name}"><ul>${inboxTabs.map((t) => html`<li><a href="/console/inboxes/${inbox.id}${t.path}"${current(t.tab === inbox.tab)}>${t.label}</a></li>`)}</ul></nav>` : ''}
<h1>${options.title}</h1>
${options.body}
</main>
</body>
</html>
`;
}

/** The hidden field every form of a session carries. */
export const csrfField = (ctx: ConsoleContext) => html`<input type="hidden" name="_csrf" value="${ctx.csrf}">`;

/** A short message at the top of a page, announced to screen readers. */
export const notice = (text: string | undefined, kind: 'ok' | 'error' = 'ok') =>
  text ? html`<p class="notice ${kind}" role="${kind === 'error' ? 'alert' : 'status'}">${text}</p>` : '';
