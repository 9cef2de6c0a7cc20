import { z } from 'zod';
import { roles } from '../domain/roles.ts';
import { isValidTimezone } from '../domain/timezones.ts';

// Schemas shared by several resources; each resource keeps its own beside its routes.
export const timezoneSchema = z
  .string()
  .refine(isValidTimezone, { error: 'must be an IANA timezone such as "America/New_York"' })
  .meta({ description: 'IANA timezone', example: 'America/New_York' });

export const roleSchema = z.enum(roles, { error: `must be one of ${roles.join(', ')}` });

export const idParams = z.object({ id: z.string().min(1).max(64) });

export const timestamp = z.iso.datetime().meta({ description: 'ISO-8601 timestamp in UTC' });

export { e164Schema } from '../domain/phone-numbers.ts';

const postgresCode = (error: unknown) => (error as { code?: string; cause?: { code?: string } })?.code ?? (error as { cause?: { code?: string } })?.cause?.code;

/** Postgres unique violations, so a duplicate answers 409 instead of 500. */
export const isUniqueViolation = (error: unknown): boolean => postgresCode(error) === '23505';

/** Postgres foreign key violations: a row still referenced, or a reference to a row gone. */
export const isForeignKeyViolation = (error: unknown): boolean => postgresCode(error) === '23503';
