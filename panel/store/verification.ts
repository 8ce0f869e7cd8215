// Verifies the capture's tokens whenever the user's key, expectations or the set of tokens
// change, off the render path (jose is async), and hands the results to the reducer.

import { effect } from '@preact/signals';
import { verifyEvents } from '../../shared/auth/index.ts';
import type { CaptureMessage } from '../../shared/protocol.ts';
import type { Store } from './store.ts';

export function startVerification(store: Store, dispatch: (msg: CaptureMessage) => void) {
  let generation = 0;
  const stop = effect(() => {
    // Read the verifier first: with none set, this effect must not subscribe to the events, or
    // every captured request would rebuild the event list.
    const verifier = store.verifier.value;
    if (!verifier) return;
    const expect = store.expect.value;
    const events = store.analysis.events.value;
    const mine = ++generation;
    verifyEvents(events, verifier, expect).then(
      (results) => mine === generation && dispatch({ type: 'verificationsReady', results, error: null }),
      (e: unknown) =>
        mine === generation &&
        dispatch({ type: 'verificationsReady', results: new Map(), error: e instanceof Error ? e.message : String(e) }),
    );
  });
  return {
    dispose: () => {
      generation++;
      stop();
    },
  };
}
