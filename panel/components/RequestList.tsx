// The request table: Network-panel columns over a virtualized window of rows, so 10,000
// captured requests render only what is on screen. Arrow keys move the selection.

import { memo } from 'preact/compat';
import { useCallback, useRef } from 'preact/hooks';
import { usePanel } from '../context.ts';
import type { CapturedRow } from '../store/rows.ts';
import { formatClock, formatDuration, statusClass } from './format.ts';
import { useVirtualizer } from './useVirtualizer.ts';

const ROW_HEIGHT = 21;

/**
 * One row; memoised, so a new request (the list re-renders twice for each: the request, then its
 * body) re-renders only the rows whose props changed. Rows are replaced, never mutated, when they change.
 */
const Row = memo(function Row({
  row,
  selected,
  top,
  onSelect,
}: {
  row: CapturedRow;
  selected: boolean;
  top: number;
  onSelect: (id: string) => void;
}) {
  const ev = row.event;
  return (
    <div
      role="row"
      aria-selected={selected}
      data-testid="request-row"
      data-id={row.id}
      class={`row ${selected ? 'selected' : ''} ${ev ? '' : 'foreign'} ${statusClass(row.status)}`}
      style={{ transform: `translateY(${top}px)` }}
      onMouseDown={() => {
        onSelect(row.id);
      }}
    >
      <span role="cell" class="c-name" data-testid="cell-name" title={row.url}>
        {row.name}
      </span>
      <span role="cell" class="c-method" data-testid="cell-method">
        {row.method}
      </span>
      <span role="cell" class="c-status" data-testid="cell-status">
        {row.status === 0 ? '(failed)' : row.status}
      </span>
      <span role="cell" class="c-kind" data-testid="cell-kind">
        {ev?.kind ?? '—'}
      </span>
      <span role="cell" class="c-cred" data-testid="cell-credential">
        {row.credentialKind}
      </span>
      <span role="cell" class="c-time">
        {formatClock(row.startedAt)}
      </span>
      <span role="cell" class="c-dur">
        {formatDuration(row.durationMs)}
      </span>
    </div>
  );
});

export function RequestList() {
  const { store, dispatch } = usePanel();
  const rows = store.visibleRows.value;
  const selectedId = store.selectedId.value;
  const scrollRef = useRef<HTMLDivElement>(null);
  const select = useCallback(
    (id: string) => {
      dispatch({ type: 'select', id });
    },
    [dispatch],
  );
  const v = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    rowHeight: ROW_HEIGHT,
    overscan: 12,
  });

  const move = (delta: number) => {
    if (rows.length === 0) return;
    const at = rows.findIndex((r) => r.id === selectedId);
    const next = Math.min(rows.length - 1, Math.max(0, at < 0 ? 0 : at + delta));
    const row = rows[next];
    if (!row) return;
    dispatch({ type: 'select', id: row.id });
    v.scrollToIndex(next);
  };

  const onKey = (e: KeyboardEvent) => {
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(1),
      ArrowUp: () => move(-1),
      PageDown: () => move(20),
      PageUp: () => move(-20),
      Home: () => move(-rows.length),
      End: () => move(rows.length),
      Escape: () => dispatch({ type: 'select', id: null }),
    };
    const act = keys[e.key];
    if (act) {
      e.preventDefault();
      act();
    }
  };

  return (
    <div class="list" role="table" aria-label="Plasma sync requests" data-testid="request-list">
      <div class="row header" role="row">
        <span role="columnheader" class="c-name">
          Name
        </span>
        <span role="columnheader" class="c-method">
          Method
        </span>
        <span role="columnheader" class="c-status">
          Status
        </span>
        <span role="columnheader" class="c-kind">
          Sync
        </span>
        <span role="columnheader" class="c-cred">
          Credential
        </span>
        <span role="columnheader" class="c-time">
          Time
        </span>
        <span role="columnheader" class="c-dur">
          Duration
        </span>
      </div>
      <div class="scroller" ref={scrollRef} tabIndex={0} onKeyDown={onKey} data-testid="request-scroller">
        <div class="spacer" style={{ height: `${v.getTotalSize()}px` }}>
          {v.getVirtualItems().map((item) => {
            const row = rows[item.index];
            if (!row) return null;
            return <Row key={row.id} row={row} top={item.start} selected={row.id === selectedId} onSelect={select} />;
          })}
        </div>
      </div>
    </div>
  );
}
