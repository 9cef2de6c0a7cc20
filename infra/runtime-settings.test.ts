import { describe, expect, it } from 'vitest';
import { MAX_SEMI_SPACE_MB, missingRuntimeSettings } from './runtime-settings.ts';

const semiSpace = `--max-semi-space-size=${MAX_SEMI_SPACE_MB}`;

describe('the runtime settings a Switchboard process gives itself', () => {
  it('are both added to a Linux process started without them', () => {
    expect(missingRuntimeSettings({ PATH: '/usr/bin' }, [], 'linux', 10)).toEqual({ env: { MALLOC_MMAP_THRESHOLD_: '131072' }, flags: [semiSpace] });
  });

  it('are all there once the process has been replaced', () => {
    const replaced = missingRuntimeSettings({ MALLOC_MMAP_THRESHOLD_: '131072', SWITCHBOARD_RUNTIME_SETTINGS_PID: '10' }, [semiSpace], 'linux', 10);
    expect(replaced).toEqual({ env: {}, flags: [] });
  });

  it('never replace a process twice, even if it still lacks them', () => {
    expect(missingRuntimeSettings({ SWITCHBOARD_RUNTIME_SETTINGS_PID: '10' }, [], 'linux', 10)).toEqual({ env: {}, flags: [] });
    // A process the replaced one starts has its own pid, and its own settings.
    expect(missingRuntimeSettings({ SWITCHBOARD_RUNTIME_SETTINGS_PID: '10' }, [], 'linux', 11).flags).toEqual([semiSpace]);
  });

  it("keep the operator's own allocator settings and young generation", () => {
    expect(missingRuntimeSettings({ MALLOC_MMAP_THRESHOLD_: '1048576' }, [semiSpace], 'linux', 10).env).toEqual({});
    expect(missingRuntimeSettings({ GLIBC_TUNABLES: 'glibc.malloc.arena_max=2' }, [], 'linux', 10).env).toEqual({});
    // A tunable of something else is no reason to keep glibc's moving threshold.
    expect(missingRuntimeSettings({ GLIBC_TUNABLES: 'glibc.pthread.rseq=0' }, [], 'linux', 10).env).toEqual({ MALLOC_MMAP_THRESHOLD_: '131072' });
    expect(missingRuntimeSettings({ NODE_OPTIONS: '--enable-source-maps --max-semi-space-size=64' }, [], 'linux', 10).flags).toEqual([]);
    expect(missingRuntimeSettings({}, ['--max_semi_space_size=8'], 'linux', 10).flags).toEqual([]);
  });

  it('set no glibc variable where glibc is not the allocator', () => {
    expect(missingRuntimeSettings({}, [], 'darwin', 10)).toEqual({ env: {}, flags: [semiSpace] });
  });
});
