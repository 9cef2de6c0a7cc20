import { createLinks } from '../activities/mail/compose.ts';
import { loadMailTemplates } from '../activities/mail/templates.ts';
import { createMailTransport } from '../activities/mail/transport.ts';
import type { ActivityDeps } from '../activities/index.ts';
import type { Config } from './config.ts';

/** The worker's mail side from configuration: SMTP_URL or .eml files, MAIL_FROM, links at PUBLIC_BASE_URL (else this host). */
export function createMailDeps(config: Pick<Config, 'SMTP_URL' | 'DATA_DIR' | 'MAIL_FROM' | 'PUBLIC_BASE_URL' | 'PORT'>): ActivityDeps['mail'] {
  return {
    transport: createMailTransport(config),
    templates: loadMailTemplates(),
    from: config.MAIL_FROM,
    links: createLinks(config.PUBLIC_BASE_URL ?? `http://localhost:${config.PORT}`),
  };
}
