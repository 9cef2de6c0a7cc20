import { z } from 'zod';

/** A phone number in E.164 form: the one rule for numbers in webhooks, inboxes and users. */
export const e164Schema = z
  .string()
  .regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 number such as +14155550123')
  .meta({ description: 'Phone number in E.164 form', example: '+14155550123' });
