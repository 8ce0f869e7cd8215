// `npm start`: runs after `vite build`. Starts the reference plasma app on 127.0.0.1 and, when a
// display is available, opens Chromium with the extension loaded and DevTools open on the Plasma
// tab showing the demo. Without a display it prints the demo URLs and the load-unpacked steps.
// Lives until Ctrl-C.

import { existsSync } from 'node:fs';
import { launchWithDevtools, CHROMIUM, DIST } from '../devtools.ts';
import { startReferenceApp } from '../reference-app/launch.ts';
import { SCENARIOS } from '../reference-app/demo/config.ts';
import { EXTENSION_ORIGIN } from '../extensionId.ts';

const port = Number(process.env.PORT ?? 8787);
const scenario = process.env.SCENARIO ?? 'healthy';
const app = await startReferenceApp({ port, host: '127.0.0.1', adminAllowedOrigins: [EXTENSION_ORIGIN] });
const demoUrl = (s: string) => `${app.url}/?scenario=${s}`;

console.log(`\nplasma reference app on ${app.url} (workerd + D1)`);
console.log(`admin API: ${app.url}/sync/admin  (its credential is printed only on request: ADMIN=1 npm start)`);
if (process.env.ADMIN === '1') console.log(`admin credential: ${app.adminToken}`);
console.log('\nscenarios:');
for (const s of SCENARIOS) console.log(`  ${s.padEnd(20)} ${demoUrl(s)}`);

const hasDisplay = Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY) && process.env.CI !== 'true';
let close = async () => {};
if (hasDisplay && existsSync(CHROMIUM) && process.env.NO_BROWSER !== '1') {
  const session = await launchWithDevtools({ headless: false });
  const panel = await session.showPlasma();
  await session.page.goto(demoUrl(scenario));
  // Connect the Server view for the user, through the panel's own form: the credential goes
  // from this process into the panel's memory and is never printed.
  await panel.getByTestId('view-server').click();
  await panel.getByTestId('admin-base-url').fill(`${app.url}/sync/admin`);
  await panel.getByTestId('admin-credential').fill(app.adminToken);
  await panel.getByTestId('admin-connect').click();
  await panel.getByTestId('view-requests').click();
  console.log(`\nChromium is open on "${scenario}" with DevTools on the Plasma tab, connected to the admin API.`);
  close = () => session.close();
} else {
  console.log(`
No display (or no Chromium at ${CHROMIUM}): open the demo yourself.
  1. In Chrome, open chrome://extensions and turn on Developer mode.
  2. Click "Load unpacked" and choose ${DIST}
  3. Open ${demoUrl(scenario)}, open DevTools (F12) and pick the "Plasma" tab, then reload the page.`);
}
console.log('\nCtrl-C stops the app.');

const stop = async () => {
  await close().catch(() => {});
  await app.dispose().catch(() => {});
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
