// Per-tab routing between panels and content scripts. Pure: it sees ports through PortLike, so
// it runs in tests without chrome.*. It holds only live ports: when the MV3 worker is killed the
// ports drop, the panel reconnects and re-sends hello, and the table is rebuilt from that.

import {
  EXTENSION_SOURCE,
  PROTOCOL_VERSION,
  isContentToBackground,
  isPanelToBackground,
  type BackgroundToPanel,
} from '../shared/protocol.ts';

export interface PortLike {
  name: string;
  /** The extension id of the sender; anything else is dropped. */
  senderId: string | undefined;
  /** The tab a content script runs in (undefined for extension pages). */
  senderTabId: number | undefined;
  post(msg: unknown): void;
  onMessage(cb: (msg: unknown) => void): void;
  onDisconnect(cb: () => void): void;
  disconnect(): void;
}

export interface Router {
  connect(port: PortLike): void;
  panelCount(tabId: number): number;
  dispose(): void;
}

export function createRouter(extensionId: string): Router {
  const panels = new Map<number, Set<PortLike>>();
  const all = new Set<PortLike>();

  const toPanels = (tabId: number, msg: BackgroundToPanel) => {
    for (const p of panels.get(tabId) ?? []) p.post(msg);
  };

  function connectPanel(port: PortLike) {
    let tabId: number | null = null;
    port.onMessage((msg) => {
      if (!isPanelToBackground(msg)) return;
      tabId = msg.tabId;
      let set = panels.get(tabId);
      if (!set) panels.set(tabId, (set = new Set()));
      set.add(port);
      port.post({ source: EXTENSION_SOURCE, v: PROTOCOL_VERSION, type: 'helloAck', tabId });
    });
    port.onDisconnect(() => {
      all.delete(port);
      if (tabId === null) return;
      const set = panels.get(tabId);
      set?.delete(port);
      if (set && set.size === 0) panels.delete(tabId);
    });
  }

  function connectPage(port: PortLike, tabId: number) {
    port.onMessage((msg) => {
      if (!isContentToBackground(msg)) return;
      toPanels(tabId, { source: EXTENSION_SOURCE, v: PROTOCOL_VERSION, type: 'pageMessage', tabId, message: msg.message });
    });
    port.onDisconnect(() => all.delete(port));
  }

  return {
    connect(port) {
      if (port.senderId !== extensionId) {
        port.disconnect();
        return;
      }
      all.add(port);
      if (port.name === 'panel') connectPanel(port);
      else if (port.name === 'page' && port.senderTabId !== undefined) connectPage(port, port.senderTabId);
      else {
        all.delete(port);
        port.disconnect();
      }
    },
    panelCount: (tabId) => panels.get(tabId)?.size ?? 0,
    dispose() {
      for (const p of all) p.disconnect();
      all.clear();
      panels.clear();
    },
  };
}
