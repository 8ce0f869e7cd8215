// Opens Firefox's DevTools toolbox on the inspected tab, selects the extension's Plasma panel and
// evaluates code inside that panel page. Everything here runs in the browser window's privileged
// scope through BiDi (system access), using DevTools' own modules: gDevTools to open the toolbox,
// and DevTools' commands for the add-on, which list the extension's documents as targets (as
// about:debugging does) and evaluate in one of them through its console actor.
// DevTools-internal API: kept in this one file.

import type { Bidi } from './bidi.ts';

const loader = `ChromeUtils.importESModule("resource://devtools/shared/loader/Loader.sys.mjs").require`;

export interface FirefoxPanel {
  /** The panel page's URL (moz-extension://<uuid>/panel/index.html). */
  url: string;
  /** True when the toolbox's selected tool was the Plasma tab once it was shown. */
  selected: boolean;
  /** Evaluates in the panel page; the expression must produce a string (JSON for anything else). */
  evaluate(expression: string): Promise<string>;
}

const until = `async (what, fn) => {
  for (const end = Date.now() + 20000; Date.now() < end; await new Promise((r) => setTimeout(r, 50))) {
    const v = await fn();
    if (v) return v;
  }
  throw new Error("timed out waiting for " + what);
}`;

export interface FirefoxToolbox {
  /** Selects the extension's tab (its page loads on first selection) and returns that page. */
  showPanel(): Promise<FirefoxPanel>;
  /** Selects one of Firefox's own tools, e.g. "netmonitor". */
  selectTool(id: string): Promise<void>;
}

/** Opens the toolbox on the selected tab and waits until the extension's tab titled `title` is registered. */
export async function openToolbox(
  bidi: Bidi,
  chromeContext: string,
  addonId: string,
  title: string,
): Promise<FirefoxToolbox> {
  const key = `__plasmaSmoke${Date.now()}`;
  await bidi.evaluate(
    chromeContext,
    `(async () => {
      const require = ${loader};
      const until = ${until};
      const { gDevTools } = require("devtools/client/framework/devtools");
      const toolbox = await gDevTools.showToolboxForTab(gBrowser.selectedTab, { toolId: "webconsole" });
      const tool = await until("the extension's panel to register", () =>
        [...toolbox.additionalToolDefinitions.values()].find((d) => d.label === ${JSON.stringify(title)}));
      globalThis[${JSON.stringify(key)}] = { toolbox, tool };
      return "";
    })()`,
  );
  return {
    showPanel: () => showPanel(bidi, chromeContext, addonId, key),
    async selectTool(id) {
      await bidi.evaluate(
        chromeContext,
        `globalThis[${JSON.stringify(key)}].toolbox.selectTool(${JSON.stringify(id)}).then(() => "")`,
      );
    },
  };
}

/** Opens the toolbox on the selected tab, selects the tab titled `title`, and returns its page. */
export async function openExtensionPanel(
  bidi: Bidi,
  chromeContext: string,
  addonId: string,
  title: string,
): Promise<FirefoxPanel> {
  return (await openToolbox(bidi, chromeContext, addonId, title)).showPanel();
}

async function showPanel(bidi: Bidi, chromeContext: string, addonId: string, key: string): Promise<FirefoxPanel> {
  const opened = await bidi.evaluate(
    chromeContext,
    `(async () => {
      const require = ${loader};
      const until = ${until};
      const held = globalThis[${JSON.stringify(key)}];
      const { toolbox, tool } = held;
      await toolbox.selectTool(tool.id);
      const { CommandsFactory } = require("devtools/shared/commands/commands-factory");
      const commands = await CommandsFactory.forAddon(${JSON.stringify(addonId)});
      await commands.targetCommand.startListening();
      const target = await until("the panel page as a target", () =>
        commands.targetCommand.getAllTargets([commands.targetCommand.TYPES.FRAME]).find((t) => t.url.endsWith("/panel/index.html")));
      Object.assign(held, { commands, target });
      return JSON.stringify({ toolId: tool.id, selected: toolbox.currentToolId, url: target.url });
    })()`,
  );
  const info: unknown = JSON.parse(String(opened));
  const field = (k: string): unknown => (typeof info === 'object' && info !== null ? Reflect.get(info, k) : undefined);
  return {
    url: typeof field('url') === 'string' ? String(field('url')) : '',
    selected: field('selected') === field('toolId'),
    async evaluate(expression) {
      const out = await bidi.evaluate(
        chromeContext,
        `(async () => {
          const { commands, target } = globalThis[${JSON.stringify(key)}];
          const r = await commands.scriptCommand.execute(${JSON.stringify(expression)}, { selectedTargetFront: target });
          if (r.exception !== undefined && r.exception !== null) throw new Error("the panel threw: " + (r.exceptionMessage ?? "?"));
          return typeof r.result === "string" ? r.result : JSON.stringify({ nonString: String(r.result?.type ?? r.result) });
        })()`,
      );
      return String(out);
    },
  };
}
