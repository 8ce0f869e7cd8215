// One GET to the admin API, turned into a typed value or a Reachability that says why not. Runs in
// the panel page; `fetch` and the timers are injected. The credential goes only into the
// Authorization header, only to the origin it was entered for, and never follows a redirect.

import {
  classifyAttempt,
  isTimeout,
  mayReceive,
  parseJson,
  type AdminSecret,
  type Guarded,
  type Reachability,
} from '../../shared/admin/index.ts';

export type Got<T> = { ok: true; value: T } | { ok: false; reach: Reachability };

export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export interface HttpDeps {
  fetch: typeof fetch;
  extensionOrigin?: string;
  timeoutMs: number;
  timers: Timers;
  /** Longest answer read (characters); a larger one is refused before it is parsed. */
  maxBodyChars?: number;
}

export const MAX_BODY_CHARS = 64 * 1024 * 1024;

/** Runs `run` with an abort after `timeoutMs` on the injected timers, so tests drive the clock. */
async function timed<T>(deps: HttpDeps, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const ctrl = new AbortController();
  const handle = deps.timers.set(
    () => ctrl.abort(new DOMException(`no answer within ${deps.timeoutMs} ms`, 'TimeoutError')),
    deps.timeoutMs,
  );
  try {
    return await run(ctrl.signal);
  } catch (thrown) {
    // Some fetches reject with a plain AbortError on abort: report the timeout that caused it.
    throw ctrl.signal.aborted && !isTimeout(thrown) ? ctrl.signal.reason : thrown;
  } finally {
    deps.timers.clear(handle);
  }
}

/**
 * After a throw: does the server answer at all (a no-cors request gets an opaque reply if it does),
 * and was the answer a redirect? (`redirect: 'manual'` yields an opaqueredirect without following
 * it; no-cors forbids manual, so that is a second request, made only when the server is up.)
 */
async function probe(deps: HttpDeps, url: string): Promise<{ serverUp: boolean; redirected: boolean }> {
  try {
    await timed(deps, (signal) => deps.fetch(url, { mode: 'no-cors', cache: 'no-store', credentials: 'omit', signal }));
  } catch {
    return { serverUp: false, redirected: false };
  }
  try {
    const res = await timed(deps, (signal) =>
      deps.fetch(url, { cache: 'no-store', credentials: 'omit', redirect: 'manual', signal }),
    );
    return { serverUp: true, redirected: res.type === 'opaqueredirect' };
  } catch {
    return { serverUp: true, redirected: false };
  }
}

export async function adminGet<T>(
  deps: HttpDeps,
  baseUrl: string,
  path: string,
  credential: AdminSecret | null,
  guard: (x: unknown) => Guarded<T>,
): Promise<Got<T>> {
  const url = baseUrl + path;
  const headers: Record<string, string> = { accept: 'application/json' };
  if (credential && mayReceive(credential, url)) headers.authorization = `Bearer ${credential.reveal()}`;
  const max = deps.maxBodyChars ?? MAX_BODY_CHARS;
  let res: Response;
  let bodyText: string;
  try {
    // The deadline covers the body too: a server that sends headers and then stalls is slow as well.
    [res, bodyText] = await timed(deps, async (signal) => {
      const r = await deps.fetch(url, { headers, cache: 'no-store', credentials: 'omit', redirect: 'error', signal });
      const declared = Number(r.headers.get('content-length'));
      if (Number.isFinite(declared) && declared > max) return [r, ''] as const;
      return [r, await r.text()] as const;
    });
  } catch (thrown) {
    // A timeout is its own answer: probing would only double the wait before saying so.
    if (isTimeout(thrown))
      return { ok: false, reach: classifyAttempt({ thrown, url: baseUrl, timeoutMs: deps.timeoutMs }) };
    const { serverUp, redirected } = await probe(deps, url);
    return {
      ok: false,
      reach: classifyAttempt({ thrown, serverUp, redirected, url: baseUrl, extensionOrigin: deps.extensionOrigin }),
    };
  }
  const declared = Number(res.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > max) return { ok: false, reach: tooLarge(baseUrl, declared) };
  if (bodyText.length > max) return { ok: false, reach: tooLarge(baseUrl, bodyText.length) };
  if (res.status < 200 || res.status >= 300)
    return { ok: false, reach: classifyAttempt({ status: res.status, bodyText, url: baseUrl }) };
  const json = parseJson(bodyText);
  if (!json.ok) return { ok: false, reach: classifyAttempt({ status: res.status, bodyText, url: baseUrl }) };
  const value = guard(json.value);
  if (!value.ok) return { ok: false, reach: { state: 'bad-shape', message: `${value.reason} (${baseUrl}).` } };
  return { ok: true, value: value.value };
}

function tooLarge(baseUrl: string, size: number): Reachability {
  return { state: 'bad-shape', message: `The answer of ${baseUrl} is too large (${size} characters): refused.` };
}
