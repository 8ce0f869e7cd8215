import { describe, expect, it } from 'vitest';
import { createRouter, type PortLike } from './router.ts';
import { EXTENSION_SOURCE, makePanelHello } from '../shared/protocol.ts';

function fakePort(name: string, senderId: string | undefined, senderTabId?: number) {
  const sent: unknown[] = [];
  let onMsg: (m: unknown) => void = () => {};
  let onDisc: () => void = () => {};
  const port: PortLike & { sent: unknown[]; deliver(m: unknown): void; drop(): void; closed: boolean } = {
    name,
    senderId,
    senderTabId,
    sent,
    closed: false,
    post: (m) => sent.push(m),
    onMessage: (cb) => (onMsg = cb),
    onDisconnect: (cb) => (onDisc = cb),
    disconnect() {
      port.closed = true;
    },
    deliver: (m) => onMsg(m),
    drop: () => onDisc(),
  };
  return port;
}

const pageMsg = (message: unknown) => ({ source: EXTENSION_SOURCE, v: 1, type: 'pageMessage', message });

describe('background router', () => {
  it('acks a panel hello and routes page messages to the panels of that tab only', () => {
    const r = createRouter('ext');
    const panel7 = fakePort('panel', 'ext');
    const panel8 = fakePort('panel', 'ext');
    r.connect(panel7);
    r.connect(panel8);
    panel7.deliver(makePanelHello(7));
    panel8.deliver(makePanelHello(8));
    expect(panel7.sent).toEqual([{ source: EXTENSION_SOURCE, v: 1, type: 'helloAck', tabId: 7 }]);

    const page = fakePort('page', 'ext', 7);
    r.connect(page);
    page.deliver(pageMsg({ hi: 1 }));
    expect(panel7.sent).toHaveLength(2);
    expect(panel7.sent[1]).toMatchObject({ type: 'pageMessage', tabId: 7, message: { hi: 1 } });
    expect(panel8.sent).toHaveLength(1);
  });

  it.each([
    ['another extension', fakePort('panel', 'other')],
    ['a web page (no sender id)', fakePort('panel', undefined)],
    ['an unknown port name', fakePort('weird', 'ext')],
    ['a page port without a tab', fakePort('page', 'ext')],
  ])('drops %s', (_label, port) => {
    const r = createRouter('ext');
    r.connect(port);
    expect(port.closed).toBe(true);
  });

  it('ignores malformed panel messages and forgets a panel when its port drops', () => {
    const r = createRouter('ext');
    const panel = fakePort('panel', 'ext');
    r.connect(panel);
    panel.deliver({ type: 'hello', tabId: 3 });
    panel.deliver({ source: EXTENSION_SOURCE, v: 1, type: 'hello', tabId: -1 });
    expect(r.panelCount(3)).toBe(0);
    panel.deliver(makePanelHello(3));
    expect(r.panelCount(3)).toBe(1);
    panel.drop();
    expect(r.panelCount(3)).toBe(0);
  });

  it('rebuilds its table from a re-sent hello after a worker restart', () => {
    const first = createRouter('ext');
    const panel = fakePort('panel', 'ext');
    first.connect(panel);
    panel.deliver(makePanelHello(5));
    first.dispose();
    expect(panel.closed).toBe(true);

    const second = createRouter('ext');
    const again = fakePort('panel', 'ext');
    second.connect(again);
    again.deliver(makePanelHello(5));
    expect(second.panelCount(5)).toBe(1);
  });
});
