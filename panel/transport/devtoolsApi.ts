// Adapts webextension-polyfill's `browser.devtools` to the small callback-shaped interfaces the
// capture (NetworkLike) and the page reader (InspectedWindowLike) take, so their fakes stay simple.
// Where the browser has a native promise-based `browser` (Firefox, and Chromium since it gained the
// namespace) the polyfill hands it over as is (`native`). On an older Chrome it wraps chrome.* where
// its metadata says so (inspectedWindow.eval, getContent on onRequestFinished's entries) and passes
// the rest through: getHAR and the getContent of getHAR's entries stay callback-based there.
// The three disagree on shapes, measured: getContent resolves [text, mimeType] in Firefox,
// { content, encoding } in Chromium and [content, encoding] through the polyfill; eval resolves
// [result, exceptionInfo] in Firefox, the bare result in Chromium (rejecting with the exception
// info) and through the polyfill (resolving [undefined, exceptionInfo] on a throw).

import type { DevtoolsRequest, NetworkLike } from '../capture/devtoolsNetwork.ts';
import type { InspectedWindowLike } from '../pageReader/evalPage.ts';
import { isRecord } from '../../shared/guards.ts';
import { toEntryLike } from '../../shared/sync/guard.ts';

type Listener<A> = (arg: A) => void;
interface EventLike<A> {
  addListener(cb: Listener<A>): void;
  removeListener(cb: Listener<A>): void;
}

/** The part of `browser.devtools.network` used here; `getHAR` takes a callback only on Chrome. */
export interface BrowserNetwork {
  getHAR(callback?: (har: unknown) => void): unknown;
  onRequestFinished: EventLike<unknown>;
  onNavigated: EventLike<string>;
}

/** The part of `browser.devtools.inspectedWindow` used here. */
export interface BrowserInspectedWindow {
  eval(expression: string, options?: Record<string, unknown>): Promise<unknown>;
}

function thenable(x: unknown): x is PromiseLike<unknown> {
  return isRecord(x) && typeof x.then === 'function';
}

/** A checked copy of a HAR entry whose getContent takes a callback, whichever shape the browser gave. */
function adaptRequest(raw: unknown, promised: boolean): DevtoolsRequest | null {
  if (!isRecord(raw)) return null;
  const entry = toEntryLike(raw);
  const getContent = raw.getContent;
  if (typeof getContent !== 'function') return entry;
  const adapted: DevtoolsRequest['getContent'] = (cb) => {
    if (!promised) {
      getContent.call(raw, cb);
      return;
    }
    const out: unknown = getContent.call(raw);
    if (!thenable(out)) {
      cb(null, undefined);
      return;
    }
    out.then(
      (v) => {
        const pair: readonly unknown[] = Array.isArray(v) ? v : isRecord(v) ? [v.content, v.encoding] : [v, undefined];
        const [content, encoding] = pair;
        cb(typeof content === 'string' ? content : null, typeof encoding === 'string' ? encoding : undefined);
      },
      () => cb(null, undefined),
    );
  };
  return { ...entry, getContent: adapted };
}

export function networkFrom(network: BrowserNetwork, native: boolean): NetworkLike {
  const wrappers = new Map<Listener<DevtoolsRequest>, Listener<unknown>>();
  const entriesOf = (har: unknown): unknown[] => (isRecord(har) && Array.isArray(har.entries) ? har.entries : []);
  return {
    getHAR(cb) {
      const deliver = (har: unknown) => cb({ entries: entriesOf(har).flatMap((e) => adaptRequest(e, native) ?? []) });
      if (!native) return void network.getHAR(deliver);
      const out = network.getHAR();
      if (thenable(out)) out.then(deliver, () => deliver(null));
      else deliver(null);
    },
    onRequestFinished: {
      addListener(cb) {
        // Both Firefox and the polyfill's wrapper hand these entries a promise-based getContent.
        const w: Listener<unknown> = (req) => {
          const adapted = adaptRequest(req, true);
          if (adapted) cb(adapted);
        };
        wrappers.set(cb, w);
        network.onRequestFinished.addListener(w);
      },
      removeListener(cb) {
        const w = wrappers.get(cb);
        if (!w) return;
        wrappers.delete(cb);
        network.onRequestFinished.removeListener(w);
      },
    },
    onNavigated: network.onNavigated,
  };
}

const isExceptionInfo = (x: unknown): boolean => isRecord(x) && (x.isException === true || x.isError === true);

/** An eval result that is [result, exceptionInfo] rather than a result (a page value never has an undefined). */
const isEvalTuple = (r: unknown): r is [unknown, unknown] =>
  Array.isArray(r) && r.length === 2 && (r[1] === undefined || isExceptionInfo(r[1]));

export function inspectedWindowFrom(win: BrowserInspectedWindow): InspectedWindowLike {
  return {
    eval(expression, options, callback) {
      win.eval(expression, options).then(
        (r) => (isEvalTuple(r) ? callback(r[0], r[1]) : callback(r, undefined)),
        (e: unknown) =>
          callback(
            undefined,
            isExceptionInfo(e) ? e : { isError: true, description: e instanceof Error ? e.message : String(e) },
          ),
      );
    },
  };
}
