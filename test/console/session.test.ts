import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot, startConsoleWorld, type ConsoleWorld } from './console-world.ts';

let world: ConsoleWorld;
beforeAll(async () => (world = await startConsoleWorld()));
afterAll(() => world?.stop());

describe('signing in and out', () => {
  it('signs in by keyboard alone, keeps the key in an HttpOnly SameSite=Strict cookie, and signs out', async () => {
    const context = await world.browser.newContext();
    const page = await context.newPage();
    await page.goto(`${world.stack.url}/console/inboxes`);
    expect(page.url()).toContain('/console/sign-in?next=%2Fconsole%2Finboxes');
    await screenshot(page, 'sign-in');
    // The first Tab reaches the skip link; the key field is labelled and the form submits with Enter.
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.textContent')).toBe('Skip to content');
    await page.getByLabel('API key').focus();
    await page.keyboard.type(world.org.keys.supervisor);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/console\/inboxes$/);
    expect(await page.getByText('Sam · supervisor').count()).toBe(1);

    const [cookie] = await context.cookies();
    expect(cookie).toMatchObject({ name: 'sb_console', httpOnly: true, sameSite: 'Strict', secure: false, path: '/' });
    expect(cookie!.value).toContain(world.org.keys.supervisor);
    expect(await page.evaluate('document.cookie')).toBe('');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/console\/sign-in$/);
    expect(await context.cookies()).toEqual([]);
    await page.goto(`${world.stack.url}/console/inboxes`);
    expect(page.url()).toContain('/console/sign-in');
    await context.close();
  });

  it('refuses a wrong key and the platform key, saying so next to the field', async () => {
    const page = await (await world.browser.newContext()).newPage();
    for (const key of ['sbk_not-a-real-key', world.stack.platformKey]) {
      await page.goto(`${world.stack.url}/console/sign-in`);
      await page.getByLabel('API key').fill(key);
      const [response] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/console/sign-in')), page.getByRole('button', { name: 'Sign in' }).click()]);
      expect(response.status()).toBe(401);
      expect(await page.getByRole('alert').textContent()).toContain('not a valid organization key');
      expect(await page.getByLabel('API key').getAttribute('aria-invalid')).toBe('true');
    }
    expect(await page.context().cookies()).toEqual([]);
    await page.context().close();
  });

  it('returns to the page asked for, and a revoked key ends the session at its next request', async () => {
    const { as } = world.org;
    const { id, key } = await as('POST', '/v1/api-keys', { role: 'agent', userId: world.org.users.ada });
    const page = await (await world.browser.newContext()).newPage();
    await page.goto(`${world.stack.url}/console/inboxes/${world.org.support.id}/calls`);
    await page.getByLabel('API key').fill(key);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/calls$/);
    await as('DELETE', `/v1/api-keys/${id}`);
    await page.goto(`${world.stack.url}/console/inboxes`);
    expect(page.url()).toContain('/console/sign-in');
    await page.context().close();
  });
});

describe('forms and errors', () => {
  it('refuses a POST without the session token, or started by another site, and changes nothing', async () => {
    const page = await world.signIn('admin');
    await world.receiveText(world.org.support.number, '+14155550199', 'Hello?');
    const feed = async () => (await world.stack.call('GET', `/v1/inboxes/${world.org.support.id}/feed?view=unthreaded`, { key: world.org.adminKey })).body.items;
    const item = (await feed()).find((i: { body: string }) => i.body === 'Hello?');
    const csrf = await page.locator('input[name="_csrf"]').first().inputValue();
    const post = (form: Record<string, string>, headers: Record<string, string> = {}) =>
      page.request.post(`${world.stack.url}/console/communications/${item.id}/read`, { form, headers, maxRedirects: 0 });
    expect((await post({})).status()).toBe(403);
    expect((await post({ _csrf: 'forged' })).status()).toBe(403);
    expect((await post({ _csrf: csrf }, { 'sec-fetch-site': 'cross-site' })).status()).toBe(403);
    expect((await feed()).find((i: { id: string }) => i.id === item.id).read).toBe(false);
    expect((await post({ _csrf: csrf })).status()).toBe(303);
    expect((await feed()).find((i: { id: string }) => i.id === item.id).read).toBe(true);
    await page.context().close();
  });

  it('answers an unknown page with a 404 page and bad input with the API’s field errors, never a stack trace', async () => {
    const page = await world.signIn('admin');
    const notFound = await page.goto(`${world.stack.url}/console/no-such-page`);
    expect(notFound!.status()).toBe(404);
    expect(notFound!.headers()['content-type']).toContain('text/html');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Page not found');
    await screenshot(page, 'not-found');
    expect((await page.goto(`${world.stack.url}/console/inboxes/inb_nope`))!.status()).toBe(404);
    expect((await page.goto(`${world.stack.url}/console/conversations/cnv_nope`))!.status()).toBe(404);
    const bad = await page.goto(`${world.stack.url}/console/inboxes/${world.org.support.id}?view=sideways`);
    expect(bad!.status()).toBe(400);
    const text = await page.locator('main').textContent();
    expect(text).toContain('view');
    expect(text).not.toMatch(/\n\s+at |Error:/);
    await page.context().close();
  });

  it('keeps its pages out of /openapi.json', async () => {
    const paths = Object.keys((await world.stack.call('GET', '/openapi.json')).body.paths);
    expect(paths.filter((p) => p.startsWith('/console'))).toEqual([]);
    expect(paths.length).toBeGreaterThan(20);
  });
});
