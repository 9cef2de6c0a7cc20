import { describe, expect, it } from 'vitest';
import { html } from './html.ts';
import { safeNext } from './pages/sign-in.ts';

describe('html', () => {
  it('escapes every value, keeps Html as it is, joins arrays and drops null, undefined and false', () => {
    const name = `<script>alert("x")</script> & 'co'`;
    const inner = html`<b>${name}</b>`;
    expect(html`<p title="${name}">${inner}${[1, html`<i>2</i>`]}${null}${undefined}${false}</p>`.text).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39;"><b>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39;</b>1<i>2</i></p>',
    );
  });
});

describe('safeNext', () => {
  it.each([
    ['/console/inboxes/inb_1?view=unthreaded#i-2', '/console/inboxes/inb_1?view=unthreaded#i-2'],
    ['https://evil.test/console/x', '/console/inboxes'],
    ['//evil.test/console/', '/console/inboxes'],
    ['/console//evil.test', '/console/inboxes'],
    ['/console/\\evil.test', '/console/inboxes'],
    ['/v1/inboxes', '/console/inboxes'],
    [undefined, '/console/inboxes'],
  ])('%s goes to %s', (given, expected) => expect(safeNext(given)).toBe(expected));
});
