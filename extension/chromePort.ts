// Adapts a chrome.runtime.Port to the PortLike the router and the panel transport use.

import type { PortLike } from './router.ts';

export function fromChromePort(port: chrome.runtime.Port): PortLike {
  return {
    name: port.name,
    senderId: port.sender?.id,
    senderTabId: port.sender?.tab?.id,
    post: (msg) => {
      try {
        port.postMessage(msg);
      } catch {
        // The other end went away between the check and the post; the disconnect handler cleans up.
      }
    },
    onMessage: (cb) => port.onMessage.addListener((m: unknown) => cb(m)),
    onDisconnect: (cb) => port.onDisconnect.addListener(() => cb()),
    disconnect: () => port.disconnect(),
  };
}
