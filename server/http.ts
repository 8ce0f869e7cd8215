// Response and query-parameter helpers shared by the admin routes. Pure: no I/O.

export type HeaderMap = Record<string, string>;

export function json(status: number, body: unknown, headers: HeaderMap = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      // Admin data is per-deployment and changes constantly; no cache may keep it.
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      ...headers,
    },
  });
}

export function badRequest(reason: string): Response {
  return json(400, { error: 'invalid request', reason });
}

export type ParamResult<T> = { ok: true; value: T } | { ok: false; reason: string };

/**
 * A non-negative decimal integer parameter. Only plain digits are accepted, so `1e3`, `0x10`,
 * `-1` and `1; DROP TABLE x` are all rejected with a reason instead of being coerced.
 */
export function intParam(
  params: URLSearchParams,
  name: string,
  opts: { fallback: number; min: number; max: number },
): ParamResult<number> {
  const raw = params.get(name);
  if (raw === null || raw === '') return { ok: true, value: opts.fallback };
  if (!/^\d{1,16}$/.test(raw)) return { ok: false, reason: `${name} must be a non-negative integer` };
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < opts.min || value > opts.max) {
    return { ok: false, reason: `${name} must be between ${opts.min} and ${opts.max}` };
  }
  return { ok: true, value };
}

/** An optional exact-match filter. Bound as an SQL parameter, so any text is safe; only length is capped. */
export function textParam(params: URLSearchParams, name: string): ParamResult<string | null> {
  const raw = params.get(name);
  if (raw === null || raw === '') return { ok: true, value: null };
  if (raw.length > 512) return { ok: false, reason: `${name} is too long` };
  return { ok: true, value: raw };
}
