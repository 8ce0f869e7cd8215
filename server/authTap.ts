// The opt-in auth tap, called from the app's own Worker code (never over HTTP): wraps the app's
// auth() to see each decision and the sync handler to see the status answered, then appends one
// record per push or pull to the D1 ring that GET /auth-log reads. Build it once per isolate.

import { buildDecision, idsOf, syncKindOf, type AuthCall } from './authDecision.ts';
import { AUTH_LOG_DDL, MAX_AUTH_DECISIONS, appendStatements, runAll } from './authLogTable.ts';
import type { D1Like } from './d1.ts';

export interface AuthTapOptions {
  /** Ring size; the newest this many decisions are kept. Default 5,000. */
  maxEntries?: number;
  /** Where the app's token is, when it is not the bearer token or a JWT-shaped cookie. */
  tokenFrom?: (req: Request) => string | null | undefined;
  /** The clock (unix ms); tests pin it. */
  now?: () => number;
}

/** An auth() or handler: the app's arguments after the request (env, ctx, ...) are passed through unread. */
type Wrapped<A extends unknown[], R> = (req: Request, ...rest: A) => Promise<R>;
type AnyAuth = Wrapped<never[], unknown>;
type HandlerResult = Response | null | undefined;

export interface AuthTap {
  /** Wraps the app's auth(); answers exactly what it answers. */
  auth<A extends unknown[], R>(fn: Wrapped<A, R>): Wrapped<A, R>;
  /**
   * Wraps the sync handler (or the route around it, so an app-level 403 gate is seen too) and
   * records each push and pull that reached auth(), or was refused with 401/403 without it.
   */
  handler<A extends unknown[], R extends HandlerResult>(fn: Wrapped<A, R>): Wrapped<A, R>;
}

const MAX_BODY = 1_048_576;

/** The push body's ids, read from a copy, only when nothing else named them. */
async function bodyOf(copy: Request | null): Promise<unknown> {
  if (!copy?.body) return null;
  const declared = Number(copy.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > MAX_BODY) {
    await copy.body.cancel();
    return null;
  }
  try {
    const text = await copy.text();
    return text.length > MAX_BODY ? null : JSON.parse(text);
  } catch {
    return null;
  }
}

// auth() is handed the same Request the handler was, so the request object joins the two halves.
// Keyed weakly by that per-request object, this holds nothing beyond a request's life and lets an
// app wrap auth() where its sync handler is built and the handler where its Worker routes.
const calls = new WeakMap<Request, AuthCall>();
// Requests a tap handler is already watching, so nested taps record each request once.
const watched = new WeakSet<Request>();

/**
 * Wraps the app's auth() so the auth tap's handler sees its decision; answers exactly what auth()
 * answers. Use it where the app builds its sync handler when the handler is tapped elsewhere.
 */
export function recordAuthCalls<A extends unknown[], R>(fn: Wrapped<A, R>): Wrapped<A, R> {
  return async (req: Request, ...rest: A) => {
    const call: AuthCall = { hint: rest[0] };
    calls.set(req, call);
    try {
      const result = await fn(req, ...rest);
      call.result = result;
      return result;
    } catch (err) {
      call.threw = err instanceof Error ? err.name : typeof err;
      throw err;
    }
  };
}

export function createAuthTap(db: D1Like, opts: AuthTapOptions = {}): AuthTap {
  const max = opts.maxEntries ?? MAX_AUTH_DECISIONS;
  if (!Number.isSafeInteger(max) || max < 1) throw new Error('auth tap: maxEntries must be a positive integer');
  const now = opts.now ?? Date.now;
  // The tap creates its own table, once per isolate: GET /auth-log reports tapInstalled from it.
  let created: Promise<void> | undefined;

  async function record(req: Request, call: AuthCall | undefined, at: number, status: number, copy: Request | null) {
    const kind = syncKindOf(new URL(req.url).pathname);
    if (!kind) return;
    const known = idsOf(call, new URL(req.url), null);
    const needsBody = kind === 'push' && (known.clientGroupID === null || known.clientID === null);
    const body = needsBody ? await bodyOf(copy) : null;
    if (!needsBody) await copy?.body?.cancel().catch(() => {});
    try {
      created ??= db
        .prepare(AUTH_LOG_DDL)
        .run()
        .then(() => undefined);
      await created;
      const decision = buildDecision({ req, at, kind, status, call, body, tokenFrom: opts.tokenFrom });
      await runAll(db, appendStatements(db, decision, max));
    } catch (err) {
      created = undefined;
      console.warn(`plasma admin: could not record an auth decision (${err instanceof Error ? err.name : 'unknown'})`);
    }
  }

  return {
    auth: recordAuthCalls,
    handler<A extends unknown[], R extends HandlerResult>(fn: Wrapped<A, R>): Wrapped<A, R> {
      return async (req: Request, ...rest: A) => {
        if (watched.has(req)) return fn(req, ...rest);
        watched.add(req);
        const at = now();
        const isPush = req.method === 'POST' && syncKindOf(new URL(req.url).pathname) === 'push';
        const copy = isPush && req.body ? req.clone() : null;
        let res: R;
        try {
          res = await fn(req, ...rest);
        } catch (err) {
          // The app's own failure after auth() ran: the platform answers 500.
          const call = calls.get(req);
          if (call) await record(req, call, at, 500, copy);
          else await copy?.body?.cancel().catch(() => {});
          throw err;
        }
        const call = calls.get(req);
        if (res && (call || res.status === 401 || res.status === 403)) await record(req, call, at, res.status, copy);
        else await copy?.body?.cancel().catch(() => {});
        return res;
      };
    },
  };
}

/**
 * The one-line mounting: `tapAuth(env.DB, createSyncHandler)({ ...config })` wraps the config's
 * auth() and the handler the factory builds with one tap.
 */
export function tapAuth<C extends { auth: AnyAuth }, A extends unknown[], R extends HandlerResult>(
  db: D1Like,
  factory: (config: C) => Wrapped<A, R>,
  opts?: AuthTapOptions,
): (config: C) => Wrapped<A, R> {
  const tap = createAuthTap(db, opts);
  return (config) => tap.handler(factory({ ...config, auth: tap.auth(config.auth) }));
}
