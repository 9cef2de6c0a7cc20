import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { computeFigures } from '../../db/daily-reports.ts';
import type { Database } from '../../db/database.ts';
import { teamReportScope, userReportScope, type PeopleReportScope } from '../../db/people-reports.ts';
import { organizations } from '../../db/schema/index.ts';
import { addDays, isCalendarDate, localDate } from '../../domain/reports/schedule.ts';
import { teamById, userById } from '../access.ts';
import type { ApiDeps } from '../deps.ts';
import { badRequest } from '../http/problem.ts';
import { defineRoute, type RouteSpec } from '../http/route.ts';
import { idParams } from '../schemas.ts';
import { dailyFiguresSchema } from './present.ts';

const dayQuery = z.object({
  date: z.string().refine(isCalendarDate, { error: 'must be a date as YYYY-MM-DD' }).optional()
    .meta({ description: "A day in the organization's timezone; defaults to yesterday" }),
});

const common = {
  date: z.string(), timezone: z.string().meta({ description: "The organization's timezone: the day's bounds and hours are in it" }),
  complete: z.boolean().meta({ description: 'false while the day is still going' }), generatedAt: z.string(),
  inboxes: z.array(z.object({ id: z.string(), name: z.string() })),
};
const userReportSchema = z.object({ userId: z.string(), ...common, figures: dailyFiguresSchema })
  .meta({ id: 'UserDailyReport', description: "One user's day across the inboxes it is connected to; the agent table holds only that user" });
const teamReportSchema = z.object({ teamId: z.string(), ...common, figures: dailyFiguresSchema })
  .meta({ id: 'TeamDailyReport', description: "A team's day across the inboxes linked to it; the agent table starts with its members" });

// Daily figures for one user and for one team, computed for the request in the organization's timezone (docs/api.md, "Reports").
export function peopleReportRoutes(deps: ApiDeps): RouteSpec[] {
  const { db } = deps;
  return [
    defineRoute({
      method: 'get', path: '/v1/users/:id/reports/daily', summary: "A user's daily figures across its inboxes (an agent: its own only)", tags: ['reports'],
      access: 'agent', params: idParams, query: dayQuery,
      responses: { 200: { description: "The figures of the organization-local day", schema: userReportSchema } },
      resource: userById(db),
      handler: async ({ query, caller, resource: user }) => {
        const report = await dayReport(db, caller.orgId, query.date, await userReportScope(db, user));
        return { status: 200, body: { userId: user.id, ...report, figures: { ...report.figures, agents: report.figures.agents.filter((a) => a.userId === user.id) } } };
      },
    }),
    defineRoute({
      method: 'get', path: '/v1/teams/:id/reports/daily', summary: "A team's daily figures across its inboxes, per member", tags: ['reports'],
      access: 'supervisor', params: idParams, query: dayQuery,
      responses: { 200: { description: "The figures of the organization-local day", schema: teamReportSchema } },
      resource: teamById(db),
      handler: async ({ query, caller, resource: team }) => ({
        status: 200, body: { teamId: team.id, ...(await dayReport(db, caller.orgId, query.date, await teamReportScope(db, team.id))) },
      }),
    }),
  ];
}

async function dayReport(db: Database, orgId: string, asked: string | undefined, scope: PeopleReportScope) {
  const [org] = await db.select({ timezone: organizations.timezone }).from(organizations).where(eq(organizations.id, orgId));
  const timezone = org!.timezone;
  const today = localDate(new Date(), timezone);
  const date = asked ?? addDays(today, -1);
  if (date > today) throw badRequest('That day has not begun yet.', [{ path: 'date', message: `must be on or before ${today}, today in ${timezone}` }]);
  const figures = await computeFigures(db, { inboxIds: scope.inboxes.map((i) => i.id), timezone, date, agents: scope.agents });
  return { date, timezone, complete: date < today, generatedAt: new Date().toISOString(), inboxes: scope.inboxes, figures };
}
