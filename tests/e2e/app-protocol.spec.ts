// The Electron renderer's policy in Chromium (the Electron binary cannot run here): the built
// renderer is served by the real app:// handler (src/main/app-protocol.ts), every request the
// page makes passes through the real onBeforeRequest policy (requestAllowed, src/main/security.ts),
// and a page script tries to read local files. Chromium cannot register a custom scheme from
// Playwright, so app://medfig/ is stood in for by http://medfig.app/ (the URL is mapped back
// before the handler and the policy see it).
import { test, expect } from '@playwright/test';
import { join, resolve } from 'node:path';
import { createAppProtocolHandler } from '../../src/main/app-protocol';
import { requestAllowed } from '../../src/main/request-policy';

const ROOT = resolve(import.meta.dirname, '../..');
const STAND_IN = 'http://medfig.app';

test('the built renderer under the app:// policy cannot read file:///etc/passwd', async ({ page }) => {
  const handler = createAppProtocolHandler(join(process.env.MEDFIG_OUT_DIR ?? join(ROOT, 'out'), 'renderer'));
  const seen: { url: string; allowed: boolean }[] = [];
  await page.context().route('**/*', async (route) => {
    const url = route.request().url();
    const asApp = url.startsWith(`${STAND_IN}/`) ? `app://medfig/${url.slice(STAND_IN.length + 1)}` : url;
    const allowed = requestAllowed(asApp, true);
    seen.push({ url: asApp, allowed });
    if (!allowed) return route.abort('blockedbyclient');
    const res = await handler(new Request(asApp, { method: route.request().method() }));
    await route.fulfill({
      status: res.status,
      headers: Object.fromEntries(res.headers),
      body: Buffer.from(await res.arrayBuffer()),
    });
  });
  const statuses: number[] = [];
  page.on('response', (r) => statuses.push(r.status()));
  await page.goto(`${STAND_IN}/index.html`, { waitUntil: 'load' });
  // The built page and its own script and style came through the handler, all answered 200.
  expect(await page.title()).toBe('Medfig');
  expect(seen.filter((s) => /^app:\/\/medfig\/assets\/index-.*\.(js|css)$/.test(s.url))).toHaveLength(2);
  expect(statuses.every((s) => s === 200)).toBe(true);
  const attempts = await page.evaluate(async () => {
    const tryFetch = async (u: string) => {
      try {
        const r = await fetch(u);
        const t = await r.text();
        return t.includes('root:') ? 'READ' : `status ${r.status}`;
      } catch {
        return 'failed';
      }
    };
    return {
      fileUrl: await tryFetch('file:///etc/passwd'),
      traversal: await tryFetch('/../../../../etc/passwd'),
      encoded: await tryFetch('/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd'),
      remote: await tryFetch('https://example.com/'),
    };
  });
  expect(attempts.fileUrl).toBe('failed');
  expect(attempts.traversal).toMatch(/^status 4\d\d$/);
  expect(attempts.encoded).toMatch(/^status 4\d\d$/);
  expect(attempts.remote).toBe('failed');
  // The page's CSP stopped the remote fetch before it left (the policy would refuse it too).
  expect(seen.some((s) => s.url.startsWith('https:'))).toBe(false);
  expect(requestAllowed('https://example.com/', true)).toBe(false);
  expect(requestAllowed('file:///etc/passwd', true)).toBe(false);
  expect(seen.filter((s) => s.url.startsWith('app://medfig/assets/')).every((s) => s.allowed)).toBe(true);
  expect(seen.some((s) => s.url.startsWith('app://medfig/assets/'))).toBe(true);
});
