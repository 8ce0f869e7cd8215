// The reference plasma server's Worker entry (runs in workerd; Miniflare in tests and the demo).
// The router and its D1 setup are built on the first request of an isolate and reused after.

import { tapWorker } from './adminWiring.ts';
import { createApp, type Env } from './app.ts';

export type { Env };

export function createWorker(): { fetch(request: Request, env: Env): Promise<Response> } {
  let app: ReturnType<typeof createApp> | undefined;
  let tapped: ((req: Request) => Promise<Response>) | undefined;
  return {
    async fetch(request, env) {
      app ??= createApp(env).catch((e: unknown) => {
        app = undefined; // a failed setup is retried on the next request
        throw e;
      });
      tapped ??= tapWorker(env.DB, async (req) => (await app!)(req));
      return tapped(request);
    },
  };
}

export default createWorker();
