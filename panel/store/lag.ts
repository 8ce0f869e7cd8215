// The rows as the analysis sees them: the same signal when no lag is asked for, otherwise a copy
// refreshed at most once per `lagMs` (trailing), so the ledger, findings and verdicts are computed
// once per burst of captured requests rather than once per request.

import { computed, effect, signal, type ReadonlySignal } from '@preact/signals';
import type { CapturedRow } from './rows.ts';

export function createLaggedRows(rows: ReadonlySignal<CapturedRow[]>, lagMs: number) {
  if (lagMs <= 0) return { rows: computed(() => rows.value), dispose() {} };
  const settled = signal<CapturedRow[]>(rows.peek());
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stop = effect(() => {
    void rows.value; // subscribe
    if (timer !== undefined) return;
    timer = setTimeout(() => {
      timer = undefined;
      settled.value = rows.peek();
    }, lagMs);
  });
  return {
    rows: settled as ReadonlySignal<CapturedRow[]>,
    dispose() {
      stop();
      clearTimeout(timer);
    },
  };
}
