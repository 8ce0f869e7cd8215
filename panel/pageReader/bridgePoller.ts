// Listens to the plasma-devtools bridge without a content script: a small listener installed in
// the page (pageScript's bridgeInstall) buffers the page's bridge messages, and this poller drains
// the buffer by eval every few hundred ms, reinstalling it after navigations. READING.md says why.
// Each eval costs the panel's main thread about a millisecond: while the page reader polls, the
// drain rides along with its polls (rider()) and the poller's own eval waits.

import type { CaptureMessage } from '../../shared/protocol.ts';
import type { PageCmd } from './pageTypes.ts';
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
  /** The poller's own eval is on its way: no drain rides along meanwhile (messages stay in order). */
  let ticking = false;
  /** The listener answered a drain since the last navigation: a drain can ride along. */
  let installed = false;

  /** Hands a drain's messages on, and says whether there were any and whether the listener is gone. */
  function take(value: unknown): { heard: boolean; gone: boolean } {
    const a = decodeBridgeAnswer(value);
    if (a.kind === 'gone') return { heard: false, gone: true };
    if (a.kind !== 'messages') return { heard: false, gone: false };
    let sync = false;
    for (const m of a.messages) {
      dispatch({ type: 'pageBridgeMessage', message: m.message, approxChars: m.approxChars });
      sync ||= isSyncKind(m.message);
    }
    if (a.dropped > 0) dispatch({ type: 'pageBridgeDropped', count: a.dropped });
    if (sync) o.onSyncEvent();
    return { heard: a.messages.length > 0, gone: false };
  }

  function next(heard: boolean) {
    // A quiet bridge (or none) is asked less often, up to four times pollMs apart; a message
    // brings the pace back at once.
    const base = o.pollMs ?? 300;
    wait = heard ? base : Math.min(wait * 2, base * 4);
    clearTimeout(timer);
    if (!gone())
      timer = setTimeout(() => {
        void tick();
      }, wait);
  }

  async function tick() {
    ticking = true;
    try {
      await tickOnce();
    } finally {
      ticking = false;
    }
  }

  async function tickOnce() {
    let heard = false;
    const r = await evalIn(o.inspectedWindow, pageExpression({ op: 'bridgePoll', key }));
    if (gone()) return;
    if (r.ok) {
      const t = take(r.value);
      installed = !t.gone;
      if (t.gone) {
        // A new document (or the first look): install the listener and ask for a snapshot, since
        // the page's hello may have gone out before anyone listened.
        const ok = await evalIn(
          o.inspectedWindow,
          pageExpression({
            op: 'bridgeInstall',
            key,
            commandId: `plasma-devtools-panel-${++n}`,
            maxMessageChars: MAX_PAGE_MESSAGE_BYTES,
          }),
        );
        installed = ok.ok;
        if (ok.ok && !gone()) dispatch({ type: 'pageBridgeReset', at: Date.now() });
        // A new document: its hello and snapshot come soon.
        heard = true;
      } else heard = t.heard;
    }
    next(heard);
  }
  void tick();

  return {
    /**
     * A drain to send in another eval (the page reader's poll), or null while the poller's own
     * eval is out or the listener is not known to be installed. The answer goes to take(); the
     * poller's own next eval then waits its full interval again.
     */
    rider(): { cmd: PageCmd; take(value: unknown): void } | null {
      if (ticking || !installed || gone()) return null;
      return {
        cmd: { op: 'bridgePoll', key },
        take(value: unknown) {
          if (gone()) return;
          // Sent before any eval of the poller's still out: its messages come first.
          const t = take(value);
          if (ticking) return;
          if (t.gone) {
            // A new document: the poller's own eval installs the listener again, at once.
            installed = false;
            clearTimeout(timer);
            void tick();
          } else next(t.heard);
        },
      };
    },
    dispose() {
      disposed = true;
      clearTimeout(timer);
    },
  };
}
