// When the panel's DOM may change. Every frame that changes it costs the panel's main thread style,
// layout, paint and a compositor commit (1–3 ms in the bench), whatever the change; a captured pull
// moves the view five times in about 600 ms (the request, its body, the analysis, the page read,
// the verdicts' answer) and the health clock once a second. While nobody uses the panel, renders
// are therefore held and made together once per `idleWindowMs` (500 ms: about one frame per pull
// of a page pulling every second, where 250 ms made two); for `interactiveMs` after an input
// (a click, a key, a scroll) they run at once, as Preact's own scheduling does, so the panel
// answers the user without delay. The rows' ingest gets a scheduler that applies the captured
// requests without asking for an animation frame (which alone makes a frame, changed or not).

import { frameScheduler, type IngestScheduler } from '../store/ingest.ts';

export interface PacingOptions {
  /** How long renders wait, at most, while nobody interacts (ms). */
  idleWindowMs?: number;
  /** How long after an input renders run at once (ms). */
  interactiveMs?: number;
  now?: () => number;
  setTimeout?: (fn: () => void, ms: number) => unknown;
  clearTimeout?: (handle: unknown) => void;
  queueMicrotask?: (fn: () => void) => void;
  /** Calls `fn` once the next frame has been laid out (and its resize observers have run). */
  afterNextFrame?: (fn: () => void) => void;
}

export interface RenderPacer {
  /** Preact's `options.debounceRendering`: called with the render queue's flush when it becomes non-empty. */
  readonly debounce: (flush: () => void) => void;
  /** The user did something: what is held renders now, and the next renders at once. */
  readonly input: () => void;
  /**
   * What is held renders now (a burst of traffic has settled), and so do the renders its layout sets
   * off before its frame is out (a list measuring its new height); later renders are paced as before.
   */
  readonly releaseHeld: () => void;
  /** The rows' ingest scheduler: applies the queue `INGEST_DELAY_MS` later on a timer (a backlog's next slice after a macrotask). */
  ingest: NonNullable<IngestScheduler>;
  /** Renders held now (for tests and the bench). */
  readonly held: boolean;
}

export const DEFAULT_IDLE_WINDOW_MS = 500;
export const DEFAULT_INTERACTIVE_MS = 1500;
/** How long the ingest waits before applying captured requests: a body arriving meanwhile goes with its request. */
export const INGEST_DELAY_MS = 40;

export function createRenderPacer(opts: PacingOptions = {}): RenderPacer {
  const idleWindowMs = opts.idleWindowMs ?? DEFAULT_IDLE_WINDOW_MS;
  const interactiveMs = opts.interactiveMs ?? DEFAULT_INTERACTIVE_MS;
  const now = opts.now ?? (() => performance.now());
  const later = opts.setTimeout ?? ((fn: () => void, ms: number) => setTimeout(fn, ms));
  const cancel =
    opts.clearTimeout ??
    ((h: unknown) => {
      clearTimeout(h as ReturnType<typeof setTimeout>);
    });
  const micro = opts.queueMicrotask ?? ((fn: () => void) => queueMicrotask(fn));
  const afterFrame = opts.afterNextFrame ?? afterNextFrame;
  let lastInput = -Infinity;
  let held: (() => void) | null = null;
  let timer: unknown = null;
  /** A release was asked for and its frame is not out yet. */
  let following = false;

  const release = () => {
    if (timer !== null) cancel(timer);
    timer = null;
    const flush = held;
    held = null;
    flush?.();
  };
  const interactive = () => now() - lastInput < interactiveMs;

  return {
    debounce(flush) {
      if (following || interactive()) {
        micro(flush);
        return;
      }
      held = flush;
      timer ??= later(release, idleWindowMs);
    },
    input() {
      lastInput = now();
      if (held) micro(release);
    },
    releaseHeld() {
      if (!held) return;
      if (!following) {
        following = true;
        afterFrame(() => {
          following = false;
        });
      }
      release();
    },
    ingest(flush, backlog) {
      if (backlog) frameScheduler(flush, true);
      else later(flush, INGEST_DELAY_MS);
    },
    get held() {
      return held !== null;
    },
  };
}

/**
 * Once the next frame has been laid out: its resize observers run after layout, and an animation
 * frame callback asked for from the following one comes after them. A hidden panel gets no frames,
 * so a timer stands in.
 */
function afterNextFrame(fn: () => void): void {
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    fn();
  };
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => requestAnimationFrame(once));
  setTimeout(once, 100);
}

/** The inputs that make the panel interactive: captured on the document, before any handler runs (`mousedown` and `click` too: a
 *  mousedown or click made from code, or a click made by the keyboard, comes without a pointerdown; rows select on
 *  mousedown). */
export const INPUT_EVENTS = [
  'pointerdown',
  'mousedown',
  'click',
  'keydown',
  'input',
  'wheel',
  'scroll',
  'focusin',
] as const;
