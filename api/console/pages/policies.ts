import type { Router } from 'express';
import { policyNames, type PolicyName } from '../../../domain/policies/index.ts';
import type { FieldError } from '../../http/problem.ts';
import { HttpProblem } from '../../http/problem.ts';
import { apiRoutes, policyRoutes } from '../api-routes.ts';
import { contextOf, type ConsoleContext } from '../context.ts';
import { html, when, type Html } from '../html.ts';
import { csrfField, layout, notice } from '../layout.ts';
import { documentFromForm, policyForms, valueAt, weekdays, type PolicyField } from '../policy-fields.ts';
import type { Inbox } from './inboxes.ts';

const fieldId = (path: string) => `f-${path.replace(/\./g, '-')}`;

/** Errors at this path or inside it. */
const errorsAt = (errors: FieldError[], path: string) => errors.filter((e) => e.path === path || e.path.startsWith(`${path}.`));

function errorText(errors: FieldError[], id: string): Html | '' {
  return errors.length ? html`<span class="field-error" id="${id}-error">${errors.map((e) => e.message).join('; ')}</span>` : '';
}

const described = (id: string, errors: FieldError[], help?: string) => {
  const ids = [help ? `${id}-help` : '', errors.length ? `${id}-error` : ''].filter(Boolean).join(' ');
  return html`${ids ? html` aria-describedby="${ids}"` : ''}${errors.length ? html` aria-invalid="true"` : ''}`;
};

function fieldHtml(field: PolicyField, document: unknown, errors: FieldError[]): Html {
  if (field.kind === 'businessHours') return businessHoursHtml(field, document, errors);
  const id = fieldId(field.path);
  const mine = errorsAt(errors, field.path);
  const value = valueAt(document, field.path);
  const help = field.help ? html`<span class="help" id="${id}-help">${field.help}</span>` : '';
  const invalid = mine.length ? ' invalid' : '';
  switch (field.kind) {
    case 'checkbox':
      return html`<div class="field check${invalid}"><input type="checkbox" id="${id}" name="${field.path}"${when(value === true, html` checked`)}${described(id, mine, field.help)}>
<label for="${id}">${field.label}</label>${help}${errorText(mine, id)}</div>`;
    case 'select':
      return html`<div class="field${invalid}"><label for="${id}">${field.label}</label>
<select id="${id}" name="${field.path}"${described(id, mine, field.help)}>${field.options.map((o) => html`<option${when(o === value, html` selected`)}>${o}</option>`)}</select>${help}${errorText(mine, id)}</div>`;
    case 'choices':
      return html`<fieldset class="field${invalid}" id="${id}"${described(id, mine, field.help)}><legend>${field.label}</legend>
${field.options.map((o) => html`<span class="check"><input type="checkbox" id="${id}-${o}" name="${field.path}" value="${o}"${when(Array.isArray(value) && value.includes(o), html` checked`)}><label for="${id}-${o}">${o.replace(/_/g, ' ')}</label></span>`)}
${help}${errorText(mine, id)}</fieldset>`;
    case 'textarea': {
      const text = field.wrapIn ? valueAt(value, field.wrapIn) : value;
      return html`<div class="field${invalid}"><label for="${id}">${field.label}</label>
<textarea id="${id}" name="${field.path}" rows="2"${described(id, mine, field.help)}>${typeof text === 'string' ? text : ''}</textarea>${help}${errorText(mine, id)}</div>`;
    }
    default: {
      const type = field.kind === 'number' ? 'text' : field.inputType ?? 'text';
      const mode = field.kind === 'number' ? html` inputmode="numeric"` : '';
      return html`<div class="field${invalid}"><label for="${id}">${field.label}</label>
<input type="${type}" id="${id}" name="${field.path}" value="${value === null || value === undefined ? '' : String(value)}"${mode}${described(id, mine, field.help)}>${help}${errorText(mine, id)}</div>`;
    }
  }
}

/** Business hours: always open, or windows per weekday (one empty row more than set, to add a window) and holidays. */
function businessHoursHtml(field: PolicyField, document: unknown, errors: FieldError[]): Html {
  const hours = valueAt(document, field.path) as { weekly?: Record<string, [string, string][]>; holidays?: string[] } | null | undefined;
  const base = field.path;
  const holidaysId = fieldId(`${base}.holidays`);
  const holidayErrors = errorsAt(errors, `${base}.holidays`).map((e) => {
    const index = /\.(\d+)$/.exec(e.path)?.[1];
    return { ...e, message: index === undefined ? e.message : `${hours?.holidays?.[Number(index)] ?? `entry ${Number(index) + 1}`} ${e.message}` };
  });
  const otherErrors = errors.filter((e) => e.path === base || (e.path.startsWith(`${base}.`) && !e.path.startsWith(`${base}.weekly.`) && !e.path.startsWith(`${base}.holidays`)));
  const days = weekdays.map(([day, label]) => {
    const windows = hours?.weekly?.[day] ?? [];
    const rows = [...windows, ['', ''] as [string, string]];
    return html`<fieldset class="day"><legend>${label}</legend>
${rows.map(([opens, closes], i) => {
    const rowPath = `${base}.weekly.${day}.${i}`;
    const id = fieldId(rowPath);
    const mine = i < windows.length ? errorsAt(errors, rowPath) : [];
    return html`<div class="window${mine.length ? ' invalid' : ''}" id="${id}">
<label for="${id}-opens">Opens <span class="visually-hidden">(${label} window ${i + 1})</span></label>
<input type="time" id="${id}-opens" name="${base}.weekly.${day}.opens" value="${opens}"${described(id, mine)}>
<label for="${id}-closes">Closes <span class="visually-hidden">(${label} window ${i + 1})</span></label>
<input type="time" id="${id}-closes" name="${base}.weekly.${day}.closes" value="${closes}"${described(id, mine)}>
${errorText(mine, id)}</div>`;
  })}</fieldset>`;
  });
  return html`<fieldset class="field hours" id="${fieldId(base)}"><legend>${field.label}</legend>
<span class="check"><input type="radio" id="${fieldId(base)}-always" name="${base}.mode" value="always"${when(!hours, html` checked`)}><label for="${fieldId(base)}-always">Always open</label></span>
<span class="check"><input type="radio" id="${fieldId(base)}-hours" name="${base}.mode" value="hours"${when(!!hours, html` checked`)}><label for="${fieldId(base)}-hours">Open during these hours (inbox local time; a window closing before it opens runs past midnight)</label></span>
${errorText(otherErrors, fieldId(base))}
<div class="days">${days}</div>
<div class="field${holidayErrors.length ? ' invalid' : ''}"><label for="${holidaysId}">Holidays (closed all day)</label>
<textarea id="${holidaysId}" name="${base}.holidays" rows="2"${described(holidaysId, holidayErrors, 'help')}>${(hours?.holidays ?? []).join('\n')}</textarea>
<span class="help" id="${holidaysId}-help">One date a line, as YYYY-MM-DD.</span>${errorText(holidayErrors, holidaysId)}</div>
</fieldset>`;
}

function policyPage(ctx: ConsoleContext, inbox: Inbox, name: PolicyName, document: unknown, options: { errors?: FieldError[]; saved?: boolean } = {}) {
  const form = policyForms[name];
  const errors = options.errors ?? [];
  const editable = ctx.allows(policyRoutes(name).change);
  const action = `/console/inboxes/${inbox.id}/policies/${name}`;
  return layout({
    title: form.title, ctx, section: 'inboxes', inbox: { id: inbox.id, name: inbox.name, tab: name },
    body: html`<p>${form.intro}</p>
${options.saved ? notice('Saved. Running calls and timers follow the change within seconds.') : ''}
${errors.length ? html`<div class="notice error" role="alert" tabindex="-1" autofocus><p>The policy was not saved:</p><ul>${errors.map((e) => html`<li><a href="#${anchorFor(name, e.path)}">${labelFor(name, e.path)}</a>: ${e.message}</li>`)}</ul></div>` : ''}
${editable ? '' : html`<p class="notice">Only admins change policies; this is what the inbox uses now.</p>`}
<form method="post" action="${action}" class="policy" novalidate>
${csrfField(ctx)}
<fieldset class="plain"${when(!editable, html` disabled`)}><legend class="visually-hidden">${form.title} policy</legend>
${form.fields.map((field) => fieldHtml(field, document, errors))}
</fieldset>
${editable ? html`<p><button type="submit">Save</button></p>` : ''}
</form>`,
  });
}

/** What a field error is about, in the form's words: "Monday, window 2", "Maximum wait (seconds)". */
function labelFor(name: PolicyName, path: string): string {
  const row = /^businessHours\.weekly\.(\w+)\.(\d+)/.exec(path);
  if (row) return `${weekdays.find(([day]) => day === row[1])?.[1] ?? row[1]}, window ${Number(row[2]) + 1}`;
  if (path.startsWith('businessHours.holidays')) return 'Holidays';
  return policyForms[name].fields.find((f) => path === f.path || path.startsWith(`${f.path}.`))?.label ?? path;
}

/** The element a field error links to: its field, or the business hours row it names. */
function anchorFor(name: PolicyName, path: string): string {
  const row = /^(businessHours\.weekly\.\w+\.\d+)/.exec(path)?.[1];
  if (row) return fieldId(row);
  if (path.startsWith('businessHours.holidays')) return fieldId('businessHours.holidays');
  const field = policyForms[name].fields.find((f) => path === f.path || path.startsWith(`${f.path}.`));
  return fieldId(field?.path ?? 'form');
}

export function policyRoutesFor(router: Router) {
  const named = (value: string | undefined) => policyNames.find((n) => n === value);

  router.get('/inboxes/:id/policies/:name', async (req, res, next) => {
    const name = named(req.params.name);
    if (!name) return next();
    const ctx = contextOf(res);
    const { body: inbox } = await ctx.api<Inbox>(apiRoutes.inbox, { params: { id: req.params.id! } });
    const { body: document } = await ctx.api(policyRoutes(name).read, { params: { id: inbox.id } });
    res.send(policyPage(ctx, inbox, name, document, { saved: req.query.saved === '1' }).text);
  });

  // Saved through the API's PATCH route (a merge patch, so fields this form does not show keep their values).
  router.post('/inboxes/:id/policies/:name', async (req, res, next) => {
    const name = named(req.params.name);
    if (!name) return next();
    const ctx = contextOf(res);
    const { body: inbox } = await ctx.api<Inbox>(apiRoutes.inbox, { params: { id: req.params.id! } });
    const document = documentFromForm(name, req.body ?? {});
    try {
      await ctx.api(policyRoutes(name).change, { params: { id: inbox.id }, body: document });
    } catch (error) {
      if (!(error instanceof HttpProblem) || error.status !== 400) throw error;
      res.status(400).send(policyPage(ctx, inbox, name, document, { errors: error.errors ?? [{ path: '(root)', message: error.message }] }).text);
      return;
    }
    res.redirect(303, `/console/inboxes/${inbox.id}/policies/${name}?saved=1`);
  });
}
