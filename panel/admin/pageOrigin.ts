// The inspected page's URL, as DevTools reports it: read once when the panel starts, then from each
// navigation DevTools announces. The admin base URL is suggested only on this origin, never on one
// a captured request went to (the page chooses those). Lives as long as the panel page.

import { signal } from '@preact/signals';
import { originOf } from '../../shared/admin/index.ts';

export interface PageUrlEval {
  eval(expression: string, callback: (result: unknown, exception?: unknown) => void): void;
}
export interface NavigatedLike {
  addListener(cb: (url: string) => void): void;
  removeListener(cb: (url: string) => void): void;
}

/** How often an unknown URL may be asked for again (a read can land on the document being replaced). */
const RETRY_MS = 250;

export function trackInspectedPage(
  inspectedWindow: PageUrlEval | undefined,
  onNavigated: NavigatedLike | undefined,
  now: () => number = Date.now,
) {
  // A signal, so a form that rendered before the URL was known re-renders when it arrives.
  const url = signal<string | null>(null);
  let navigated = 0;
  let askedAt = -Infinity;
  const ask = () => {
    askedAt = now();
    const asked = navigated;
    try {
      // `location` is unforgeable: a page cannot redefine window.location or its href.
      inspectedWindow?.eval('location.href', (result, exception) => {
        if (asked === navigated && url.peek() === null && !exception && typeof result === 'string' && originOf(result))
          url.value = result;
      });
    } catch {
      // No inspected window (tests, a closed tab): no suggestion.
    }
  };
  const onNav = (next: unknown) => {
    navigated++;
    url.value = typeof next === 'string' && originOf(next) ? next : null;
  };
  onNavigated?.addListener(onNav);
  ask();
  return {
    /**
     * The page's URL, or null while unknown. An eval made while a navigation commits can answer for
     * the outgoing document (about:blank), so an unknown URL is asked for again, at most every 250 ms.
     */
    url: () => {
      const u = url.value;
      if (u === null && now() - askedAt >= RETRY_MS) ask();
      return u;
    },
    origin: () => originOf(url.value ?? undefined),
    dispose: () => onNavigated?.removeListener(onNav),
  };
}
