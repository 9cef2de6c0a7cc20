import type { FieldError } from '../../http/problem.ts';
import type { ConsoleContext } from '../context.ts';
import { html } from '../html.ts';
import { layout } from '../layout.ts';

const titles: Record<number, string> = {
  400: 'That request is not valid', 403: 'Not allowed', 404: 'Page not found', 409: 'That cannot be done now',
  413: 'Too much data', 429: 'Too many requests', 503: 'Unavailable for now',
};

/** An error as a page: what went wrong in words, never a stack trace or SQL. */
export function errorPage(status: number, detail: string, ctx?: ConsoleContext, errors: FieldError[] = []) {
  const title = titles[status] ?? (status >= 500 ? 'Something went wrong' : 'That did not work');
  return layout({
    title,
    ctx,
    body: html`<p class="notice error" role="alert">${detail}</p>
${errors.length ? html`<ul class="errors">${errors.map((e) => html`<li><code>${e.path}</code>: ${e.message}</li>`)}</ul>` : ''}
<p><a href="/console/inboxes">Back to the inboxes</a></p>`,
  });
}
