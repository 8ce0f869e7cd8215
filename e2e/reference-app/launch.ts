// Starts the reference plasma app for tests and the demo: bundles server/worker.ts with esbuild,
// runs it on real workerd + D1 through Miniflare on 127.0.0.1, and serves the demo's static files
// through the ASSETS service binding. Lives until dispose().

import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { exportJWK, generateKeyPair } from 'jose';
import { Miniflare, Response as MfResponse, type Request as MfRequest } from 'miniflare';
import type { D1Database } from './server/d1.ts';

const here = dirname(fileURLToPath(import.meta.url));
const WORKER_ENTRY = join(here, 'server', 'worker.ts');
const DEMO_DIR = join(here, 'demo');
const STATIC_DIR = join(DEMO_DIR, 'static');

export interface ReferenceApp {
  /** The app's base URL, e.g. http://127.0.0.1:40123 (no trailing slash). */
  url: string;
  origin: string;
  mf: Miniflare;
  /** The main deployment's D1 (env.DB), usable from Node. */
  db: D1Database;
  /** The admin-only deployment's D1 (env.ADMIN_DB). */
  adminDb: D1Database;
  /** Bearer secret of the /sync/admin API for this launch. */
  adminToken: string;
  authMode: 'hs256' | 'jwks';
  dispose(): Promise<void>;
}

export interface LaunchOptions {
  port?: number;
  host?: string;
  authMode?: 'hs256' | 'jwks';
  /** Origins the /sync/admin API answers cross-origin, e.g. `chrome-extension://<id>`. */
  adminAllowedOrigins?: string[];
}

// The worker bundle does not change within a process; building it once keeps launches ~1 s.
const workerBundles = new Map<string, Promise<string>>();

function bundleWorker(): Promise<string> {
  let b = workerBundles.get(WORKER_ENTRY);
  if (!b) {
    b = esbuild
      .build({
        entryPoints: [WORKER_ENTRY],
        bundle: true,
        write: false,
        format: 'esm',
        platform: 'neutral',
        target: 'es2022',
        conditions: ['worker', 'browser'],
        mainFields: ['browser', 'module', 'main'],
        logLevel: 'silent',
      })
      .then((r) => r.outputFiles[0]?.text ?? '');
    b.catch(() => workerBundles.delete(WORKER_ENTRY));
    workerBundles.set(WORKER_ENTRY, b);
  }
  return b;
}

const PLACEHOLDER = `<!doctype html><meta charset="utf-8"><title>plasma reference app</title>
<p>The plasma reference server is running. The demo page (e2e/reference-app/demo/index.html) is not built yet.</p>`;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.txt': 'text/plain; charset=utf-8',
};

function createAssets(): (req: MfRequest) => Promise<MfResponse> {
  let appJs: Promise<string> | undefined; // built on first request, once per launch
  const reply = (body: string | Uint8Array, type: string, status = 200) =>
    new MfResponse(body, { status, headers: { 'content-type': type, 'cache-control': 'no-store' } });

  return async (req) => {
    const path = decodeURIComponent(new URL(req.url).pathname);
    if (path === '/' || path === '/index.html') {
      const file = join(DEMO_DIR, 'index.html');
      return reply(existsSync(file) ? await readFile(file) : PLACEHOLDER, TYPES['.html']!);
    }
    if (path === '/app.js') {
      const entry = join(DEMO_DIR, 'main.ts');
      if (!existsSync(entry)) return reply('console.info("demo client not built yet");', TYPES['.js']!);
      appJs ??= esbuild
        .build({
          entryPoints: [entry],
          bundle: true,
          write: false,
          format: 'esm',
          platform: 'browser',
          target: 'es2022',
          jsx: 'automatic',
          jsxImportSource: 'preact',
          logLevel: 'silent',
        })
        .then((r) => r.outputFiles[0]?.text ?? '');
      try {
        return reply(await appJs, TYPES['.js']!);
      } catch (e) {
        appJs = undefined;
        return reply(`demo bundle failed: ${e instanceof Error ? e.message : String(e)}`, 'text/plain', 500);
      }
    }
    const file = normalize(join(STATIC_DIR, path));
    if (file.startsWith(STATIC_DIR + sep) && existsSync(file)) {
      return reply(await readFile(file), TYPES[extname(file)] ?? 'application/octet-stream');
    }
    return reply('not found', 'text/plain', 404);
  };
}

async function authBindings(mode: 'hs256' | 'jwks'): Promise<Record<string, string>> {
  const secret = randomBytes(32).toString('hex');
  if (mode === 'hs256') return { AUTH_MODE: 'hs256', JWT_SECRET: secret };
  const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
  const kid = randomBytes(8).toString('hex');
  return {
    AUTH_MODE: 'jwks',
    JWT_SECRET: secret,
    JWT_PUBLIC_JWK: JSON.stringify({ ...(await exportJWK(publicKey)), kid }),
    JWT_PRIVATE_JWK: JSON.stringify({ ...(await exportJWK(privateKey)), kid }),
  };
}

export async function startReferenceApp(opts: LaunchOptions = {}): Promise<ReferenceApp> {
  const authMode = opts.authMode ?? 'hs256';
  const adminToken = randomBytes(24).toString('base64url');
  const mf = new Miniflare({
    modules: true,
    script: await bundleWorker(),
    compatibilityDate: '2025-06-01',
    d1Databases: ['DB', 'ADMIN_DB'],
    host: opts.host ?? '127.0.0.1',
    port: opts.port ?? 0,
    bindings: {
      ...(await authBindings(authMode)),
      ADMIN_TOKEN: adminToken,
      ADMIN_ALLOWED_ORIGINS: (opts.adminAllowedOrigins ?? []).join(','),
    },
    serviceBindings: { ASSETS: createAssets() },
  });
  try {
    const ready = await mf.ready;
    const origin = ready.origin;
    // Creates the tables and seeds before anyone uses the D1 handles.
    const health = await fetch(`${origin}/dev/health`);
    if (!health.ok) throw new Error(`reference app failed to start: ${health.status} ${await health.text()}`);
    const db = (await mf.getD1Database('DB')) as D1Database;
    const adminDb = (await mf.getD1Database('ADMIN_DB')) as D1Database;
    return { url: origin, origin, mf, db, adminDb, adminToken, authMode, dispose: () => mf.dispose() };
  } catch (e) {
    await mf.dispose();
    throw e;
  }
}
