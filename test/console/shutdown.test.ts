import { expect, it } from 'vitest';
import { startConsoleWorld } from './console-world.ts';

it('an open live calls page does not hold a shutdown: its stream ends when the server stops listening', async () => {
  const world = await startConsoleWorld();
  try {
    const page = await world.signIn('admin');
    const opened = page.waitForResponse((r) => r.url().endsWith('/calls/stream'));
    await page.goto(`${world.stack.url}/console/inboxes/${world.org.support.id}/calls`);
    await opened;
    const started = performance.now();
    // The test stack gives in-flight requests 1 s before it cuts them; before this fix the stream took all of it.
    await world.stack.stop();
    expect(performance.now() - started).toBeLessThan(800);
  } finally {
    await world.browser.close();
    await world.carrier.stop();
  }
});
