import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// Lints code as if it sat at `filePath`, with the project's own eslint.config.js.
const eslint = new ESLint({ cwd: import.meta.dirname });

async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  const messages = result!.messages;
  const other = messages.filter((m) => m.ruleId !== 'no-restricted-imports');
  expect(other, 'the fixture is otherwise clean').toEqual([]);
  return messages.map((m) => m.message);
}

describe('the deterministic-import guard', () => {
  it.each([
    ['workflows/call/fixture.ts', 'activities', "import { createCallActivities } from '../../activities/calls.ts';\nexport const x = createCallActivities;\n"],
    ['workflows/call/parts/fixture.ts', 'db', "import { openDatabase } from '../../../db/database.ts';\nexport const x = openDatabase;\n"],
    ['workflows/mail/fixture.ts', 'infra', "export { loadConfig } from '../../infra/config.ts';\n"],
    ['workflows/fixture.ts', 'api', "import { e164Schema } from '../api/schemas.ts';\nexport const x = e164Schema;\n"],
    ['workflows/call/fixture.ts', 'carriers', "import { sign } from '../../carriers/native/signature.ts';\nexport const x = sign;\n"],
    ['domain/calls/fixture.ts', 'db', "import * as schema from '../../db/schema/index.ts';\nexport const x = schema;\n"],
  ])('refuses %s importing a value from %s/', async (filePath, _layer, code) => {
    expect(await restrictedImports(filePath, code)).toEqual([expect.stringContaining('Only type imports from side-effecting layers.')]);
  });

  it('accepts a type import from the same layers', async () => {
    const code = [
      "import type { createCallActivities } from '../../activities/calls.ts';",
      "import type { Database } from '../../../db/database.ts';",
      'export type X = [typeof createCallActivities, Database];',
      '',
    ].join('\n');
    expect(await restrictedImports('workflows/call/parts/fixture.ts', code)).toEqual([]);
  });

  it('accepts value imports from domain and from workflow siblings', async () => {
    const code = "import { orderAgents } from '../../domain/routing/order-agents.ts';\nimport { callStateQuery } from './state.ts';\nexport const x = [orderAgents, callStateQuery];\n";
    expect(await restrictedImports('workflows/call/fixture.ts', code)).toEqual([]);
  });

  it.each(['node:fs', 'fs', 'node:crypto'])('refuses the Node built-in %s', async (name) => {
    const code = `import * as builtin from '${name}';\nexport const x = builtin;\n`;
    expect(await restrictedImports('workflows/call/fixture.ts', code)).toEqual([expect.stringContaining('no Node built-ins')]);
  });

  it('refuses an I/O library', async () => {
    expect(await restrictedImports('domain/fixture.ts', "import postgres from 'postgres';\nexport const x = postgres;\n"))
      .toEqual([expect.stringContaining('no I/O libraries')]);
  });
});
