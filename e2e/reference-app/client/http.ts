// The push/pull HTTP exchange with plasma's retry policy (plasma-protocol.md §1): 5xx, 429, 401 and
// network errors are retried with doubling delays, calling authHeaders() afresh before every attempt.

import type { PlasmaClientError, RetryPolicy, SyncPhase } from './types.ts';

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseMs: 500, maxMs: 30_000 };

export type Outcome =
  { type: 'response'; status: number; body: unknown; url: string } | { type: 'network'; message: string; url: string };

export interface SendOptions {
  url: string;
  /** Builds the request init; called once per attempt so fresh headers are used. */
  init: () => Promise<RequestInit>;
  fetch: typeof fetch;
  policy: RetryPolicy;
  sleep: (ms: number) => Promise<void>;
  /** Checked before each retry: a stopped client gives up quietly. */
  cancelled: () => boolean;
}

export function isRetryable(status: number): boolean {
  return status >= 500 || status === 429 || status === 401;
}

export function retryDelay(policy: RetryPolicy, failedAttempt: number): number {
  return Math.min(policy.maxMs, policy.baseMs * 2 ** failedAttempt);
}

async function readBody(res: Response): Promise<unknown> {
  const text = await res.text().catch(() => '');
  if (text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export async function sendWithRetry(o: SendOptions): Promise<Outcome> {
  let last: Outcome = { type: 'network', message: 'not attempted', url: o.url };
  for (let attempt = 0; attempt < Math.max(1, o.policy.attempts); attempt++) {
    if (attempt > 0) {
      await o.sleep(retryDelay(o.policy, attempt - 1));
      if (o.cancelled()) return last;
    }
    try {
      const res = await o.fetch(o.url, await o.init());
      last = { type: 'response', status: res.status, body: await readBody(res), url: o.url };
      if (!isRetryable(res.status)) return last;
    } catch (e) {
      last = { type: 'network', message: e instanceof Error ? e.message : String(e), url: o.url };
    }
  }
  return last;
}

function field(body: unknown, key: string): string | null {
  if (body === null || typeof body !== 'object') return null;
  const v = (body as Record<string, unknown>)[key];
  return typeof v === 'string' ? v : null;
}

/** Maps a final non-2xx outcome to the error onError receives. */
export function toClientError(phase: SyncPhase, o: Outcome): PlasmaClientError {
  if (o.type === 'network') return { kind: 'network', phase, url: o.url, message: o.message };
  if (o.status === 409) {
    return { kind: 'schema-mismatch', phase, expected: field(o.body, 'expected'), status: 409, url: o.url };
  }
  const err: PlasmaClientError = { kind: phase === 'push' ? 'push-http' : 'pull-http', status: o.status, url: o.url };
  const message = field(o.body, 'error');
  return message === null ? err : { ...err, error: message };
}

export function pullURL(base: string, q: Record<string, string | null>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== null) params.set(k, v);
  return `${base}/pull?${params.toString()}`;
}
