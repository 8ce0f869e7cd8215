// Launches Debian's firefox-esr headless with its Remote Agent and speaks WebDriver BiDi to it over
// a WebSocket: no geckodriver, no browser download. `--remote-allow-system-access` lets BiDi address
// the browser window itself (moz:scope "chrome"), which is how the toolbox gets opened.
// Lives for one test: close() ends the session, kills Firefox and removes the profile.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';

export const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

// Quiet start: no first-run pages, no update or telemetry traffic, toolbox docked at the bottom.
const PREFS: Record<string, string | boolean> = {
  'browser.shell.checkDefaultBrowser': false,
  'browser.startup.homepage_override.mstone': 'ignore',
  'datareporting.policy.dataSubmissionEnabled': false,
  'toolkit.telemetry.reportingpolicy.firstRun': false,
  'app.update.disabledForTesting': true,
  'extensions.update.enabled': false,
  'browser.safebrowsing.malware.enabled': false,
  'browser.safebrowsing.phishing.enabled': false,
  'network.captive-portal-service.enabled': false,
  'devtools.toolbox.host': 'bottom',
};

interface Pending {
  resolve(v: unknown): void;
  reject(e: Error): void;
}

export interface Bidi {
  send(method: string, params?: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** Evaluates in a browsing context and returns the primitive result; throws on an exception. */
  evaluate(context: string, expression: string): Promise<unknown>;
  close(): Promise<void>;
}

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null;

export async function launchFirefox(): Promise<Bidi> {
  const profile = await mkdtemp(path.join(tmpdir(), 'plasma-firefox-'));
  await writeFile(
    path.join(profile, 'user.js'),
    Object.entries(PREFS)
      .map(([k, v]) => `user_pref(${JSON.stringify(k)}, ${JSON.stringify(v)});\n`)
      .join(''),
  );
  const proc: ChildProcess = spawn(
    FIREFOX,
    [
      '--headless',
      '--no-remote',
      '--profile',
      profile,
      '--remote-debugging-port',
      '0',
      '--remote-allow-system-access',
      'about:blank',
    ],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const cleanup = async () => {
    if (proc.exitCode === null) {
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill();
      await exited;
    }
    await rm(profile, { recursive: true, force: true }).catch(() => {});
  };
  try {
    // Firefox prints the endpoint once its Remote Agent listens.
    const endpoint = await new Promise<string>((resolve, reject) => {
      let log = '';
      const timer = setTimeout(() => reject(new Error(`firefox printed no BiDi endpoint in 30 s:\n${log}`)), 30_000);
      const onData = (d: Buffer) => {
        log += d.toString();
        const m = /WebDriver BiDi listening on (ws:\/\/\S+)/.exec(log);
        if (m?.[1]) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      };
      proc.stderr?.on('data', onData);
      proc.stdout?.on('data', onData);
      proc.once('exit', (code) => reject(new Error(`firefox exited (${code}) before listening:\n${log}`)));
    });
    const ws = new WebSocket(`${endpoint}/session`);
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    let nextId = 0;
    const pending = new Map<number, Pending>();
    ws.on('message', (data) => {
      const raw = Array.isArray(data)
        ? Buffer.concat(data)
        : Buffer.isBuffer(data)
          ? data
          : Buffer.from(new Uint8Array(data));
      const msg: unknown = JSON.parse(raw.toString('utf8'));
      if (!isRecord(msg) || typeof msg.id !== 'number') return; // events are not used
      const p = pending.get(msg.id);
      if (!p) return;
      pending.delete(msg.id);
      if (msg.type === 'error') p.reject(new Error(`${String(msg.error)}: ${String(msg.message)}`));
      else p.resolve(msg.result);
    });
    ws.on('close', () => {
      for (const p of pending.values()) p.reject(new Error('BiDi connection closed'));
      pending.clear();
    });
    const send = (method: string, params: Record<string, unknown> = {}) =>
      new Promise<Record<string, unknown>>((resolve, reject) => {
        const id = ++nextId;
        pending.set(id, { resolve: (v) => resolve(isRecord(v) ? v : {}), reject });
        ws.send(JSON.stringify({ id, method, params }));
      });
    await send('session.new', { capabilities: {} });
    return {
      send,
      async evaluate(context, expression) {
        const r = await send('script.evaluate', {
          expression,
          target: { context },
          awaitPromise: true,
          resultOwnership: 'none',
        });
        if (r.type === 'exception') throw new Error(`evaluation threw: ${JSON.stringify(r.exceptionDetails)}`);
        return isRecord(r.result) ? r.result.value : undefined;
      },
      async close() {
        await send('session.end').catch(() => {});
        ws.close();
        await cleanup();
      },
    };
  } catch (e) {
    await cleanup();
    throw e;
  }
}
