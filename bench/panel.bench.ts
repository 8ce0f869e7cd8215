// Filter keystroke to render, at 10,000 captured requests, in the real Plasma panel inside the
// real DevTools; and the panel's JS heap. Prints one line per figure. Needs `vite build` first.

import { launchWithDevtools } from '../e2e/devtools.ts';
import { harEntry, pushBody } from '../shared/sync/fixtures.ts';

const N = 10_000;
const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
const now = Math.floor(Date.now() / 1000);
const token = (sub: string, exp: number) => `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub, exp, iat: now - 60, aud: 'plasma-demo-sync', iss: 'plasma-demo' })}.c2lnbmF0dXJlLXNpZ25hdHVyZS1zaWduYXR1cmU`;

function entries() {
  const out = [];
  const start = Date.now() - N * 100;
  for (let i = 0; i < N; i++) {
    const at = new Date(start + i * 100).toISOString();
    const auth = i % 7 === 0 ? [] : [{ name: 'Authorization', value: `Bearer ${token(`user-${i % 5}`, i % 11 === 0 ? now - 30 : now + 3600)}` }];
    const denied = auth.length === 0 || i % 11 === 0;
    const entry =
      i % 10 === 9
        ? harEntry({ url: `https://app.test/api/other/${i}`, startedDateTime: at })
        : i % 3 === 0
          ? harEntry({ method: 'POST', url: 'https://app.test/sync/push', body: pushBody({ clientGroupID: 'cg-1', clientID: `c-${i % 4}` }), requestHeaders: auth, status: denied ? 401 : 200, startedDateTime: at })
          : harEntry({ url: `https://app.test/sync/pull?clientGroupID=cg-1&clientID=c-${i % 4}&schemaVersion=3&protocolVersion=1`, requestHeaders: auth, status: denied ? 401 : 200, startedDateTime: at });
    out.push({ type: 'requestFinished', id: `b${i}`, entry, recovered: false });
  }
  return out;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const session = await launchWithDevtools({ extraArgs: ['--enable-precise-memory-info', '--js-flags=--expose-gc'] });
try {
  const panel = await session.showPlasma();
  const msgs = entries();
  const ingestMs = await panel.evaluate(async (all) => {
    const { dispatch, store } = (globalThis as any).__plasmaDevtools;
    const t0 = performance.now();
    for (const m of all) dispatch(m);
    const t1 = performance.now();
    // The analysis lags the rows by design (one pass per burst): wait until it has caught up.
    while (store.analysis.events.value.length < store.plasmaRows.value.length) await new Promise((r) => setTimeout(r, 10));
    const tSettled = performance.now();
    void store.analysis.findings.value; // the findings list renders from this
    const t2 = performance.now();
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    return { dispatch: t1 - t0, findings: t2 - tSettled, total: performance.now() - t0 };
  }, msgs);
  const batchMs = await panel.evaluate(async (all) => {
    const { dispatch, store } = (globalThis as any).__plasmaDevtools;
    dispatch({ type: 'clear' });
    store.seen.clear();
    const t0 = performance.now();
    dispatch({ type: 'requestsFinished', items: all.map((m: any) => ({ id: `${m.id}x`, entry: m.entry, recovered: true })) });
    while (store.analysis.events.value.length < store.plasmaRows.value.length) await new Promise((r) => setTimeout(r, 10));
    void store.analysis.findings.value;
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    return performance.now() - t0;
  }, msgs);
  const rows = await panel.evaluate(() => (globalThis as any).__plasmaDevtools.store.rows.value.length);
  const findings = await panel.evaluate(() => (globalThis as any).__plasmaDevtools.store.analysis.findings.value.length);

  const keystrokes = ['s', 'sy', 'syn', 'sync', 'sync/', 'sync/p', 'sync/pu', 'sync/pul', 'sync/pull', 'status:4xx', 'status:4xx kind:push', 'has:finding', ''];
  const times: number[] = [];
  for (let round = 0; round < 3; round++) {
    for (const text of keystrokes) {
      times.push(
        await panel.evaluate(async (value) => {
          const input = document.querySelector<HTMLInputElement>('[data-testid="filter"]')!;
          const t0 = performance.now();
          input.value = value;
          input.dispatchEvent(new Event('input', { bubbles: true }));
          // Rendered: Preact has committed and the browser has painted the next frame.
          await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
          return performance.now() - t0;
        }, text),
      );
    }
  }
  const heapMb = await panel.evaluate(() => {
    (globalThis as any).gc?.();
    return (performance as any).memory.usedJSHeapSize / 1024 / 1024;
  });
  console.log(`panel ingest: ${rows} requests one message each: dispatched in ${ingestMs.dispatch.toFixed(0)} ms; analysed (${findings} findings) and rendered ${ingestMs.total.toFixed(0)} ms after the first`);
  console.log(`panel ingest: ${rows} requests recovered in one getHAR() batch, with findings and first render: ${batchMs.toFixed(0)} ms`);
  console.log(`filter keystroke to render at ${rows} requests: median ${median(times).toFixed(1)} ms, max ${Math.max(...times).toFixed(1)} ms (${times.length} keystrokes)`);
  console.log(`panel JS heap at ${rows} requests: ${heapMb.toFixed(1)} MB`);
} finally {
  await session.close();
}
