// createSyncHandler: one plasma sync deployment (push + pull under a basePath) as a
// (Request) => Promise<Response | undefined>; undefined means "not my route".

import { tapAuth } from './adminWiring.ts';
import { json } from './d1.ts';
import { handlePull } from './pull.ts';
import { handlePush } from './push.ts';
import type { SyncConfig } from './syncTypes.ts';

export type SyncHandler = (req: Request) => Promise<Response | undefined>;

export function createSyncHandler(untapped: SyncConfig): SyncHandler {
  const cfg = { ...untapped, auth: tapAuth(untapped.auth) };
  const base = cfg.basePath.replace(/\/+$/, '');
  return async (req) => {
    const path = new URL(req.url).pathname;
    if (path === `${base}/push`) {
      return req.method === 'POST'
        ? handlePush(req, cfg)
        : json(405, { error: 'method not allowed' }, { allow: 'POST' });
    }
    if (path === `${base}/pull`) {
      return req.method === 'GET' ? handlePull(req, cfg) : json(405, { error: 'method not allowed' }, { allow: 'GET' });
    }
    return undefined;
  };
}
