import { describe, expect, it } from 'vitest';
import type { CaptureMessage } from '../../shared/protocol.ts';
import { harEntry } from '../../shared/sync/fixtures.ts';
import { createNetworkCapture } from '../capture/devtoolsNetwork.ts';
import { evalIn } from '../pageReader/evalPage.ts';
import { inspectedWindowFrom, networkFrom, type BrowserNetwork } from './devtoolsApi.ts';

function fakeBrowserNetwork(getHAR: BrowserNetwork['getHAR']) {
  const finished = new Set<(r: unknown) => void>();
  const network: BrowserNetwork = {
    getHAR,
    onRequestFinished: { addListener: (cb) => finished.add(cb), removeListener: (cb) => finished.delete(cb) },
    onNavigated: { addListener: () => {}, removeListener: () => {} },
  };
  return { network, finished, finish: (r: unknown) => finished.forEach((f) => f(r)) };
}

/** Runs the real capture over the adapter and collects what it dispatches once bodies settle. */
async function capture(network: BrowserNetwork, native: boolean) {
  const got: CaptureMessage[] = [];
  createNetworkCapture(
    networkFrom(network, native),
    (m) => got.push(m),
    (flush) => flush(),
  );
  await new Promise((r) => setTimeout(r, 0));
  return { got };
}

const bodies = (got: CaptureMessage[]) => got.flatMap((m) => (m.type === 'responseBodies' ? m.items : []));

describe('browser.devtools adapters', () => {
  it('Firefox: getHAR and getContent are promises; [text, mimeType] becomes the body', async () => {
    const { network } = fakeBrowserNetwork(() =>
      Promise.resolve({
        entries: [{ ...harEntry(), getContent: () => Promise.resolve(['{"a":1}', 'application/json']) }],
      }),
    );
    const { got } = await capture(network, true);
    expect(got[0]).toMatchObject({ type: 'requestsFinished', items: [{ id: 'r1', recovered: true }] });
    expect(bodies(got)).toEqual([{ id: 'r1', body: '{"a":1}' }]);
  });

  it('older Chrome: getHAR and its entries take callbacks (the polyfill leaves them unwrapped)', async () => {
    const { network } = fakeBrowserNetwork((cb) =>
      cb?.({
        entries: [
          { ...harEntry(), getContent: (done: (c: string, e: string) => void) => done(btoa('{"b":2}'), 'base64') },
          'garbage',
        ],
      }),
    );
    const { got } = await capture(network, false);
    expect(got[0]).toMatchObject({ type: 'requestsFinished', items: [{ id: 'r1' }] });
    expect(bodies(got)).toEqual([{ id: 'r1', body: '{"b":2}' }]);
  });

  it('live requests: a promise getContent in both browsers; a failed or missing body is null; removeListener unhooks', async () => {
    const f = fakeBrowserNetwork(() => Promise.resolve({ entries: [] }));
    const got: CaptureMessage[] = [];
    const c = createNetworkCapture(
      networkFrom(f.network, false),
      (m) => got.push(m),
      (flush) => flush(),
    );
    f.finish({ ...harEntry(), getContent: () => Promise.resolve(['{"c":3}', undefined]) });
    f.finish({ ...harEntry(), getContent: () => Promise.reject(new Error('gone')) });
    f.finish({ ...harEntry() });
    f.finish(null);
    await new Promise((r) => setTimeout(r, 0));
    expect(got.filter((m) => m.type === 'requestFinished')).toHaveLength(3);
    expect(bodies(got)).toEqual(
      expect.arrayContaining([
        { id: 'r1', body: '{"c":3}' },
        { id: 'r2', body: null },
        { id: 'r3', body: null },
      ]),
    );
    c.dispose();
    expect(f.finished.size).toBe(0);
  });

  it('eval, Firefox: [result, exceptionInfo] always', async () => {
    const ok = inspectedWindowFrom({ eval: () => Promise.resolve([[1, 2], undefined]) });
    expect(await evalIn(ok, '1')).toEqual({ ok: true, value: [1, 2] });
    const thrown = inspectedWindowFrom({
      eval: () => Promise.resolve([undefined, { isException: true, value: 'boom' }]),
    });
    expect(await evalIn(thrown, '1')).toEqual({ ok: false, error: 'boom' });
  });

  it('Chromium: getContent resolves { content, encoding }; eval rejects with the exception info', async () => {
    const { network } = fakeBrowserNetwork(() =>
      Promise.resolve({
        entries: [
          { ...harEntry(), getContent: () => Promise.resolve({ content: btoa('{"d":4}'), encoding: 'base64' }) },
        ],
      }),
    );
    const { got } = await capture(network, true);
    expect(bodies(got)).toEqual([{ id: 'r1', body: '{"d":4}' }]);
    const ok = inspectedWindowFrom({ eval: () => Promise.resolve([1, null]) });
    expect(await evalIn(ok, '1')).toEqual({ ok: true, value: [1, null] });
    const thrown = inspectedWindowFrom({
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- Chromium rejects eval with this exception-info object, not an Error
      eval: () => Promise.reject({ isException: true, value: 'ReferenceError: x' }),
    });
    expect(await evalIn(thrown, '1')).toEqual({ ok: false, error: 'ReferenceError: x' });
  });

  it('eval, polyfill on Chrome: the bare result on success, [undefined, info] on a throw, a rejection as an error', async () => {
    const ok = inspectedWindowFrom({ eval: () => Promise.resolve([1, 2]) });
    expect(await evalIn(ok, '1')).toEqual({ ok: true, value: [1, 2] });
    const thrown = inspectedWindowFrom({
      eval: () => Promise.resolve([undefined, { isException: true, value: 'boom' }]),
    });
    expect(await evalIn(thrown, '1')).toEqual({ ok: false, error: 'boom' });
    const rejected = inspectedWindowFrom({ eval: () => Promise.reject(new Error('no tab')) });
    expect(await evalIn(rejected, '1')).toEqual({ ok: false, error: 'no tab' });
  });
});
