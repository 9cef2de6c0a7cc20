import { ApplicationFailure } from '@temporalio/activity';

/**
 * One request to a carrier's REST API from an activity. A 4xx is the carrier's final word (not retried, unless
 * `accept` takes it as done); a 5xx or a timeout throws an ordinary error, which Temporal retries with backoff.
 */
export async function carrierRequest(url: string, init: RequestInit & { what: string; accept?: (status: number) => boolean; timeoutMs?: number }): Promise<Response> {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(init.timeoutMs ?? 5000) });
  if (response.ok || init.accept?.(response.status)) return response;
  const text = (await response.text().catch(() => '')).slice(0, 300);
  if (response.status >= 400 && response.status < 500) {
    throw ApplicationFailure.nonRetryable(`the carrier refused ${init.what} with ${response.status}: ${text}`, 'CarrierRejected');
  }
  throw new Error(`the carrier answered ${init.what} with ${response.status}: ${text}`);
}

/** A carrier the deployment has no credentials for: nothing to retry until an admin sets them. */
export function notConfigured(what: string): ApplicationFailure {
  return ApplicationFailure.nonRetryable(`${what} has no credentials: set them with PUT /v1/carrier-accounts or by environment`, 'CarrierNotConfigured');
}
