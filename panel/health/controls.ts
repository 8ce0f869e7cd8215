// The sync controls: Pull now, Push now, Pause and Resume, sent to the page over the bridge
// (pageReader/commands.ts), and the health clock. observe() sees every message the panel
// dispatches, picks up command results and the snapshot's `paused` field. Lives as long as the panel.

import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { decodeBridgeMessage } from '../../shared/pageReader/index.ts';
import type { CaptureMessage } from '../../shared/protocol.ts';
import type { BridgeCommand, SendOutcome } from '../pageReader/commands.ts';
import type { HealthSlice } from './slice.ts';
import { isRecord } from '../../shared/guards.ts';

/** The snapshot's `paused` (the pause/resume extension); undefined when the page does not send it. */
export function pausedOf(raw: unknown): boolean | undefined {
  if (!isRecord(raw) || raw.source !== 'plasma-devtools' || raw.type !== 'snapshot' || !isRecord(raw.snapshot))
    return undefined;
  const p = raw.snapshot.paused;
  return typeof p === 'boolean' ? p : undefined;
}

/** The decoder keeps an error as bounded JSON text: a plain string reads better unquoted. */
function errorText(e: string | null): string | null {
  if (e === null || !e.startsWith('"')) return e;
  try {
    const v: unknown = JSON.parse(e);
    return typeof v === 'string' ? v : e;
  } catch {
    return e;
  }
}

export interface SyncControls {
  run(command: BridgeCommand): Promise<void>;
  observe(msg: CaptureMessage): void;
  dispose(): void;
}

export function createSyncControls(
  slice: HealthSlice,
  commands: { send(c: BridgeCommand): Promise<SendOutcome> },
  opts: { tickMs?: number; now?: () => number } = {},
): SyncControls {
  const now = opts.now ?? Date.now;
  const clock = setInterval(() => void (slice.now.value = now()), opts.tickMs ?? 1000);
  return {
    async run(command) {
      const r = await commands.send(command);
      slice.lastCommand.value = r.ok
        ? { id: r.id, command, state: 'sent', error: null, at: now() }
        : { id: '', command, state: 'failed', error: r.error, at: now() };
    },
    observe(msg) {
      if (msg.type === 'pageBridgeReset') slice.paused.value = null; // a new document: a new loop
      if (msg.type !== 'pageBridgeMessage') return;
      const p = pausedOf(msg.message);
      if (p !== undefined) slice.paused.value = p;
      const u = decodeBridgeMessage(msg.message, msg.approxChars);
      const last = slice.lastCommand.peek();
      if (u?.type !== 'commandResult' || !last || u.id !== last.id) return;
      slice.lastCommand.value = { ...last, state: u.ok ? 'ok' : 'failed', error: errorText(u.error), at: now() };
      if (u.ok && last.command === 'pause') slice.paused.value = true;
      if (u.ok && last.command === 'resume') slice.paused.value = false;
    },
    dispose() {
      clearInterval(clock);
    },
  };
}

export const HealthCtx = createContext<SyncControls | null>(null);
export const useSyncControls = () => useContext(HealthCtx);
