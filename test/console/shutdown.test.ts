import { expect, it } from 'vitest';
import { startConsoleWorld } from './console-world.ts';

it('an open live calls page does not hold a shutdown: its stream ends when the server stops listening', async () => {
  // A long grace: a stream that held on would keep the stop waiting for all of it.
  const world = await startConsoleWorld({ closeGraceMs: 10_000 });
  try {
    const page = await world.signIn('admin');
    const opened = page.waitForResponse((r) => r.url().endsWith('/calls/stream'));
    await page.goto(`${world.stack.url}/console/inboxes/${world.org.support.id}/calls`);
    await opened;
    const started = performance.now();
    await world.stack.stop();
    // Well under the grace: the stream ended when the server said it was shutting down (the rest is the worker's drain).
    expect(performance.now() - started).toBeLessThan(5_000);
  } finally {
    await world.browser.close();
    await world.carrier.stop();
  }
});
