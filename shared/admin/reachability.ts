// Why the admin API can or cannot be read, in one line the panel shows. Pure: the client hands it
// what one request produced (a status and body, or what fetch threw, plus whether a no-cors probe
// of the same URL got through), and it names the state and what to do about it.

import { isRecord } from '../guards.ts';

export type ReachState =
  | 'idle'
  | 'connecting'
  | 'ok'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'cors'
  | 'network'
  | 'slow'
  | 'redirected'
  | 'not-json'
  | 'bad-shape'
  | 'server-error'
  | 'http-error';

export interface Reachability {
  state: ReachState;
  message: string;
  /** The origin to offer host access for (cors only). */
  grantOrigin?: string;
  /** Set when the client will try again on its own after this many ms. */
  retryInMs?: number;
}

export interface Attempt {
  status?: number;
  /** What fetch threw, if it threw. */
  thrown?: unknown;
  bodyText?: string;
  /** After a throw: did a `mode: 'no-cors'` fetch of the same URL get an answer (the server is up)? */
  serverUp?: boolean;
  /** The admin API base URL tried. */
  url?: string;
  /** `chrome-extension://<id>`, for the CORS advice. */
  extensionOrigin?: string;
  /** The answer was a redirect, which admin requests never follow (the credential stays put). */
  redirected?: boolean;
  /** How long the request was given before it was abandoned (for the "slow" message). */
  timeoutMs?: number;
}

export function isTimeout(thrown: unknown): boolean {
  return isRecord(thrown) && thrown.name === 'TimeoutError';
}

export interface OkDetails {
  adminApiVersion: number;
  schemaVersion: string;
  maxRowVersion: number;
}

export function originOf(url: string | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : null;
  } catch {
    return null;
  }
}

function looksLikeHtml(text: string): boolean {
  return /^\s*<(!doctype|html|head|body|\?xml)/i.test(text);
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

export function okReachability(d: OkDetails): Reachability {
  return {
    state: 'ok',
    message: `Connected: admin API v${d.adminApiVersion}, schema version ${d.schemaVersion}, maxRowVersion ${d.maxRowVersion}.`,
  };
}

/** Classifies one failed (or not JSON) answer. A 2xx JSON answer is the caller's: it is `ok` once its shape checks. */
export function classifyAttempt(a: Attempt): Reachability {
  const where = a.url ? ` at ${a.url}` : '';
  if (a.thrown !== undefined && a.status === undefined) {
    const origin = originOf(a.url);
    if (isTimeout(a.thrown)) {
      const secs = a.timeoutMs ? ` within ${Math.round(a.timeoutMs / 100) / 10} s` : '';
      return { state: 'slow', message: `The admin API${where} is slow: no answer${secs}. It will be asked again.` };
    }
    if (a.redirected) {
      return {
        state: 'redirected',
        message: `The admin API${where} answered with a redirect, which is not followed: the credential is sent only to the URL you entered. Enter the final URL.`,
      };
    }
    const ext = a.extensionOrigin ?? 'chrome-extension://<extension id>';
    if (a.thrown instanceof TypeError && a.serverUp !== false) {
      const r: Reachability = {
        state: 'cors',
        // Without host access an opaque reply hides its status, so "not mounted here" (a plain 404
        // has no CORS headers) and "mounted but not allowing this origin" cannot be told apart.
        message:
          `The server${origin ? ` ${origin}` : ''} answers, but the browser blocked the reply (CORS): the admin API must list ` +
          `${ext} in its allowedOrigins (or no admin API is mounted at this URL), or grant this extension host access to ` +
          `${origin ?? 'that origin'} with the button below to read the answer.`,
      };
      if (origin) r.grantOrigin = origin;
      return r;
    }
    const detail = a.thrown instanceof Error && a.thrown.message ? ` (${a.thrown.message.slice(0, 200)})` : '';
    return {
      state: 'network',
      message: `No answer from ${origin ?? a.url ?? 'the server'}: is the server running?${detail}`,
    };
  }
  const status = a.status ?? 0;
  const body = a.bodyText ?? '';
  if (status === 401)
    return {
      state: 'unauthorized',
      message:
        'The admin API refused the credential (401): it is missing or wrong. Paste the admin token the app was configured with.',
    };
  if (status === 403)
    return {
      state: 'forbidden',
      message: 'The credential is valid but not an admin one (403): the admin API needs a token with the admin claim.',
    };
  if (status === 404)
    return {
      state: 'not-found',
      message: `No admin API${where} (404): is the handler mounted under {basePath}/admin in the app's Worker?`,
    };
  if (status >= 500)
    return { state: 'server-error', message: `The admin API failed${where} (${status}${errorText(body)}).` };
  if (status >= 200 && status < 300) {
    if (!isJson(body)) {
      const hint = looksLikeHtml(body) ? ': an HTML page, probably the app itself; check the base URL' : '';
      return { state: 'not-json', message: `The answer${where} is not JSON${hint}.` };
    }
    return { state: 'bad-shape', message: `The answer${where} is JSON but not the plasma admin API (v1).` };
  }
  return { state: 'http-error', message: `The admin API answered ${status}${where}${errorText(body)}.` };
}

/** A short, single-line `: reason` from an `{ error, reason }` body, if there is one. */
function errorText(body: string): string {
  try {
    const j: unknown = JSON.parse(body);
    if (isRecord(j)) {
      const { error, reason } = j;
      const parts = [error, reason].filter((p): p is string => typeof p === 'string' && p.length > 0);
      if (parts.length) return `: ${parts.join(', ').replace(/\s+/g, ' ').slice(0, 200)}`;
    }
  } catch {
    // not JSON: no reason to quote
  }
  return '';
}
