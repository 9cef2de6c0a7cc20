import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { asUsageError, UsageError } from '../infra/usage-error.ts';
import { CarrierSimulator } from './carrier-simulator.ts';
import { playCall, RefusedBySwitchboard, type CallBehaviour, type CarrierStep } from './call-player.ts';
import { followCall } from './follow-call.ts';

export const simulateUsage = `usage: switchboard simulate <call|sms|serve> [options]
  call    place an inbound call and print its timeline as it unfolds
            --from E164 --to E164            the caller, and a number an inbox owns
            --answer-after N [--by USERID]   someone (USERID, else whoever is rung first) answers N s after being rung
            --talk N                         ... and talks N s before hanging up (default 5)
            --decline USERID[,USERID]        these agents decline when rung
            --hang-up-after N                the caller hangs up after N s unless answered
            --voicemail TEXT [--voicemail-length N]   offered voicemail, the caller leaves one (TEXT is its transcription)
            (nothing answers: ringing runs out, then voicemail or a missed call, as the inbox's policy says)
  sms     send an inbound text: --from E164 --to E164 --body TEXT
  serve   only serve the carrier command API (accepting every command) until stopped
options, each also read from the environment:
  --url URL               Switchboard                 SWITCHBOARD_URL (default http://localhost:3000)
  --port N                where the simulator serves the carrier command API; run Switchboard with
                          CARRIER_API_URL=http://127.0.0.1:N        SIMULATOR_PORT (default 4010)
  --webhook-secret S      CARRIER_WEBHOOK_SECRET   } default: DATA_DIR/secrets.json, where \`switchboard dev\`
  --api-secret S          CARRIER_API_SECRET       } keeps the secrets it generated
  --key KEY               an API key to follow the call's status and timeline in Switchboard   SWITCHBOARD_API_KEY`;

type Print = (line: string) => void;

/** `switchboard simulate`: the carrier simulator as a standalone tool against any running Switchboard. */
export async function simulate(argv: string[], env: NodeJS.ProcessEnv, print: Print = console.log): Promise<void> {
  const [action, ...rest] = argv;
  const { values: flags } = parseFlags(rest);
  if (!action || !['call', 'sms', 'serve'].includes(action)) throw new UsageError(simulateUsage);
  const url = (flags.url ?? env.SWITCHBOARD_URL ?? 'http://localhost:3000').replace(/\/$/, '');
  const secrets = await carrierSecrets(flags, env);
  const simulator = new CarrierSimulator({ ...secrets, apiUrl: url });
  const port = wholeNumber(flags.port ?? env.SIMULATOR_PORT ?? '4010', 'port');
  await simulator.start(port).catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(error.code === 'EADDRINUSE' ? `port ${port} is already in use: choose another with --port` : error.message);
  });
  print(`carrier simulator on ${simulator.url} (Switchboard's CARRIER_API_URL), posting to ${url}`);
  try {
    if (action === 'serve') return await serve(simulator, print);
    const from = required(flags.from, 'from');
    const to = required(flags.to, 'to');
    if (action === 'sms') return await sendSms(simulator, { from, to, body: required(flags.body, 'body') }, print);
    await placeCall(simulator, { url, key: flags.key ?? env.SWITCHBOARD_API_KEY, from, to, behaviour: behaviourFrom(flags) }, print);
  } finally {
    await simulator.stop();
  }
}

function parseFlags(args: string[]) {
  try {
    return parseArgs({
      args, strict: true,
      options: {
        url: { type: 'string' }, port: { type: 'string' }, 'webhook-secret': { type: 'string' }, 'api-secret': { type: 'string' }, key: { type: 'string' },
        from: { type: 'string' }, to: { type: 'string' }, body: { type: 'string' },
        'answer-after': { type: 'string' }, by: { type: 'string' }, talk: { type: 'string' }, decline: { type: 'string' },
        'hang-up-after': { type: 'string' }, voicemail: { type: 'string' }, 'voicemail-length': { type: 'string' },
      },
    });
  } catch (error) {
    throw asUsageError(error, simulateUsage);
  }
}

function behaviourFrom(flags: Record<string, string | undefined>): CallBehaviour {
  const behaviour: CallBehaviour = {};
  if (flags['answer-after'] !== undefined) {
    behaviour.answer = { by: flags.by, afterSec: wholeNumber(flags['answer-after'], 'answer-after'), talkSec: wholeNumber(flags.talk ?? '5', 'talk') };
  } else if (flags.by) throw new UsageError('--by needs --answer-after');
  if (flags.decline) behaviour.declinedBy = flags.decline.split(',').map((id) => id.trim()).filter(Boolean);
  if (flags['hang-up-after'] !== undefined) behaviour.callerHangsUpAfterSec = wholeNumber(flags['hang-up-after'], 'hang-up-after');
  if (flags.voicemail !== undefined) {
    behaviour.voicemail = { durationSec: wholeNumber(flags['voicemail-length'] ?? '20', 'voicemail-length'), transcription: flags.voicemail || undefined };
  }
  return behaviour;
}

async function placeCall(simulator: CarrierSimulator, options: { url: string; key?: string; from: string; to: string; behaviour: CallBehaviour }, print: Print) {
  const callId = `SIM${randomBytes(8).toString('hex')}`;
  print(`call ${callId}`);
  const following = options.key
    ? followCall({ url: options.url, key: options.key, callId, onStatus: (status) => print(`${clock(new Date())}  ◆ Switchboard: ${status}`) })
    : undefined;
  const played = await playCall(simulator, { callId, from: options.from, to: options.to, behaviour: options.behaviour, onStep: (step) => print(stepLine(step)) });
  if (!following) {
    print(`the call is over for the carrier (${played.ending.replaceAll('_', ' ')}); pass --key to see how Switchboard recorded it`);
    return;
  }
  const final = await following;
  print(`status: ${final.status}${final.answeredBy ? ` (answered by ${final.answeredBy})` : ''}, ${final.attempts} ring attempt(s)`);
  print(`timeline in Switchboard:`);
  for (const event of final.events) print(`  ${clock(new Date(event.at))}  ${event.type}${event.detail ? `  ${JSON.stringify(event.detail)}` : ''}`);
}

async function sendSms(simulator: CarrierSimulator, sms: { from: string; to: string; body: string }, print: Print) {
  const messageId = `SIM${randomBytes(8).toString('hex')}`;
  const answer = await simulator.sendMessaging({ type: 'message.received', messageId, ...sms });
  if (answer.status >= 300) throw new RefusedBySwitchboard('message.received', answer);
  print(`${clock(new Date())}  → message.received ${messageId} from ${sms.from} to ${sms.to}: "${sms.body}" (${answer.status}, workflow ${answer.body.workflowId})`);
}

async function serve(simulator: CarrierSimulator, print: Print): Promise<void> {
  simulator.onCommand((command) => print(`${clock(new Date())}  ← ${command.callId} ${command.body.command} ${JSON.stringify(command.body)}`));
  print('serving the carrier command API; Ctrl-C stops');
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
}

export function stepLine(step: CarrierStep): string {
  return `${clock(step.at)}  ${step.direction === 'sent' ? '→' : '←'} ${step.text}`;
}

const clock = (at: Date) => at.toISOString().slice(11, 23);

async function carrierSecrets(flags: Record<string, string | undefined>, env: NodeJS.ProcessEnv) {
  let webhookSecret = flags['webhook-secret'] ?? env.CARRIER_WEBHOOK_SECRET;
  let apiSecret = flags['api-secret'] ?? env.CARRIER_API_SECRET;
  if (!webhookSecret || !apiSecret) {
    const file = join(resolve(env.DATA_DIR || 'data'), 'secrets.json');
    const stored = JSON.parse(await readFile(file, 'utf8').catch(() => '{}')) as { carrierWebhookSecret?: string; carrierApiSecret?: string };
    webhookSecret ??= stored.carrierWebhookSecret;
    apiSecret ??= stored.carrierApiSecret;
  }
  if (!webhookSecret) throw new UsageError('the webhook secret is missing: --webhook-secret or CARRIER_WEBHOOK_SECRET (or DATA_DIR/secrets.json)');
  if (!apiSecret) throw new UsageError('the command secret is missing: --api-secret or CARRIER_API_SECRET (or DATA_DIR/secrets.json)');
  return { webhookSecret, apiSecret };
}

function required(value: string | undefined, flag: string): string {
  if (!value) throw new UsageError(`--${flag} is required`);
  return value;
}

function wholeNumber(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`--${flag} must be a whole number (got ${JSON.stringify(value)})`);
  return n;
}
