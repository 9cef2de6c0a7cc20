import { automationPolicySchema } from './automation.ts';
import { notificationsPolicySchema } from './notifications.ts';
import { reportsPolicySchema } from './reports.ts';
import { routingPolicySchema } from './routing.ts';

export const policySchemas = {
  routing: routingPolicySchema,
  automation: automationPolicySchema,
  notifications: notificationsPolicySchema,
  reports: reportsPolicySchema,
};
export type PolicyName = keyof typeof policySchemas;
export const policyNames = Object.keys(policySchemas) as PolicyName[];

/** What an inbox has before anyone sets a policy. */
export function policyDefaults(name: PolicyName): unknown {
  return policySchemas[name].parse({});
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** RFC 7396 JSON merge patch: objects merge, null deletes, anything else (arrays too) replaces. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return patch;
  const result: Record<string, Json> = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    // defineProperty, not assignment: a "__proto__" key stays a plain (and then rejected) key.
    else Object.defineProperty(result, key, { value: mergePatch(result[key], value), enumerable: true, writable: true, configurable: true });
  }
  return result;
}

const isObject = (value: unknown): value is Record<string, Json> => typeof value === 'object' && value !== null && !Array.isArray(value);
