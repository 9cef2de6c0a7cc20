import type { Router } from 'express';
import type { ConsoleApi } from '../api-routes.ts';
import { html } from '../html.ts';
import { layout, notice } from '../layout.ts';
import type { SessionCookies } from '../session.ts';

/** Where to go after signing in: only a console page of this site. */
export const safeNext = (next: unknown) => (typeof next === 'string' && /^\/console\/[^/\\]/.test(next) ? next : '/console/inboxes');

function signInPage(options: { next?: string; error?: string }) {
  return layout({
    title: 'Sign in',
    body: html`${notice(options.error, 'error')}
<form method="post" action="/console/sign-in" class="narrow">
<input type="hidden" name="next" value="${safeNext(options.next)}">
<p><label for="key">API key</label>
<input id="key" name="key" type="password" autocomplete="current-password" required spellcheck="false"${options.error ? html` aria-invalid="true"` : ''} aria-describedby="key-help">
<span class="help" id="key-help">An organization's key (it starts with <code>sbk_</code>). The console sees and changes what the key may in the API.</span></p>
<p><button type="submit">Sign in</button></p>
</form>`,
  });
}

export function signInRoutes(router: Router, deps: { api: ConsoleApi; cookies: SessionCookies }) {
  router.get('/sign-in', (req, res) => {
    res.send(signInPage({ next: req.query.next as string | undefined }).text);
  });

  router.post('/sign-in', async (req, res) => {
    const key = typeof req.body?.key === 'string' ? req.body.key.trim() : '';
    const next = req.body?.next;
    const caller = key && /^\S{1,200}$/.test(key) ? await deps.api.callerOf(key) : undefined;
    if (!caller) {
      // 401, so the API's limit on failed authentications per address covers key guessing here too.
      res.status(401).send(signInPage({ next, error: 'That key is not a valid organization key. Check it and try again.' }).text);
      return;
    }
    deps.cookies.start(res, key);
    res.redirect(303, safeNext(next));
  });
}
