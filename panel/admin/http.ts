// One GET to the admin API, turned into a typed value or a Reachability that says why not. Runs in
// the panel page; `fetch` is injected. The credential goes only into the Authorization header.

import { classifyAttempt, parseJson, type AdminSecret, type Guarded, type Reachability } from '../../shared/admin/index.ts';

export type Got<T> = { ok: true; value: T } | { ok: false; reach: Reachability };

export interface HttpDeps {
  fetch: typeof fetch;
  extensionOrigin?: string;
  timeoutMs: number;
}

function timeout(ms: number): AbortSignal | undefined {
  return typeof AbortSignal !== 'undefined' && 'timeout' in AbortSignal ? AbortSignal.timeout(ms) : undefined;
}

/** After a throw: does the server answer at all? A no-cors request gets an opaque reply if it does. */
async function probe(deps: HttpDeps, url: string): Promise<boolean> {
  try {
    await deps.fetch(url, { mode: 'no-cors', cache: 'no-store', credentials: 'omit', signal: timeout(deps.timeoutMs) });
    return true;
  } catch {
    return false;
  }
}

export async function adminGet<T>(deps: HttpDeps, baseUrl: string, path: string, credential: AdminSecret | null, guard: (x: unknown) => Guarded<T>): Promise<Got<T>> {
  const url = baseUrl + path;
  const headers: Record<string, string> = { accept: 'application/json' };
  if (credential && credential.length > 0) headers.authorization = `Bearer ${credential.reveal()}`;
  let res: Response;
  try {
    res = await deps.fetch(url, { headers, cache: 'no-store', credentials: 'omit', signal: timeout(deps.timeoutMs) });
  } catch (thrown) {
    const serverUp = await probe(deps, url);
    return { ok: false, reach: classifyAttempt({ thrown, serverUp, url: baseUrl, extensionOrigin: deps.extensionOrigin }) };
  }
  let bodyText: string;
  try {
    bodyText = await res.text();
  } catch (thrown) {
    return { ok: false, reach: classifyAttempt({ thrown, serverUp: false, url: baseUrl }) };
  }
  if (res.status < 200 || res.status >= 300) return { ok: false, reach: classifyAttempt({ status: res.status, bodyText, url: baseUrl }) };
  const json = parseJson(bodyText);
  if (!json.ok) return { ok: false, reach: classifyAttempt({ status: res.status, bodyText, url: baseUrl }) };
  const value = guard(json.value);
  if (!value.ok) return { ok: false, reach: { state: 'bad-shape', message: `${value.reason} (${baseUrl}).` } };
  return { ok: true, value: value.value };
}
