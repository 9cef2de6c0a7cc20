import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Config } from './config.ts';

export interface Secrets {
  platformAdminKey: string;
  carrierWebhookSecret: string;
  carrierApiSecret: string;
}

type SecretName = keyof Secrets;
const fromEnv: Record<SecretName, keyof Config> = {
  platformAdminKey: 'PLATFORM_ADMIN_KEY',
  carrierWebhookSecret: 'CARRIER_WEBHOOK_SECRET',
  carrierApiSecret: 'CARRIER_API_SECRET',
};

/**
 * Secrets come from the environment. On the embedded defaults, a missing one is generated once and kept
 * in the data directory (mode 600), so a laptop needs no setup and a restart keeps the same keys.
 */
export async function loadSecrets(config: Config): Promise<{ secrets: Secrets; generated: SecretName[]; file: string }> {
  const file = join(config.DATA_DIR, 'secrets.json');
  const stored = await readStored(file);
  const generated: SecretName[] = [];
  const secrets = {} as Secrets;
  for (const name of Object.keys(fromEnv) as SecretName[]) {
    const value = config[fromEnv[name]] as string | undefined;
    if (value) secrets[name] = value;
    else {
      secrets[name] = stored[name] ?? `${name === 'platformAdminKey' ? 'sbp_' : ''}${randomBytes(24).toString('base64url')}`;
      generated.push(name);
    }
  }
  if (generated.some((name) => !stored[name])) {
    await mkdir(config.DATA_DIR, { recursive: true });
    const keep = Object.fromEntries(generated.map((name) => [name, secrets[name]]));
    await writeFile(file, JSON.stringify({ ...stored, ...keep }, null, 2), { mode: 0o600 });
  }
  return { secrets, generated, file };
}

async function readStored(file: string): Promise<Partial<Secrets>> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as Partial<Secrets>;
  } catch {
    return {};
  }
}
