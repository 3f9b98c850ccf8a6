// SPDX-License-Identifier: MIT
//
// Bytes the dashboard moves, from Chromium's own network log (the DevTools
// protocol's Network.loadingFinished encodedDataLength: headers and body as
// they crossed the socket, compressed when the server compressed). Run by
// bench/page.sh against a running `aqrank serve` (AQ_URL):
//   first   a fresh browser profile (empty cache) opens the dashboard;
//   revisit the same profile opens it again in a new tab;
//   reload  the same tab is reloaded (the browser revalidates the page).
// Each line: "page: <load> <bytes> bytes in <n> requests (<statuses>)",
// then one line per request with -v.
import { chromium } from 'playwright-core';

const BASE = process.env.AQ_URL;
const PATHQ = process.env.AQ_PAGE || '/?month=2014-07';
const EXE = process.env.CHROMIUM || '/usr/bin/chromium';
const VERBOSE = process.argv.includes('-v');

const browser = await chromium.launch({
  executablePath: EXE,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

// load(page, how): the requests of one page load, settled
async function measure(context, page, what, how) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  const reqs = new Map();
  cdp.on('Network.requestWillBeSent', (e) => reqs.set(e.requestId, { url: e.request.url, bytes: 0, status: 0, cached: false }));
  cdp.on('Network.responseReceived', (e) => {
    const r = reqs.get(e.requestId);
    if (r) { r.status = e.response.status; r.cached = !!e.response.fromDiskCache || !!e.response.fromMemoryCache; }
  });
  cdp.on('Network.requestServedFromCache', (e) => { const r = reqs.get(e.requestId); if (r) r.cached = true; });
  cdp.on('Network.loadingFinished', (e) => { const r = reqs.get(e.requestId); if (r) r.bytes = e.encodedDataLength; });
  await how();
  await page.waitForFunction(() => document.body.dataset.ready === '1', null, { timeout: 30000 });
  await page.waitForLoadState('networkidle');
  await cdp.detach();
  let total = 0;
  const statuses = {};
  for (const r of reqs.values()) {
    total += r.bytes;
    const k = r.cached ? 'cache' : String(r.status);
    statuses[k] = (statuses[k] || 0) + 1;
  }
  console.log(`page: ${what} ${total} bytes in ${reqs.size} requests (` +
    Object.entries(statuses).map(([k, v]) => k + ' x' + v).join(', ') + ')');
  if (VERBOSE) for (const r of reqs.values()) console.log(`  ${r.bytes}\t${r.cached ? 'cache' : r.status}\t${r.url.replace(BASE, '')}`);
  return total;
}

try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await measure(context, page, 'first', () => page.goto(BASE + PATHQ));
  const page2 = await context.newPage();
  await measure(context, page2, 'revisit', () => page2.goto(BASE + PATHQ));
  await measure(context, page2, 'reload', () => page2.reload());
  await context.close();
} finally {
  await browser.close();
}
