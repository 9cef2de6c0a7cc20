import { setTimeout as delay } from 'node:timers/promises';
import type { CarrierSimulator } from '../helpers/carrier-simulator.ts';
import type { SmtpSink } from '../helpers/smtp-sink.ts';
import type { PostgresCluster } from './postgres-cluster.ts';
import type { SwitchboardProcess } from './processes.ts';

export interface FaultTargets {
  workers: SwitchboardProcess[];
  apis: SwitchboardProcess[];
  postgres: PostgresCluster;
  smtp: SmtpSink;
  carrier: CarrierSimulator;
}

export interface FaultTimes {
  gapSec: number;
  pgDownSec: number;
  smtpDownSec: number;
  carrierDownSec: number;
}

export interface FaultRecord {
  fault: string;
  /** Seconds since the schedule began. */
  from: number;
  to: number;
}

/**
 * The faults of issue 11, one after another with a calm between: kill -9 of a worker while a call rings
 * (restarted at once), kill -9 of an API (restarted on its port), PostgreSQL stopped, then the carrier
 * answering 500; SMTP is stopped from the PostgreSQL outage on, alongside the rest. With several workers
 * or APIs, the first of each is killed and the others carry on.
 */
export async function runFaults(targets: FaultTargets, times: FaultTimes, report: (record: FaultRecord) => void): Promise<FaultRecord[]> {
  const began = Date.now();
  const records: FaultRecord[] = [];
  const during = async (fault: string, action: () => Promise<void>) => {
    const from = (Date.now() - began) / 1000;
    await action();
    const record = { fault, from, to: (Date.now() - began) / 1000 };
    records.push(record);
    report(record);
  };
  const calm = () => delay(times.gapSec * 1000);

  await calm();
  await during('worker killed (-9) mid-ring, restarted', async () => {
    // Mid-ring: right after the carrier accepted a ring, while the worker holds that call's timers.
    await Promise.race([targets.carrier.nextOfAnyCall('ring'), delay(30_000)]);
    await targets.workers[0]!.kill();
    await targets.workers[0]!.start();
  });
  await calm();
  await during('API killed (-9), restarted', async () => {
    await targets.apis[0]!.kill();
    await targets.apis[0]!.start();
  });
  await calm();
  const smtpOutage = during(`SMTP stopped ${times.smtpDownSec} s`, async () => {
    await targets.smtp.stop();
    await delay(times.smtpDownSec * 1000);
    await targets.smtp.start();
  });
  await during(`PostgreSQL stopped ${times.pgDownSec} s`, async () => {
    await targets.postgres.stop();
    await delay(times.pgDownSec * 1000);
    await targets.postgres.start();
  });
  await calm();
  await during(`carrier answering 500 for ${times.carrierDownSec} s`, async () => {
    targets.carrier.fail(500);
    await delay(times.carrierDownSec * 1000);
    targets.carrier.recover();
  });
  await smtpOutage;
  return records;
}
