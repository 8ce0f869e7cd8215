// The Firefox build in Firefox: Debian's firefox-esr loads dist-firefox/ as a temporary add-on,
// DevTools opens on the tab, the Plasma tab is selected, and the panel lists the sync requests a
// page of the reference app makes, with their status, credential kind and bodies, captured from
// Firefox's own devtools.network. Build first: npm run build:firefox.

import { expect, test } from '@playwright/test';
import path from 'node:path';
import { launchFirefox, type Bidi } from './bidi.ts';
import { openToolbox, type FirefoxPanel } from './toolbox.ts';
import { startReferenceApp } from '../reference-app/launch.ts';
import { SCHEMA_VERSION } from '../reference-app/app/schema.ts';
import { GECKO_ID } from '../../extension/firefoxManifest.ts';

const DIST_FIREFOX = process.env.PLASMA_DIST_FIREFOX ?? path.resolve(import.meta.dirname, '..', '..', 'dist-firefox');

/** Sign in, an authorised push, an anonymous pull (401), an authorised pull, one non-plasma fetch. */
const traffic = (title: string) => `(async () => {
  const clientID = crypto.randomUUID();
  const ids = { 'x-client': clientID, 'x-group': 'cg-alice' };
  const statuses = [];
  const signIn = await fetch('/dev/sign-in', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId: 'alice' }) });
  const { token } = await signIn.json();
  statuses.push(signIn.status);
  const auth = { authorization: 'Bearer ' + token };
  const push = await fetch('/sync/push', { method: 'POST', headers: { ...ids, ...auth, 'content-type': 'application/json' }, body: JSON.stringify({
    protocolVersion: 1, schemaVersion: ${JSON.stringify(SCHEMA_VERSION)}, clientGroupID: 'cg-alice', clientID,
    mutations: [{ id: 1, name: 'createTodo', args: { id: 'todo-' + clientID, owner: 'alice', title: ${JSON.stringify(title)} }, timestamp: Date.now() }],
  }) });
  await push.text();
  statuses.push(push.status);
  const q = new URLSearchParams({ clientGroupID: 'cg-alice', clientID, schemaVersion: ${JSON.stringify(SCHEMA_VERSION)}, protocolVersion: '1' });
  for (const headers of [ids, { ...ids, ...auth }]) {
    const pull = await fetch('/sync/pull?' + q, { headers });
    await pull.text();
    statuses.push(pull.status);
  }
  const plain = await fetch('/quiet.html?not-plasma');
  await plain.text();
  statuses.push(plain.status);
  return JSON.stringify(statuses);
})()`;

const rowsInPanel = `JSON.stringify([...document.querySelectorAll('[data-testid=request-row]')].map((r) =>
  ['cell-kind', 'cell-method', 'cell-status', 'cell-credential'].map((id) => r.querySelector('[data-testid=' + id + ']')?.textContent ?? '')))`;

let bidi: Bidi | undefined;
let app: Awaited<ReturnType<typeof startReferenceApp>> | undefined;
test.afterEach(async () => {
  await bidi?.close();
  await app?.dispose();
});

/** The reference app, Firefox with the extension, and the toolbox open on about:blank on the Plasma tab. */
async function setUp() {
  app = await startReferenceApp({});
  const b = (bidi = await launchFirefox());
  const installed = await b.send('webExtension.install', { extensionData: { type: 'path', path: DIST_FIREFOX } });
  expect(installed.extension).toBe(GECKO_ID);
  const tree = async (scope?: 'chrome') => {
    const r = await b.send('browsingContext.getTree', scope ? { 'moz:scope': scope } : {});
    const contexts: unknown = r.contexts;
    const first: unknown = Array.isArray(contexts) ? contexts[0] : undefined;
    const id: unknown = typeof first === 'object' && first !== null ? Reflect.get(first, 'context') : undefined;
    if (typeof id !== 'string') throw new Error(`no ${scope ?? 'content'} browsing context`);
    return id;
  };
  const tab = await tree();
  // DevTools first, on about:blank: the network monitor records only while the toolbox is open.
  const toolbox = await openToolbox(b, await tree('chrome'), GECKO_ID, 'Plasma');
  const showPanel = async (): Promise<FirefoxPanel> => {
    const panel = await toolbox.showPanel();
    expect(panel.url).toMatch(/^moz-extension:\/\/[0-9a-f-]+\/panel\/index\.html$/);
    expect(panel.selected).toBe(true);
    return panel;
  };
  const goto = (p: string) =>
    b.send('browsingContext.navigate', { context: tab, url: new URL(p, app!.url).href, wait: 'complete' });
  return { bidi: b, tab, toolbox, showPanel, goto };
}

const expectedRows = [
  ['push', 'POST', '200', 'bearer'],
  ['pull', 'GET', '401', 'none'],
  ['pull', 'GET', '200', 'bearer'],
];

const text = (testid: string, within = 'document') =>
  `${within}?.querySelector('[data-testid=${testid}]')?.textContent ?? ''`;
/** Clicks the element once it exists: the panel may still be rendering its first frame. */
const click = (selector: string) =>
  `(() => { const el = document.querySelector(${JSON.stringify(selector)}); el?.click(); return el ? 'clicked' : ''; })()`;

test('Firefox: the Plasma panel in the real toolbox lists the sync requests of a page', async () => {
  const { bidi, tab, showPanel, goto } = await setUp();
  const panel = await showPanel();
  await expect.poll(() => panel.evaluate(text('empty-state'))).toContain('No plasma sync traffic seen yet');

  await goto('/quiet.html');
  const statuses = await bidi.evaluate(tab, traffic('from the firefox smoke'));
  expect(JSON.parse(String(statuses))).toEqual([200, 200, 401, 200, 200]);

  await expect.poll(() => panel.evaluate(rowsInPanel).then((s): unknown => JSON.parse(s))).toEqual(expectedRows);

  // The authorised pull's body came through Firefox's getContent: its patch holds the pushed todo.
  // Rows select on mousedown, as in Chrome's Network panel.
  await panel.evaluate(
    `(document.querySelectorAll('[data-testid=request-row]')[2].dispatchEvent(new MouseEvent('mousedown', { bubbles: true, button: 0 })), '')`,
  );
  await panel.evaluate(
    `([...document.querySelectorAll('[role=tab]')].find((t) => t.textContent.trim() === 'Response')?.click(), '')`,
  );
  await expect.poll(() => panel.evaluate(text('response-body'))).toContain('from the firefox smoke');
});

test("Firefox: the Client view reads the page's plasma database and bridge through inspectedWindow.eval", async () => {
  const { showPanel, goto } = await setUp();
  const panel = await showPanel();
  await expect.poll(() => panel.evaluate(click('[data-testid=view-client]'))).toBe('clicked');
  await goto('/?scenario=healthy');
  const db = `document.querySelector('[data-testid=client-db][data-db=plasma-demo-alice]')`;
  await expect.poll(() => panel.evaluate(text('client-db-status', db))).toBe('read');
  await expect.poll(() => panel.evaluate(text('client-db-name', db))).toBe('plasma-demo-alice');
  await expect.poll(() => panel.evaluate(text('bridge-status'))).toBe('bridge connected');
});

test('Firefox: requests that finished before the Plasma tab was first shown are recovered (getHAR)', async () => {
  const { bidi, tab, showPanel, goto } = await setUp();
  await goto('/quiet.html');
  expect(JSON.parse(String(await bidi.evaluate(tab, traffic('before the panel'))))).toEqual([200, 200, 401, 200, 200]);
  const panel = await showPanel();
  await expect.poll(() => panel.evaluate(rowsInPanel).then((s): unknown => JSON.parse(s))).toEqual(expectedRows);
});
