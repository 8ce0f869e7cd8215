import { describe, expect, it } from 'vitest';
import type { CaptureMessage } from '../../shared/protocol.ts';
import { harEntry } from '../../shared/sync/fixtures.ts';
import { createNetworkCapture, toPlainEntry, type DevtoolsRequest, type NetworkLike } from './devtoolsNetwork.ts';

function fakeNetwork(har: DevtoolsRequest[]) {
  const finished = new Set<(r: DevtoolsRequest) => void>();
  const navigated = new Set<(u: string) => void>();
  const network: NetworkLike = {
    getHAR: (cb) => cb({ entries: har }),
    onRequestFinished: { addListener: (cb) => finished.add(cb), removeListener: (cb) => finished.delete(cb) },
    onNavigated: { addListener: (cb) => navigated.add(cb), removeListener: (cb) => navigated.delete(cb) },
  };
  return {
    network,
    finish: (r: DevtoolsRequest) => finished.forEach((f) => f(r)),
    navigate: (u: string) => navigated.forEach((f) => f(u)),
    finished,
  };
}

const withContent = (content: string | null, encoding?: string): DevtoolsRequest => ({
  ...harEntry(),
  getContent: (cb) => cb(content, encoding),
});

describe('network capture', () => {
  it('recovers getHAR entries, then takes live ones, each followed by its body', () => {
    const { network, finish } = fakeNetwork([withContent('{"a":1}'), withContent('{"c":3}')]);
    const got: CaptureMessage[] = [];
    const pending: (() => void)[] = [];
    createNetworkCapture(
      network,
      (m) => got.push(m),
      (flush) => pending.push(flush),
    );
    finish(withContent(btoa('{"b":2}'), 'base64'));
    pending.forEach((f) => f());
    expect(got.map((m) => m.type)).toEqual(['requestsFinished', 'requestFinished', 'responseBodies']);
    expect(got[0]).toMatchObject({
      items: [
        { recovered: true, id: 'r1' },
        { recovered: true, id: 'r2' },
      ],
    });
    expect(got[1]).toMatchObject({ recovered: false, id: 'r3' });
    // The three bodies arrived within one frame and are applied together.
    expect(got[2]).toEqual({
      type: 'responseBodies',
      items: [
        { id: 'r1', body: '{"a":1}' },
        { id: 'r2', body: '{"c":3}' },
        { id: 'r3', body: '{"b":2}' },
      ],
    });
  });

  // Garbage in the HAR never gets here: transport/devtoolsApi.ts checks entries where they arrive.
  it('survives entries without a body: no getContent, a throwing getContent', () => {
    const { network, finish } = fakeNetwork([harEntry()]);
    const got: CaptureMessage[] = [];
    createNetworkCapture(
      network,
      (m) => got.push(m),
      (flush) => flush(),
    );
    finish({
      ...harEntry(),
      getContent: () => {
        throw new Error('detached');
      },
    });
    const bodies = got.flatMap((m) => (m.type === 'responseBodies' ? m.items : []));
    expect(bodies).toEqual([
      { id: 'r1', body: null },
      { id: 'r2', body: null },
    ]);
    expect(got.filter((m) => m.type === 'requestsFinished')).toEqual([
      expect.objectContaining({ items: [expect.objectContaining({ id: 'r1' })] }),
    ]);
    expect(got.filter((m) => m.type === 'requestFinished')).toHaveLength(1);
  });

  it('copies entries without body text or functions, and stops listening on dispose', () => {
    const plain = toPlainEntry({ ...harEntry({ response: 'secret body' }), getContent: () => {} });
    expect(JSON.stringify(plain)).not.toContain('secret body');
    expect(structuredClone(plain)).toEqual(plain);
    const { network, navigate, finished } = fakeNetwork([]);
    const got: CaptureMessage[] = [];
    const capture = createNetworkCapture(network, (m) => got.push(m));
    navigate('https://app.test/');
    expect(got).toEqual([{ type: 'navigated', url: 'https://app.test/' }]);
    capture.dispose();
    expect(finished.size).toBe(0);
  });
});
