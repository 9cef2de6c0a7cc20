import type { Router } from 'express';
import { composeEmail, type Links } from '../../../activities/mail/compose.ts';
import type { MailTemplates } from '../../../activities/mail/templates.ts';
import type { DailyFigures } from '../../../domain/reports/figures.ts';
import { HttpProblem, type FieldError } from '../../http/problem.ts';
import { apiRoutes } from '../api-routes.ts';
import { contextOf, type ConsoleContext } from '../context.ts';
import { html, type Html } from '../html.ts';
import { layout } from '../layout.ts';
import type { Inbox } from './inboxes.ts';

interface DailyReport {
  date: string; complete: boolean; source: 'stored' | 'live'; figures: DailyFigures;
  emails: { to: string; status: string; trigger: string; sentAt: string | null }[];
}

interface ReportDeps { templates: MailTemplates; links: Links }

/** The report email exactly as it is mailed (the worker's own composer and templates), its chart inlined. */
function emailHtml(deps: ReportDeps, inbox: Inbox, report: DailyReport): string {
  const email = composeEmail({
    content: { kind: 'daily_report', report: { inbox, figures: report.figures } },
    recipient: { name: 'Console', email: 'console@localhost' }, messageId: '<console@localhost>', from: 'console@localhost',
    links: deps.links, templates: deps.templates, date: new Date(),
  });
  const chart = email.attachments?.[0];
  return chart?.cid ? email.html.replaceAll(`cid:${chart.cid}`, `data:image/png;base64,${Buffer.from(chart.content).toString('base64')}`) : email.html;
}

function reportPage(ctx: ConsoleContext, inbox: Inbox, date: string, content: Html, errors: FieldError[] = []) {
  const dateErrors = errors.filter((e) => e.path === 'date');
  return layout({
    title: 'Daily report', ctx, section: 'inboxes', inbox: { id: inbox.id, name: inbox.name, tab: 'report' },
    body: html`<form method="get" action="/console/inboxes/${inbox.id}/report" class="inline-form" novalidate>
<div class="field${dateErrors.length ? ' invalid' : ''}"><label for="date">Day (${inbox.timezone})</label>
<input type="date" id="date" name="date" value="${date}"${dateErrors.length ? html` aria-invalid="true" aria-describedby="date-error"` : ''}>
${dateErrors.length ? html`<span class="field-error" id="date-error">${dateErrors.map((e) => e.message).join('; ')}</span>` : ''}</div>
<button type="submit">Show</button></form>
${content}`,
  });
}

export function reportRoutes(router: Router, deps: ReportDeps) {
  router.get('/inboxes/:id/report', async (req, res) => {
    const ctx = contextOf(res);
    const { body: inbox } = await ctx.api<Inbox>(apiRoutes.inbox, { params: { id: req.params.id! } });
    const asked = typeof req.query.date === 'string' ? req.query.date : undefined;
    let report: DailyReport;
    try {
      report = (await ctx.api<DailyReport>(apiRoutes.dailyReport, { params: { id: inbox.id }, query: { date: asked } })).body;
    } catch (error) {
      if (!(error instanceof HttpProblem) || error.status !== 400) throw error;
      res.status(400).send(reportPage(ctx, inbox, asked ?? '', html`<p class="notice error" role="alert">${error.message}</p>`, error.errors).text);
      return;
    }
    const sent = report.emails.filter((e) => e.status === 'sent');
    res.send(reportPage(ctx, inbox, report.date, html`<p>${report.source === 'stored' ? 'The figures as mailed' : 'Figures computed now'}${report.complete ? '' : ', for a day still going'}.
${sent.length ? `Mailed to ${sent.map((e) => e.to).join(', ')}.` : 'Not mailed for this day.'}</p>
<iframe class="email" title="The daily report email for ${report.date}" sandbox="allow-same-origin allow-popups allow-popups-to-escape-sandbox" srcdoc="${emailHtml(deps, inbox, report)}"></iframe>`).text);
  });
}
