// Checks push and pull share: bounded body reading, the invalid-request answer, and auth()
// followed by the client-mismatch rule (plasma-protocol.md §2, §5).

import { json } from './d1.ts';
import type { AuthResult, ClientHint, SyncConfig } from './syncTypes.ts';

export function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

export function invalid(reason: string): Response {
  return json(400, { error: 'invalid request', reason });
}

/** The body as text, or undefined when it exceeds maxBytes (reading stops there). */
export async function readBody(req: Request, maxBytes: number): Promise<string | undefined> {
  const declared = Number(req.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) return undefined;
  if (!req.body) return '';
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.byteLength;
  }
  return new TextDecoder().decode(all);
}

type Authorized = Extract<AuthResult, { ok: true }>;

/** Runs auth(); answers 401 (never with the reason) or 400 on a client mismatch. */
export async function authorize(req: Request, cfg: SyncConfig, hint: ClientHint): Promise<Authorized | Response> {
  let result: AuthResult;
  try {
    result = await cfg.auth(req, hint);
  } catch {
    result = { ok: false, reason: 'auth threw' };
  }
  if (!result.ok) return json(401, cfg.unauthorizedBody?.() ?? { error: 'unauthorized' });
  if (result.clientGroupID !== hint.clientGroupID || result.clientID !== hint.clientID) {
    return json(400, { error: 'client mismatch' });
  }
  await cfg.onAuthenticated?.(result.clientGroupID, result.clientID, result.ctx);
  return result;
}
