// attachDevtoolsBridge: the page side of the plasma-devtools window.postMessage bridge (protocol §6,
// messages v1). Runs in the app's page for the client's lifetime; talks to whatever listens on the
// window (the extension's content script) and answers its commands.

import type { PlasmaClient } from './client.ts';
import type { ClientEvent } from './types.ts';

export const BRIDGE_SOURCE = 'plasma-devtools';
export const BRIDGE_VERSION = 1;

/** The slice of `window` the bridge uses; a test passes a small fake. */
export interface BridgeWindow {
  postMessage(message: unknown, targetOrigin: string): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  removeEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
}

export interface BridgeOptions {
  window: BridgeWindow;
  /** postMessage target origin; '/' keeps messages on this page's own origin. */
  targetOrigin?: string;
}

// pause/resume and the snapshot's `paused`: this project's extension of the bridge (ARCHITECTURE.md).
type Command = 'snapshot' | 'pullOnce' | 'pushOnce' | 'pause' | 'resume';

interface CommandMessage {
  id: string | number;
  command: string;
}

function asCommand(data: unknown): CommandMessage | null {
  if (data === null || typeof data !== 'object') return null;
  const m = data as Record<string, unknown>;
  if (m.source !== BRIDGE_SOURCE || m.type !== 'command') return null;
  if (typeof m.id !== 'string' && typeof m.id !== 'number') return null;
  if (typeof m.command !== 'string') return null;
  return { id: m.id, command: m.command };
}

const isKnown = (c: string): c is Command => ['snapshot', 'pullOnce', 'pushOnce', 'pause', 'resume'].includes(c);

/** Attaches the bridge; returns the detach function. */
export function attachDevtoolsBridge(
  client: PlasmaClient,
  { window: win, targetOrigin = '/' }: BridgeOptions,
): () => void {
  let attached = true;
  let paused = false;
  const post = (type: string, payload: Record<string, unknown>): void => {
    if (attached) win.postMessage({ source: BRIDGE_SOURCE, v: BRIDGE_VERSION, type, ...payload }, targetOrigin);
  };
  const postSnapshot = async (): Promise<void> => {
    const snapshot = await client.snapshot().catch(() => null);
    if (snapshot) post('snapshot', { snapshot: { ...snapshot, paused } });
  };

  const stopObserving = client.observe((e: ClientEvent) => {
    const { kind, ...details } = e;
    post('event', { event: { kind, at: Date.now(), ...details } });
    if (kind === 'push' || kind === 'pull' || kind === 'rebase') void postSnapshot();
  });

  async function run(command: Command): Promise<{ ok: boolean; error?: string }> {
    if (command === 'snapshot') {
      await postSnapshot();
      return { ok: true };
    }
    if (command === 'pause' || command === 'resume') {
      paused = command === 'pause';
      if (paused) client.stop();
      else client.start();
      await postSnapshot();
      return { ok: true };
    }
    const r = command === 'pullOnce' ? await client.pullOnce() : await client.pushOnce();
    return r.ok ? { ok: true } : { ok: false, error: r.error.kind };
  }

  const onMessage = (event: MessageEvent): void => {
    // Only this window's own messages; anything else (iframes, other extensions) is not ours.
    if (event.source !== (win as unknown)) return;
    const cmd = asCommand(event.data);
    if (!cmd) return;
    const answer = (r: { ok: boolean; error?: string }): void => post('command-result', { id: cmd.id, ...r });
    if (!isKnown(cmd.command)) {
      answer({ ok: false, error: `unknown command ${cmd.command}` });
      return;
    }
    run(cmd.command).then(answer, (e: unknown) =>
      answer({ ok: false, error: e instanceof Error ? e.message : String(e) }),
    );
  };

  win.addEventListener('message', onMessage);
  post('hello', {
    dbName: client.dbName,
    schemaVersion: client.schemaVersion,
    clientGroupID: client.clientGroupID,
    clientID: client.clientID,
    tables: client.tables,
  });
  void postSnapshot();

  return () => {
    attached = false;
    stopObserving();
    win.removeEventListener('message', onMessage);
  };
}
