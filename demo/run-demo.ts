import { Listr, PRESET_TIMER, type ListrTaskWrapper } from 'listr2';
import { join, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { loadConfig } from '../infra/config.ts';
import { createLogger } from '../infra/logger.ts';
import { asUsageError } from '../infra/usage-error.ts';
import { loadSecrets } from '../infra/secrets.ts';
import { startStack, type RunningStack } from '../infra/stack.ts';
import { CarrierSimulator } from '../simulator/carrier-simulator.ts';
import { apiClient } from './api-client.ts';
import { sendDailyReports } from './daily-reports.ts';
import { day as script, demoOrg, inboxes, people, playedDay, type InboxName } from './day-script.ts';
import { emlOutlet, mailpitOutlet, type MailOutlet } from './mail-outlet.ts';
import { dayLanes, type PlayedItem, type Step } from './play-day.ts';
import { seedDemoOrg, type SeededOrg } from './seed.ts';
import { formatSummary, inboxFigures, outcomes, scriptedOutcomes, type DemoSummary } from './summary.ts';

const inboxNames = Object.keys(inboxes) as InboxName[];

/**
 * `switchboard demo`: the engine on its embedded defaults (its own data directory, DATA_DIR/demo), a demo
 * organization, and a scripted day played through the built-in carrier simulator, live in the terminal;
 * then a summary and where to look. Stays running to be explored; `--exit` ends after the summary.
 */
export async function runDemo(argv: string[], env: NodeJS.ProcessEnv): Promise<void> {
  const flags = parseDemoFlags(argv);
  const dataDir = join(resolve(env.DATA_DIR || 'data'), 'demo');
  // The progress display is the demo's output; the engine's own log keeps to warnings unless asked.
  const config = loadConfig({ ...env, DATA_DIR: dataDir, LOG_LEVEL: env.LOG_LEVEL || 'warn' });
  const logger = createLogger(config);
  const startedAt = new Date();
  const day = playedDay(startedAt);
  const played: PlayedItem[] = [];
  let stack: RunningStack | undefined;
  let simulator: CarrierSimulator | undefined;
  let org: SeededOrg | undefined;
  let mail: MailOutlet | undefined;
  const stop = async () => {
    await stack?.stop();
    await simulator?.stop();
  };

  const stepTask = (step: Step) => ({
    title: step.title,
    task: async (_: unknown, task: ListrTaskWrapper<unknown, never, never>) => {
      task.title = await step.run((line) => (task.output = line));
    },
  });

  try {
    await new Listr([
      {
        title: 'Start Switchboard on the embedded defaults (a first run builds the Temporal CLI and Mailpit with Go: minutes, once)',
        task: async (_, task) => {
          const { secrets } = await loadSecrets(config);
          simulator = new CarrierSimulator({ apiSecret: secrets.carrierApiSecret, webhookSecret: secrets.carrierWebhookSecret });
          await simulator.start();
          // The engine's carrier commands go to the built-in simulator.
          stack = await startStack({ ...config, CARRIER_API_URL: simulator.url }, logger, { api: true, worker: true, embedded: true });
          simulator.setApiUrl(stack.apiUrl!);
          const mailDir = join(dataDir, 'mail');
          mail = stack.mail?.viewerUrl ? mailpitOutlet(stack.mail.viewerUrl) : emlOutlet(mailDir);
          task.title = `Switchboard running at ${stack.apiUrl}, carrier simulator at ${simulator.url}`;
        },
      },
      {
        title: `Seed ${demoOrg.name}: Sales and Support inboxes, agents with presence, a watcher, business hours in ${demoOrg.timezone}, every policy`,
        task: async () => {
          org = await seedDemoOrg(apiClient(stack!.apiUrl!, stack!.secrets.platformAdminKey), day);
        },
      },
      {
        title: `Play ${day} (yesterday in ${demoOrg.timezone}) at speed`,
        task: (_, task) => task.newListr(
          dayLanes({ apiUrl: stack!.apiUrl!, api: apiClient(stack!.apiUrl!, org!.adminKey), simulator: simulator!, org: org!, playedDay: day }, played)
            .map((lane) => ({ title: lane.title, task: (__: unknown, laneTask: ListrTaskWrapper<unknown, never, never>) => laneTask.newListr(lane.steps.map(stepTask), { concurrent: false }) })),
          { concurrent: true, rendererOptions: { collapseSubtasks: false } },
        ),
      },
      {
        title: `Auto-mark-as-read clears ${inboxes.support.name} (period ${String(inboxes.support.automation.autoMarkReadAfter)})`,
        task: async (_, task) => {
          const api = apiClient(stack!.apiUrl!, org!.adminKey);
          const deadline = Date.now() + 90_000;
          for (;;) {
            const { unread } = await api.request<{ unread: number }>('GET', `/v1/inboxes/${org!.inboxIds.support}/unread-count`);
            task.output = `${unread} unread`;
            if (unread === 0) break;
            if (Date.now() > deadline) throw new Error(`${unread} items still unread after 90 s`);
            await delay(500);
          }
        },
      },
      {
        title: `Send the daily reports of ${day}`,
        task: async (_, task) => sendDailyReports(apiClient(stack!.apiUrl!, org!.adminKey), inboxNames.map((i) => org!.inboxIds[i]), day, (line) => (task.output = line)),
      },
      {
        title: 'Wait for the watcher emails',
        task: async (_, task) => {
          const api = apiClient(stack!.apiUrl!, org!.adminKey);
          const expected = await expectedEmails(api, org!, day);
          const deadline = Date.now() + 60_000;
          for (;;) {
            const arrived = await mail!.countSince(startedAt);
            task.output = `${arrived} of ${expected} emails in ${mail!.where}`;
            if (arrived >= expected) break;
            if (Date.now() > deadline) throw new Error(`only ${arrived} of ${expected} emails arrived within 60 s`);
            await delay(500);
          }
        },
      },
    ], {
      exitOnError: true, fallbackRenderer: 'simple',
      rendererOptions: { collapseSubtasks: false, timer: PRESET_TIMER }, fallbackRendererOptions: { timer: PRESET_TIMER },
    }).run();

    const api = apiClient(stack!.apiUrl!, org!.adminKey);
    const summary: DemoSummary = {
      day,
      inboxes: Object.fromEntries(await Promise.all(inboxNames.map(async (i) => [i, await inboxFigures(api, org!.inboxIds[i], day)]))) as DemoSummary['inboxes'],
      emails: await mail!.countSince(startedAt),
    };
    const names = Object.fromEntries(Object.values(people).map((p) => [p.email, p.name]));
    console.log(`\n${demoOrg.name}, ${day} (${demoOrg.timezone}), played at speed\n`);
    console.log(formatSummary(summary, names));
    const problems = differences(summary);
    for (const problem of problems) console.log(`✗ ${problem}`);
    console.log(`
Explore it:
  console       ${stack!.apiUrl}/console   (sign in with the admin key)
  admin key     ${org!.adminKey}
  mail viewer   ${stack!.mail?.viewerUrl ?? `${mail!.where} (.eml files: Go is needed for Mailpit)`}
  Temporal UI   ${stack!.temporalUiUrl ?? '(off: TEMPORAL_DEV_UI_PORT=0)'}
  data          ${dataDir}`);
    if (flags.exit) {
      await stop();
      process.exitCode = problems.length ? 1 : 0;
      return;
    }
    console.log('\nSwitchboard keeps running with the carrier simulator; Ctrl-C stops both.');
    await new Promise<void>((done) => {
      process.once('SIGINT', done);
      process.once('SIGTERM', done);
    });
    await stop();
  } catch (error) {
    await stop();
    throw error;
  }
}

function parseDemoFlags(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: { exit: { type: 'boolean', default: false } }, strict: true }).values;
  } catch (error) {
    throw asUsageError(error, 'usage: switchboard demo [--exit]');
  }
}

/** The emails the day should have caused: for its one watcher, one per missed, abandoned or voicemail call and inbound text; plus the reports. */
async function expectedEmails(api: ReturnType<typeof apiClient>, org: SeededOrg, day: string): Promise<number> {
  let total = 0;
  for (const inbox of inboxNames) {
    const figures = await inboxFigures(api, org.inboxIds[inbox], day);
    total += figures.calls.missed + figures.calls.abandoned + figures.calls.voicemail_left + figures.messagesIn;
    total += figures.report.emails.length;
  }
  return total;
}

/** Where the day went otherwise than scripted. */
function differences(summary: DemoSummary): string[] {
  const problems: string[] = [];
  for (const outcome of outcomes) {
    const got = inboxNames.reduce((n, i) => n + summary.inboxes[i].calls[outcome], 0);
    const meant = inboxNames.reduce((n, i) => n + scriptedOutcomes(i, outcome), 0);
    if (got !== meant) problems.push(`${got} calls ended ${outcome}, the script meant ${meant}`);
  }
  const textsIn = inboxNames.reduce((n, i) => n + summary.inboxes[i].messagesIn, 0);
  if (textsIn !== script.filter((item) => item.kind === 'text').length) problems.push(`${textsIn} texts arrived, the script sent ${script.filter((i) => i.kind === 'text').length}`);
  for (const i of inboxNames) if (!summary.inboxes[i].report.emails.some((e) => e.status === 'sent')) problems.push(`the ${inboxes[i].name} report was not mailed`);
  return problems;
}
