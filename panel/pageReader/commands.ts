// Sends plasma-devtools bridge commands to the page (plasma-protocol.md §6, with the pause/resume
// extension in ARCHITECTURE.md). The panel has no content script, so a command is a
// window.postMessage run in the page by inspectedWindow.eval; its command-result comes back through
// the bridge listener the poller installed and drains (bridgePoller.ts).

import { BRIDGE_VERSION } from '../../shared/protocol.ts';
import { evalIn, randomKey, type InspectedWindowLike } from './evalPage.ts';

export type BridgeCommand = 'snapshot' | 'pullOnce' | 'pushOnce' | 'pause' | 'resume';

export type SendOutcome = { ok: true; id: string } | { ok: false; error: string };

/** The page-side expression: posts one command to the page's own window, nothing else. */
export function commandExpression(id: string, command: BridgeCommand): string {
  const msg = { source: 'plasma-devtools', v: BRIDGE_VERSION, type: 'command', id, command };
  // JSON of plain strings and a number is a valid JS literal; '/' keeps it on the page's origin.
  return `(function(){window.postMessage(${JSON.stringify(msg)},'/');return true;})()`;
}

export function createBridgeCommands(win: InspectedWindowLike) {
  return {
    async send(command: BridgeCommand): Promise<SendOutcome> {
      const id = randomKey('plasma-devtools-cmd-');
      const r = await evalIn(win, commandExpression(id, command));
      return r.ok ? { ok: true, id } : { ok: false, error: r.error };
    },
  };
}

export type BridgeCommands = ReturnType<typeof createBridgeCommands>;
