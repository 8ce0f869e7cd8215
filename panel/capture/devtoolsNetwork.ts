// Feeds the store from chrome.devtools.network for as long as the panel page lives: the
// requests that finished before the panel was first shown (getHAR) and every one after
// (onRequestFinished), each followed by its body when DevTools hands it over.

import type { CaptureMessage } from '../../shared/protocol.ts';
import { decodeBase64Text } from '../../shared/sync/index.ts';
import type { HarEntryLike, HarHeader } from '../../shared/sync/types.ts';

type ContentCallback = (content: string | null | undefined, encoding: string | undefined) => void;
export type DevtoolsRequest = HarEntryLike & { getContent?: (cb: ContentCallback) => void };

interface ChromeEvent<T extends (...a: never[]) => void> {
  addListener(cb: T): void;
  removeListener(cb: T): void;
}
/**
 * The slice of chrome.devtools.network this module uses, so tests can hand it a fake. Entries arrive
 * checked: transport/devtoolsApi.ts validates what the browser hands over (toEntryLike) where it arrives.
 */
export interface NetworkLike {
  getHAR(cb: (har: { entries: DevtoolsRequest[] }) => void): void;
  onRequestFinished: ChromeEvent<(req: DevtoolsRequest) => void>;
  onNavigated: ChromeEvent<(url: string) => void>;
}

const headersOf = (headers: readonly HarHeader[]): HarHeader[] =>
  headers.map((h) => ({ name: h.name, value: h.value }));

/** A plain, structured-clone-safe copy without the body text (bodies come through getContent). */
export function toPlainEntry(e: DevtoolsRequest): HarEntryLike {
  const { request: req, response: res } = e;
  const post = req.postData;
  return {
    startedDateTime: e.startedDateTime,
    time: e.time,
    request: {
      method: req.method,
      url: req.url,
      headers: headersOf(req.headers),
      ...(post ? { postData: { mimeType: post.mimeType ?? '', text: post.text ?? '' } } : {}),
    },
    response: {
      status: res.status,
      statusText: res.statusText ?? '',
      headers: headersOf(res.headers),
      content: { mimeType: res.content?.mimeType ?? '', size: res.content?.size ?? 0 },
    },
  };
}

export function decodeContent(content: string | null | undefined, encoding: string | undefined): string | null {
  if (content === null || content === undefined) return null;
  return encoding === 'base64' ? decodeBase64Text(content) : content;
}

/** Bodies arriving within one frame are applied together; tests pass a synchronous scheduler. */
export type Schedule = (flush: () => void) => void;
const nextFrame: Schedule = (flush) => void setTimeout(flush, 16);

export function createNetworkCapture(
  network: NetworkLike,
  dispatch: (msg: CaptureMessage) => void,
  schedule: Schedule = nextFrame,
) {
  let n = 0;
  let disposed = false;
  let bodies: { id: string; body: string | null }[] = [];

  const flushBodies = () => {
    const items = bodies;
    bodies = [];
    if (!disposed && items.length) dispatch({ type: 'responseBodies', items });
  };
  const body = (id: string, value: string | null) => {
    if (disposed) return;
    bodies.push({ id, body: value });
    if (bodies.length === 1) schedule(flushBodies);
  };

  const take = (req: DevtoolsRequest, recovered: boolean) => {
    const id = `r${++n}`;
    const item = { id, entry: toPlainEntry(req), recovered };
    const fetchBody = () => {
      if (!req.getContent) {
        body(id, null);
        return;
      }
      try {
        req.getContent((content, encoding) => {
          body(id, decodeContent(content, encoding));
        });
      } catch {
        body(id, null);
      }
    };
    return { item, fetchBody };
  };

  const onFinished = (req: DevtoolsRequest) => {
    if (disposed) return;
    const t = take(req, false);
    dispatch({ type: 'requestFinished', ...t.item });
    t.fetchBody();
  };
  const onNavigated = (url: string) => {
    dispatch({ type: 'navigated', url });
  };

  // Subscribe before asking for the HAR: anything finishing in between arrives twice and the
  // store drops the duplicate by fingerprint, rather than being missed.
  network.onRequestFinished.addListener(onFinished);
  network.onNavigated.addListener(onNavigated);
  network.getHAR((har) => {
    if (disposed) return;
    const taken = har.entries.map((e) => take(e, true));
    if (taken.length) dispatch({ type: 'requestsFinished', items: taken.map((t) => t.item) });
    for (const t of taken) t.fetchBody();
  });

  return {
    dispose() {
      disposed = true;
      network.onRequestFinished.removeListener(onFinished);
      network.onNavigated.removeListener(onNavigated);
    },
  };
}
