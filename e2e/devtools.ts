// Opens the real DevTools on a Playwright-launched Debian Chromium and hands tests the Plasma
// panel as a Frame. DevTools' internal API (InspectorView) is touched only in showPanel().
// Route and timings: ../shared/e2e-devtools.md.

import { chromium, expect, type BrowserContext, type Browser, type Frame, type Page } from '@playwright/test';
import { EXTENSION_ID } from './extensionId.ts';
import { mkdtemp, readFile, rm, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const DIST = process.env.PLASMA_DIST ?? path.resolve(import.meta.dirname, '..', 'dist');

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export interface Inspector {
  devtools: Page;
  /** Shows the Plasma tab (idempotent) and returns its frame. */
  showPlasma(): Promise<Frame>;
  /** Resolves once DevTools has booted and registered the Plasma tab, without showing it. */
  waitForPlasmaTab(): Promise<void>;
}

export interface DevtoolsSession extends Inspector {
  context: BrowserContext;
  /** The inspected tab. */
  page: Page;
  extensionId: string;
  /** Opens DevTools on another tab of the same browser. */
  inspect(page: Page): Promise<Inspector>;
  close(): Promise<void>;
}

async function poll<T>(what: string, fn: () => Promise<T | undefined | null | false>, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() > until)
      throw new Error(
        `timed out waiting for ${what}${lastError ? `: ${lastError instanceof Error ? lastError.message : JSON.stringify(lastError)}` : ''}`,
      );
    await new Promise((r) => setTimeout(r, 100)); // a poll interval, not a wait on time: the loop exits on the condition
  }
}

export async function launchWithDevtools(
  opts: { headless?: boolean; extraArgs?: string[]; theme?: 'light' | 'dark' } = {},
): Promise<DevtoolsSession> {
  const profile = await mkdtemp(path.join(tmpdir(), 'plasma-e2e-'));
  await mkdir(path.join(profile, 'Default'), { recursive: true });
  // Dock at the bottom so a person watching a headed run sees the page and the panel together.
  await writeFile(
    path.join(profile, 'Default', 'Preferences'),
    JSON.stringify({
      devtools: {
        preferences: { currentDockState: '"bottom"', ...(opts.theme ? { uiTheme: JSON.stringify(opts.theme) } : {}) },
      },
    }),
  );
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: opts.headless ?? true,
    args: [
      `--disable-extensions-except=${DIST}`,
      `--load-extension=${DIST}`,
      '--remote-debugging-port=0',
      '--window-size=1600,1000',
      ...CHROMIUM_ARGS,
      ...(opts.extraArgs ?? []),
    ],
  });
  const browsers: Browser[] = [];
  try {
    // The extension has no background to reveal its id: the Plasma tab registering under the
    // pinned id (below) is what proves manifest.json kept its key.
    const extensionId = EXTENSION_ID;
    const page = context.pages()[0] ?? (await context.newPage());

    const port = await poll(
      'DevToolsActivePort',
      async () => (await readFile(path.join(profile, 'DevToolsActivePort'), 'utf8')).split('\n')[0],
    );
    const endpoint = `http://127.0.0.1:${port}`;
    const known = new Set<string>();
    const inspect = async (target: Page): Promise<Inspector> => {
      const pageCdp = await context.newCDPSession(target);
      const { targetInfo } = (await pageCdp.send('Target.getTargetInfo')) as { targetInfo: { targetId: string } };
      await pageCdp.detach();
      const opener = await chromium.connectOverCDP(endpoint);
      browsers.push(opener);
      const cdp = await opener.newBrowserCDPSession();
      await cdp.send('Target.openDevTools' as never, { targetId: targetInfo.targetId } as never);

      // A DevTools window opened after a client connected is not auto-attached: reconnect until a
      // fresh connection lists it as a page. Every DevTools window has the same URL, so the new one
      // is told apart by its target id.
      const devtools = await poll('the DevTools window', async () => {
        const b = await chromium.connectOverCDP(endpoint);
        for (const p of b.contexts().flatMap((c) => c.pages())) {
          if (!p.url().startsWith('devtools://devtools')) continue;
          const id = await targetIdOf(p);
          if (known.has(id)) continue;
          known.add(id);
          browsers.push(b);
          return p;
        }
        await b.close();
        return undefined;
      });
      const tabId = `chrome-extension://${extensionId}Plasma`;
      const waitForPlasmaTab = async () => {
        await poll(`the Plasma tab of ${extensionId} to register (is dist/ built with manifest.json's key?)`, () =>
          hasPanel(devtools, tabId),
        );
      };
      const showPlasma = async (): Promise<Frame> => {
        await poll('the Plasma tab', () => showPanel(devtools, tabId));
        const frame = await poll('the Plasma panel frame', () =>
          Promise.resolve(
            devtools.frames().find((f) => f.url().startsWith(`chrome-extension://${extensionId}/panel/index.html`)),
          ),
        );
        // The frame exists before its module script has run; specs read the panel through its handle.
        await frame.waitForFunction(() => globalThis.__plasmaDevtools !== undefined);
        return frame;
      };
      // DevTools records network traffic only once its frontend has booted; the tab being
      // registered is the sign that it has.
      await waitForPlasmaTab();
      return { devtools, showPlasma, waitForPlasmaTab };
    };
    const first = await inspect(page);

    return {
      context,
      page,
      extensionId,
      ...first,
      inspect,
      async close() {
        for (const b of browsers) await b.close().catch(() => {});
        await context.close().catch(() => {});
        await rm(profile, { recursive: true, force: true }).catch(() => {});
      },
    };
  } catch (e) {
    for (const b of browsers) await b.close().catch(() => {});
    await context.close().catch(() => {});
    await rm(profile, { recursive: true, force: true }).catch(() => {});
    throw e;
  }
}

async function targetIdOf(p: Page): Promise<string> {
  const cdp = await p.context().newCDPSession(p);
  try {
    const { targetInfo } = (await cdp.send('Target.getTargetInfo')) as { targetInfo: { targetId: string } };
    return targetInfo.targetId;
  } finally {
    await cdp.detach().catch(() => {});
  }
}

// The DevTools-internal modules these helpers load inside the DevTools page: untyped, so described
// here by the few members used (the specifier is a variable, so TypeScript does not try to resolve it).
interface DevtoolsCommonModule {
  Settings: { Settings: { instance(): { moduleSetting(name: string): { set(value: string): void } } } };
}
interface InspectorViewLike {
  tabbedPane: { tabIds(): string[]; selectedTabId: string | null };
  showPanel(id: string): void;
}
interface DevtoolsLegacyModule {
  InspectorView?: { InspectorView?: { maybeGetInspectorViewInstance?: () => InspectorViewLike | null } };
}

/** Switches DevTools' own theme, as Settings › Preferences › Theme does (DevTools-internal API). */
export async function setDevtoolsTheme(devtools: Page, theme: 'dark' | 'default'): Promise<void> {
  await devtools.evaluate(async (value) => {
    const spec = './core/common/common.js';
    const Common = (await import(spec)) as DevtoolsCommonModule;
    Common.Settings.Settings.instance().moduleSetting('ui-theme').set(value);
  }, theme);
}

/** True once DevTools has booted and lists the tab. */
async function hasPanel(devtools: Page, tabId: string): Promise<boolean> {
  return devtools.evaluate(async (id) => {
    const spec = './ui/legacy/legacy.js';
    const legacy = (await import(spec)) as DevtoolsLegacyModule;
    const view = legacy.InspectorView?.InspectorView?.maybeGetInspectorViewInstance?.();
    return Boolean(view?.tabbedPane.tabIds().includes(id));
  }, tabId);
}

/** Selects a DevTools tab by id through DevTools' own InspectorView; true once it is selected. */
async function showPanel(devtools: Page, tabId: string): Promise<boolean> {
  return devtools.evaluate(async (id) => {
    const spec = './ui/legacy/legacy.js';
    const legacy = (await import(spec)) as DevtoolsLegacyModule;
    const view = legacy.InspectorView?.InspectorView?.maybeGetInspectorViewInstance?.();
    if (!view) return false;
    const pane = view.tabbedPane;
    if (!pane.tabIds().includes(id)) return false;
    if (pane.selectedTabId !== id) view.showPanel(id);
    return pane.selectedTabId === id;
  }, tabId);
}

export { expect };
