// Drives plasma-shaped requests from inside the inspected page (so DevTools sees them) against
// the reference server: sign in, push, pull. Used by specs that need exact, hand-made traffic.

import type { Page } from '@playwright/test';
import { SCHEMA_VERSION } from '../reference-app/app/schema.ts';

export interface DriveResult {
  token: string;
  statuses: number[];
}

export type Step =
  | { do: 'signIn'; userId: string; role?: string; ttlSeconds?: number; audience?: string }
  | { do: 'push'; auth: boolean; title: string; mutationID: number }
  | { do: 'pull'; auth: boolean }
  | { do: 'fetch'; path: string };

/** Runs the steps in order in the page and returns each status (0 for sign-in). */
export async function drive(page: Page, steps: Step[], clientID = crypto.randomUUID()): Promise<DriveResult> {
  return page.evaluate(
    async ({ steps, clientID, schemaVersion }) => {
      let token = '';
      const statuses: number[] = [];
      const ids = { 'x-client': clientID, 'x-group': 'cg-alice' };
      const auth = (on: boolean): Record<string, string> => (on ? { authorization: `Bearer ${token}` } : {});
      for (const s of steps) {
        if (s.do === 'signIn') {
          const { do: _, ...body } = s;
          const res = await fetch('/dev/sign-in', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(body),
          });
          const json: unknown = await res.json();
          const t: unknown = typeof json === 'object' && json !== null ? Reflect.get(json, 'token') : undefined;
          token = typeof t === 'string' ? t : '';
          statuses.push(res.status);
        } else if (s.do === 'push') {
          const body = {
            protocolVersion: 1,
            schemaVersion,
            clientGroupID: 'cg-alice',
            clientID,
            mutations: [
              {
                id: s.mutationID,
                name: 'createTodo',
                args: { id: `todo-${clientID}-${s.mutationID}`, owner: 'alice', title: s.title },
                timestamp: Date.now(),
              },
            ],
          };
          const res = await fetch('/sync/push', {
            method: 'POST',
            headers: { ...ids, ...auth(s.auth), 'content-type': 'application/json' },
            body: JSON.stringify(body),
          });
          await res.text();
          statuses.push(res.status);
        } else if (s.do === 'pull') {
          const q = new URLSearchParams({ clientGroupID: 'cg-alice', clientID, schemaVersion, protocolVersion: '1' });
          const res = await fetch(`/sync/pull?${q}`, { headers: { ...ids, ...auth(s.auth) } });
          await res.text();
          statuses.push(res.status);
        } else {
          const res = await fetch(s.path);
          await res.text();
          statuses.push(res.status);
        }
      }
      return { token, statuses };
    },
    { steps, clientID, schemaVersion: SCHEMA_VERSION },
  );
}
