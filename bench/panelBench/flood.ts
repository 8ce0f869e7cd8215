// The synthetic flood of bench/panel.bench.ts: `perSec` sync requests a second for `seconds` s dispatched
// in the panel as the capture would (each request, then its body 20 ms later), without the network.

import type { Frame } from '@playwright/test';
import type { BenchGlobal } from './measure.ts';

/** Resolves when the last request has been dispatched, with how long that took (ms). */
export function syntheticFlood(panel: Frame, perSec: number, seconds: number, bearer: string): Promise<number> {
  return panel.evaluate(
    ([rate, sec, tok]) =>
      new Promise<number>((resolve) => {
        const handle = (globalThis as unknown as BenchGlobal).__plasmaDevtools;
        const t0 = performance.now();
        let sent = 0;
        const timer = setInterval(() => {
          const due = Math.min(rate * sec, Math.floor(((performance.now() - t0) / 1000) * rate));
          for (; sent < due; sent++) {
            const id = `syn${sent}`;
            const push = sent % 4 === 0;
            const url = push
              ? 'https://app.test/sync/push'
              : `https://app.test/sync/pull?clientGroupID=cg-f&clientID=c-f&schemaVersion=3&protocolVersion=1&cookie=${sent}`;
            const headers = [{ name: 'Authorization', value: `Bearer ${tok}` }];
            const entry = {
              startedDateTime: new Date().toISOString(),
              time: 5 + sent / 1000, // two pushes in one millisecond are still two requests (the fingerprint reads it)
              request: push
                ? {
                    method: 'POST',
                    url,
                    headers,
                    postData: {
                      mimeType: 'application/json',
                      text: JSON.stringify({
                        protocolVersion: 1,
                        schemaVersion: '3',
                        clientGroupID: 'cg-f',
                        clientID: 'c-f',
                        mutations: [
                          { id: sent + 1, name: 'createTodo', args: { id: `t${sent}` }, timestamp: Date.now() },
                        ],
                      }),
                    },
                  }
                : { method: 'GET', url, headers },
              response: {
                status: 200,
                statusText: 'OK',
                headers: [{ name: 'content-type', value: 'application/json' }],
              },
            };
            handle.dispatch({ type: 'requestFinished', id, entry, recovered: false });
            setTimeout(
              () =>
                handle.dispatch({
                  type: 'responseBody',
                  id,
                  body: push ? '{"ok":true}' : '{"cookie":null,"patch":[],"lastMutationIDs":{}}',
                }),
              20,
            );
          }
          if (sent >= rate * sec) {
            clearInterval(timer);
            resolve(performance.now() - t0);
          }
        }, 4);
      }),
    [perSec, seconds, bearer] as const,
  );
}
