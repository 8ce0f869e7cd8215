// The demo app's auth(): verifies the JWT (bearer or session cookie), binds each client group to
// the first user seen with it, and builds the ctx { userId, role, teams } from D1 memberships.

import type { AuthCtx } from '../app/schema.ts';
import type { D1Database } from './d1.ts';
import type { AuthFn } from './syncTypes.ts';
import { tokenFrom, type TokenService } from './tokens.ts';

export interface DemoAuthOptions {
  /** Where this mount reads its credential (default: bearer, else the demo session cookie). */
  credential?: (req: Request) => string | undefined;
  /** How far this mount's clock is ahead of real time, ms (a server with a wrong clock). */
  clockOffsetMs?: number;
}

export function createDemoAuth(db: D1Database, tokens: TokenService, opts: DemoAuthOptions = {}): AuthFn {
  return async (req, hint) => {
    const token = (opts.credential ?? tokenFrom)(req);
    if (!token) return { ok: false, reason: 'no credentials' };
    let claims;
    try {
      claims = await tokens.verify(token, opts.clockOffsetMs ? new Date(Date.now() + opts.clockOffsetMs) : undefined);
    } catch (e) {
      return { ok: false, reason: e instanceof Error ? e.message : 'invalid token' };
    }
    const userId = claims.sub;
    if (typeof userId !== 'string' || userId.length === 0) return { ok: false, reason: 'token has no sub' };
    const clientGroupID = req.headers.get('x-group') ?? hint.clientGroupID;
    const clientID = req.headers.get('x-client') ?? hint.clientID;
    if (!clientGroupID || !clientID) return { ok: false, reason: 'no client ids' };

    const [, owner, teams] = await db.batch([
      db
        .prepare(
          'INSERT INTO _demo_client_groups (client_group_id, user_id) VALUES (?, ?) ON CONFLICT(client_group_id) DO NOTHING',
        )
        .bind(clientGroupID, userId),
      db.prepare('SELECT user_id FROM _demo_client_groups WHERE client_group_id = ?').bind(clientGroupID),
      db.prepare('SELECT team FROM _demo_memberships WHERE user_id = ? ORDER BY team').bind(userId),
    ]);
    if (owner?.results[0]?.user_id !== userId) return { ok: false, reason: 'client group belongs to another user' };
    const ctx: AuthCtx = {
      userId,
      role: typeof claims.role === 'string' ? claims.role : 'member',
      teams: (teams?.results ?? []).map((r) => String(r.team)),
    };
    return { ok: true, clientGroupID, clientID, ctx };
  };
}
