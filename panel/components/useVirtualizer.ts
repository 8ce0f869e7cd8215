// A virtualized window over a list of fixed-height rows: only the rows on screen (plus an
// overscan) are rendered. Rows are all one height, so the window is arithmetic: its cost does not
// grow with the list, and a list that grows by a few rows per frame (a flood of requests) costs
// nothing until they scroll into view.

import { useLayoutEffect, useRef, useState } from 'preact/hooks';

export interface VirtualItem {
  index: number;
  /** Offset from the top of the list, px. */
  start: number;
}

/** The rows to render for a scroll position. Pure. */
export function windowOf(
  scrollTop: number,
  viewportPx: number,
  count: number,
  rowPx: number,
  overscan: number,
): VirtualItem[] {
  if (count <= 0 || rowPx <= 0) return [];
  const first = Math.max(0, Math.floor(Math.max(0, scrollTop) / rowPx) - overscan);
  const last = Math.min(count - 1, Math.ceil((Math.max(0, scrollTop) + Math.max(0, viewportPx)) / rowPx) + overscan);
  const out: VirtualItem[] = [];
  for (let i = first; i <= last; i++) out.push({ index: i, start: i * rowPx });
  return out;
}

/** The scrollTop that brings row `index` into view, moving as little as possible; null if it already is. */
export function scrollFor(index: number, scrollTop: number, viewportPx: number, rowPx: number): number | null {
  const top = index * rowPx;
  if (top < scrollTop) return top;
  if (top + rowPx > scrollTop + viewportPx) return top + rowPx - viewportPx;
  return null;
}

interface Options {
  count: number;
  getScrollElement: () => HTMLElement | null;
  rowHeight: number;
  overscan: number;
}

export function useVirtualizer({ count, getScrollElement, rowHeight, overscan }: Options) {
  const [, setTick] = useState(0);
  const rerender = () => {
    setTick((t) => t + 1);
  };
  const view = useRef({ top: 0, height: 0 });
  useLayoutEffect(() => {
    const el = getScrollElement();
    if (!el) return;
    const read = () => {
      const next = { top: el.scrollTop, height: el.clientHeight };
      // Only a change of the rendered window re-renders: scrolling within a row does not.
      if (
        Math.floor(next.top / rowHeight) === Math.floor(view.current.top / rowHeight) &&
        next.height === view.current.height
      )
        return;
      view.current = next;
      rerender();
    };
    view.current = { top: el.scrollTop, height: el.clientHeight };
    rerender();
    el.addEventListener('scroll', read, { passive: true });
    const ro = typeof ResizeObserver === 'function' ? new ResizeObserver(read) : null;
    ro?.observe(el);
    return () => {
      el.removeEventListener('scroll', read);
      ro?.disconnect();
    };
  }, []);
  return {
    getTotalSize: () => count * rowHeight,
    getVirtualItems: () => windowOf(view.current.top, view.current.height, count, rowHeight, overscan),
    scrollToIndex(index: number) {
      const el = getScrollElement();
      if (!el) return;
      const top = scrollFor(index, el.scrollTop, el.clientHeight, rowHeight);
      if (top !== null) el.scrollTop = top;
    },
  };
}
