// The inspected page's URL, as DevTools reports it: read once when the panel starts, then from each
// navigation DevTools announces. The admin base URL is suggested only on this origin, never on one
// a captured request went to (the page chooses those). Lives as long as the panel page.

import { originOf } from '../../shared/admin/index.ts';

export interface PageUrlEval {
  eval(expression: string, callback: (result: unknown, exception?: unknown) => void): void;
}
export interface NavigatedLike {
  addListener(cb: (url: string) => void): void;
  removeListener(cb: (url: string) => void): void;
}

export function trackInspectedPage(inspectedWindow: PageUrlEval | undefined, onNavigated: NavigatedLike | undefined) {
  let url: string | null = null;
  let navigated = false;
  const onNav = (next: unknown) => {
    navigated = true;
    url = typeof next === 'string' && originOf(next) ? next : null;
  };
  onNavigated?.addListener(onNav);
  try {
    // `location` is unforgeable: a page cannot redefine window.location or its href.
    inspectedWindow?.eval('location.href', (result, exception) => {
      if (!navigated && !exception && typeof result === 'string' && originOf(result)) url = result;
    });
  } catch {
    // No inspected window (tests, a closed tab): no suggestion.
  }
  return {
    url: () => url,
    origin: () => originOf(url ?? undefined),
    dispose: () => onNavigated?.removeListener(onNav),
  };
}
