// Listens to the plasma-devtools bridge without a content script: a small listener installed in
// the page (pageScript's bridgeInstall) buffers the page's bridge messages, and this poller drains
// the buffer by eval every few hundred ms, reinstalling it after navigations. READING.md says why.

import type { CaptureMessage } from '../../shared/protocol.ts';
import { MAX_PAGE_MESSAGE_BYTES } from '../../shared/protocol.ts';
import { decodeBridgeAnswer } from '../../shared/pageReader/index.ts';
import { pageExpression } from './pageScript.ts';
import { evalIn, randomKey, type InspectedWindowLike } from './evalPage.ts';

export interface BridgePollerOptions {
  inspectedWindow: InspectedWindowLike;
  pollMs?: number;
  /** Called when the page reports a push, pull or rebase: the stores changed. */
  onSyncEvent(): void;
}

const isSyncKind = (m: unknown): boolean => {
  const e = (m as { type?: unknown; event?: { kind?: unknown } } | null) ?? null;
  return e?.type === 'event' && ['push', 'pull', 'rebase'].includes(String(e.event?.kind));
};

export function createBridgePoller(dispatch: (m: CaptureMessage) => void, o: BridgePollerOptions) {
  const key = randomKey('__plasmaDevtoolsBridge_');
  let n = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let disposed = false;
  const gone = () => disposed;
  let wait = o.pollMs ?? 300;

  async function tick() {
    let heard = false;
    const r = await evalIn(o.inspectedWindow, pageExpression({ op: 'bridgePoll', key }));
    if (gone()) return;
    if (r.ok) {
      const a = decodeBridgeAnswer(r.value);
      if (a.kind === 'gone') {
        // A new document (or the first look): install the listener and ask for a snapshot, since
        // the page's hello may have gone out before anyone listened.
        const installed = await evalIn(
          o.inspectedWindow,
          pageExpression({
            op: 'bridgeInstall',
            key,
            commandId: `plasma-devtools-panel-${++n}`,
            maxMessageChars: MAX_PAGE_MESSAGE_BYTES,
          }),
        );
        if (installed.ok && !gone()) dispatch({ type: 'pageBridgeReset', at: Date.now() });
        // A new document: its hello and snapshot come soon.
        heard = true;
      } else if (a.kind === 'messages') {
        heard = a.messages.length > 0;
        let sync = false;
        for (const m of a.messages) {
          dispatch({ type: 'pageBridgeMessage', message: m.message, approxChars: m.approxChars });
          sync ||= isSyncKind(m.message);
        }
        if (a.dropped > 0) dispatch({ type: 'pageBridgeDropped', count: a.dropped });
        if (sync) o.onSyncEvent();
      }
    }
    // A quiet bridge (or none) is asked less often, up to four times pollMs apart; a message
    // brings the pace back at once.
    const base = o.pollMs ?? 300;
    wait = heard ? base : Math.min(wait * 2, base * 4);
    if (!gone())
      timer = setTimeout(() => {
        void tick();
      }, wait);
  }
  void tick();

  return {
    dispose() {
      disposed = true;
      clearTimeout(timer);
    },
  };
}
