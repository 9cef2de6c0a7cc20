import { z } from 'zod';

const seconds = z.number().nullable().meta({ description: 'Seconds, or null when there is nothing to measure' });
const hour = z.object({ start: z.string(), label: z.string().meta({ description: 'Local HH:mm; a repeated hour appears twice' }), calls: z.number().int(), messages: z.number().int() });

export const dailyFiguresSchema = z
  .object({
    date: z.string(), timezone: z.string(), periodStart: z.string(), periodEnd: z.string(),
    calls: z.object({
      inbound: z.number().int(), answered: z.number().int(), missed: z.number().int(), abandoned: z.number().int(), voicemails: z.number().int(),
      answerRate: z.number().nullable().meta({ description: 'answered / inbound, 0–1' }),
      timeToAnswer: z.object({ medianSec: seconds, p90Sec: seconds }),
      talkTime: z.object({ totalSec: z.number(), averageSec: seconds }),
    }),
    outboundCalls: z.object({
      placed: z.number().int(), connected: z.number().int().meta({ description: 'The contact picked up' }), noAnswer: z.number().int(), failed: z.number().int(),
      talkTimeSec: z.number(),
    }).meta({ description: "Calls the inbox's users placed from its numbers (click to call)" }),
    messages: z.object({
      inbound: z.number().int(), outbound: z.number().int(),
      firstResponse: z.object({ medianSec: seconds, replied: z.number().int(), awaitingReply: z.number().int() })
        .meta({ description: "From the first inbound message an agent had not answered yet to the agent's reply" }),
    }),
    unreadAtEndOfDay: z.number().int(),
    agents: z.array(z.object({ userId: z.string(), name: z.string(), callsAnswered: z.number().int(), talkTimeSec: z.number(), messagesSent: z.number().int() })),
    byNumber: z.array(z.object({
      e164: z.string(),
      calls: z.object({
        inbound: z.number().int(), answered: z.number().int(), missed: z.number().int(), abandoned: z.number().int(), voicemails: z.number().int(),
        answerRate: z.number().nullable(),
      }),
      messages: z.object({ inbound: z.number().int(), outbound: z.number().int() }),
    })).meta({ description: "Per line: the inbox's numbers first (even without activity), then any other number the day's calls and messages used" }),
    busiestHour: hour.nullable(),
    hourly: z.array(hour).meta({ description: 'One entry per real local hour: 23, 24 or 25 on clock-change days' }),
  })
  .meta({ id: 'DailyFigures' });

export const reportEmailSchema = z
  .object({
    key: z.string(), recipientUserId: z.string().nullable(), to: z.string(), messageId: z.string(),
    trigger: z.enum(['schedule', 'on_demand']),
    status: z.enum(['pending', 'sent', 'failed']), attempts: z.number().int(), lastError: z.string().nullable(), sentAt: z.string().nullable(),
  })
  .meta({ id: 'ReportEmail' });

export const dailyReportSchema = z
  .object({
    inboxId: z.string(), date: z.string(), timezone: z.string(),
    complete: z.boolean().meta({ description: 'false while the local day is still going' }),
    source: z.enum(['stored', 'live']).meta({ description: 'stored: the figures as last mailed; live: computed for this request' }),
    generatedAt: z.string(),
    scheduledSentAt: z.string().nullable().meta({ description: 'When the schedule sent this day, if it has' }),
    figures: dailyFiguresSchema,
    emails: z.array(reportEmailSchema),
  })
  .meta({ id: 'DailyReport' });

export function presentEmail(row: { key: string; recipientUserId: string | null; toAddress: string; messageId: string; status: 'pending' | 'sent' | 'failed'; attempts: number; lastError: string | null; sentAt: Date | null }) {
  return {
    key: row.key, recipientUserId: row.recipientUserId, to: row.toAddress, messageId: row.messageId,
    trigger: row.key.includes(':send-') ? 'on_demand' as const : 'schedule' as const,
    status: row.status, attempts: row.attempts, lastError: row.lastError, sentAt: row.sentAt?.toISOString() ?? null,
  };
}
