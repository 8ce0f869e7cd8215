// The panel's link to the background worker. MV3 kills the worker when idle, which drops the
// port: we reconnect on the next tick and re-send hello, so the router rebuilds its table.

import { isBackgroundToPanel, makePanelHello, type BackgroundToPanel } from '../../shared/protocol.ts';

export interface RuntimeLike {
  connect(info: { name: string }): chrome.runtime.Port;
}

export function createBackgroundLink(
  runtime: RuntimeLike,
  tabId: number,
  handlers: { onConnected(connected: boolean): void; onMessage(msg: BackgroundToPanel): void },
) {
  let port: chrome.runtime.Port | null = null;
  let disposed = false;
  let retry: ReturnType<typeof setTimeout> | undefined;

  const open = () => {
    if (disposed) return;
    try {
      port = runtime.connect({ name: 'panel' });
    } catch {
      handlers.onConnected(false);
      retry = setTimeout(open, 1000);
      return;
    }
    port.onMessage.addListener((msg: unknown) => {
      if (!isBackgroundToPanel(msg)) return;
      if (msg.type === 'helloAck') handlers.onConnected(true);
      else handlers.onMessage(msg);
    });
    port.onDisconnect.addListener(() => {
      port = null;
      handlers.onConnected(false);
      retry = setTimeout(open, 100);
    });
    port.postMessage(makePanelHello(tabId));
  };
  open();

  return {
    dispose() {
      disposed = true;
      clearTimeout(retry);
      port?.disconnect();
    },
  };
}
