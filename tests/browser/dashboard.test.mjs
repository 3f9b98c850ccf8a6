// SPDX-License-Identifier: MIT
//
// The dashboard in a real browser: headless Chromium (Debian's
// /usr/bin/chromium) driven by playwright-core loads the page from a running
// `aqrank serve` (AQ_URL, started by tests/suites/browser.sh with a test
// database of the UCI Beijing data), picks a month, opens a unit's trend,
// switches the language, and checks that what the page shows equals the
// JSON the API gives (fetched here with Node's fetch), cell by cell. The
// expected text of a cell is derived here from the API's number with the
// digits the API publishes (composite 2 decimals, percentages 1); the page's
// own formatting code is not reused. Screenshots go to AQ_SHOT_DIR.
//
// Prints one line per group of checks and ends with
// "dashboard.test: N passed, N failed" (tests/suites/browser.sh adds its
// own checks and prints the suite line); exit status 1 on any failure.
import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

const BASE = process.env.AQ_URL;
const SHOTS = process.env.AQ_SHOT_DIR || 'build';
const MONTH = process.env.AQ_TEST_MONTH || '2014-07';
const UNIT = process.env.AQ_TEST_UNIT || '东四';
const EXE = process.env.CHROMIUM || '/usr/bin/chromium';
if (!BASE) {
  console.log('FAIL: AQ_URL is not set (run tests/suites/browser.sh)');
  console.log('dashboard.test: 0 passed, 1 failed');
  process.exit(1);
}

let passed = 0;
let failed = 0;
async function group(name, fn) {
  try {
    await fn();
    passed++;
    console.log('ok   ' + name);
  } catch (e) {
    failed++;
    console.log('FAIL ' + name + ': ' + (e && e.stack ? e.stack.split('\n').slice(0, 6).join('\n     ') : e));
  }
}

async function api(p) {
  const res = await fetch(BASE + '/api/v1/' + p);
  assert.equal(res.status, 200, p + ': HTTP ' + res.status);
  return res.json();
}

// ---- The expected text of a cell, from the API's JSON number ----
const DASH = '—';
const fix = (x, n) => (x === null || x === undefined ? DASH : x.toFixed(n));
const str = (x) => (x === null || x === undefined ? DASH : String(x));
const sgn = (x) => (x === null || x === undefined ? DASH : (x > 0 ? '+' : '') + String(x));
const pct = (x) => (x === null || x === undefined ? null : (x > 0 ? '+' : '') + (x * 100).toFixed(1) + '%');

// What the page shows in the ranking table, row by row.
async function tableRows(page, id) {
  return page.$$eval('#' + id + ' tbody tr', (trs) => trs.map((tr) => {
    const o = { unit: tr.dataset.unit, cls: tr.className.split(' ').filter(Boolean).sort(), cells: {} };
    for (const td of tr.querySelectorAll('td[data-field]')) o.cells[td.dataset.field] = td.textContent.trim();
    o.badges = [...tr.querySelectorAll('[data-sanction]')].map((b) => b.dataset.sanction).sort();
    o.period = tr.dataset.period;
    return o;
  }));
}

function checkRankTable(rows, doc, lang) {
  assert.equal(rows.length, doc.units.length, 'one row per unit');
  const nc = lang === 'en' ? 'n/c' : '不可比';
  doc.units.forEach((u, i) => {
    const r = rows[i];
    const where = 'row ' + (i + 1) + ' (' + u.unit + ')';
    assert.equal(r.unit, u.unit, where + ': order');
    assert.equal(r.cells.unit, lang === 'en' ? u.unit_en : u.unit, where + ': name');
    assert.equal(r.cells.rank, str(u.rank), where + ': rank');
    assert.equal(r.cells.composite_index, fix(u.composite_index, 2), where + ': composite_index');
    // and the number itself, not only its text
    if (u.composite_index !== null) assert.equal(Number(r.cells.composite_index), u.composite_index, where);
    assert.equal(r.cells.pm25, str(u.pm25), where + ': pm25');
    assert.equal(r.cells.amount, sgn(u.amount), where + ': amount');
    if (u.amount !== null) assert.equal(Number(r.cells.amount), u.amount, where + ': amount value');
    assert.equal(r.cells.good_days_ratio, u.good_days_ratio === null ? DASH : u.good_days_ratio.toFixed(1) + '%', where + ': good days');
    assert.equal(r.cells.rank_change, sgn(u.rank_change), where + ': rank change');
    const yoy = u.yoy || {};
    const ncText = yoy.comparable === false ? nc : DASH;
    assert.equal(r.cells.yoy_composite_index, pct(yoy.composite_index) ?? ncText, where + ': yoy composite');
    assert.equal(r.cells.yoy_pm25, pct(yoy.pm25) ?? ncText, where + ': yoy pm25');
    // highlighting: rewards, deductions and sanctions of this month
    assert.equal(r.cls.includes('reward'), u.amount > 0, where + ': reward highlight');
    assert.equal(r.cls.includes('penalty'), u.amount < 0, where + ': penalty highlight');
    const ids = doc.sanctions.filter((s) => s.unit === u.unit).map((s) => s.id).sort();
    assert.deepEqual(r.badges, ids, where + ': sanctions');
    assert.equal(r.cls.includes('sanctioned'), ids.length > 0, where + ': sanction highlight');
  });
}

async function waitMonth(page, m) {
  await page.waitForFunction((mm) => document.body.dataset.month === mm && !document.body.dataset.loading &&
    document.body.dataset.ready === '1', m, { timeout: 20000 });
}

const browser = await chromium.launch({
  executablePath: EXE,
  headless: true,
  // playwright gives each launch a fresh, empty --user-data-dir
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
mkdirSync(SHOTS, { recursive: true });

try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push('pageerror: ' + e.message));
  page.on('console', (m) => { if (m.type() === 'error') problems.push('console: ' + m.text()); });
  page.on('requestfailed', (r) => problems.push('requestfailed: ' + r.url()));
  const months = await api('months');
  const units = await api('units');

  await group('loads in Chinese with no errors', async () => {
    await page.goto(BASE + '/');
    await page.waitForFunction(() => document.body.dataset.ready === '1', null, { timeout: 20000 });
    assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
    assert.equal((await page.textContent('#title')).trim(), '空气质量排名与奖惩');
    assert.equal((await page.textContent('#lang')).trim(), 'English');
    assert.equal(await page.isHidden('#status'), true, 'no error shown: ' + await page.textContent('#status'));
    assert.equal(await page.evaluate(() => typeof echarts), 'object', 'ECharts loaded from /vendor/');
    assert.deepEqual(problems, []);
  });

  await group('month picker lists /api/v1/months, latest selected', async () => {
    const opts = await page.$$eval('#month option', (os) => os.map((o) => o.value));
    assert.deepEqual(opts, months.months);
    const last = months.months[months.months.length - 1];
    assert.equal(await page.inputValue('#month'), last);
    await waitMonth(page, last);
    assert.equal((await page.textContent('#ranking-period')).trim(), last);
    checkRankTable(await tableRows(page, 'rank-table'), await api('rank?month=' + last), 'zh');
  });

  const rank = await api('rank?month=' + MONTH);
  await group('pick ' + MONTH + ': the table equals /api/v1/rank cell by cell', async () => {
    await page.selectOption('#month', MONTH);
    await waitMonth(page, MONTH);
    assert.equal((await page.textContent('#ranking-period')).trim(), MONTH);
    const rows = await tableRows(page, 'rank-table');
    checkRankTable(rows, rank, 'zh');
    // the data has rewards, deductions and sanctions in this month, so the
    // highlight checks above were not vacuous
    assert.ok(rows.some((r) => r.cls.includes('reward')) && rows.some((r) => r.cls.includes('penalty')) &&
      rows.some((r) => r.cls.includes('sanctioned')), 'highlights present');
    const unranked = await page.$$eval('#unranked li[data-unit]', (ls) => ls.map((l) => l.dataset.unit));
    assert.deepEqual(unranked, rank.unranked.map((x) => x.unit));
    assert.ok(page.url().includes('month=' + MONTH), 'month kept in the URL');
  });

  await group('bar chart: composite by unit in rank order, reward and penalty zones', async () => {
    const opt = await page.evaluate(() => {
      const c = echarts.getInstanceByDom(document.getElementById('bar-chart'));
      const o = c.getOption();
      return {
        names: o.xAxis[0].data,
        values: o.series[0].data.map((d) => d.value),
        zones: o.series[0].markArea.data.map((a) => [a[0].name, a[0].xAxis, a[1].xAxis]),
        canvas: !!document.querySelector('#bar-chart canvas'),
      };
    });
    const ranked = rank.units.filter((u) => u.rank !== null);
    assert.deepEqual(opt.names, ranked.map((u) => u.unit));
    assert.deepEqual(opt.values, ranked.map((u) => u.composite_index));
    const rew = ranked.filter((u) => u.amount > 0);
    const pen = ranked.filter((u) => u.amount < 0);
    assert.deepEqual(opt.zones, [
      ['奖励区', rew[0].unit, rew[rew.length - 1].unit],
      ['扣缴区', pen[0].unit, pen[pen.length - 1].unit],
    ]);
    assert.ok(opt.canvas, 'chart drawn');
  });

  const history = await api('history?unit=' + encodeURIComponent(UNIT));
  const checkTrend = async (want) => {
    const rows = await tableRows(page, 'trend-table');
    assert.deepEqual(rows.map((r) => r.period), want.map((m) => m.period));
    rows.forEach((r, i) => {
      const m = want[i];
      const py = m.previous_year || {};
      assert.equal(r.cells.composite_index, fix(m.composite_index, 2), m.period + ' composite');
      assert.equal(r.cells.previous_composite_index, fix(py.composite_index, 2), m.period + ' previous composite');
      assert.equal(r.cells.pm25, str(m.pm25), m.period + ' pm25');
      assert.equal(r.cells.previous_pm25, str(py.pm25), m.period + ' previous pm25');
      assert.equal(r.cells.rank, str(m.rank), m.period + ' rank');
      assert.equal(r.cells.amount, sgn(m.amount), m.period + ' amount');
    });
    const series = await page.evaluate(() => echarts.getInstanceByDom(document.getElementById('trend-chart'))
      .getOption().series.map((s) => s.data));
    assert.deepEqual(series, [
      want.map((m) => m.composite_index), want.map((m) => m.previous_year.composite_index),
      want.map((m) => m.pm25), want.map((m) => m.previous_year.pm25),
    ]);
  };

  await group('open ' + UNIT + "'s trend: 12 months to " + MONTH + ' and all years equal /api/v1/history', async () => {
    await page.click(`#rank-table tr[data-unit="${UNIT}"] [data-testid="open-trend"]`);
    await page.waitForFunction((u) => document.body.dataset.trendUnit === u &&
      document.getElementById('trend-unit-name').textContent === u, UNIT, { timeout: 10000 });
    assert.equal(await page.inputValue('#trend-unit'), UNIT);
    await page.click('#trend-details summary');
    const end = history.months.findIndex((m) => m.period === MONTH);
    assert.ok(end >= 11, MONTH + ' has 11 months before it in the data');
    await checkTrend(history.months.slice(end - 11, end + 1));
    await page.selectOption('#trend-span', 'all');
    await checkTrend(history.months);
    assert.ok(history.months.length > 12, 'multi-year series');
    await page.selectOption('#trend-span', '12');
  });

  await group('sanctions timeline equals /api/v1/sanctions', async () => {
    const all = (await api('sanctions')).sanctions;
    const shown = () => page.$$eval('#sanctions-list li.sanction', (ls) =>
      ls.map((l) => [l.dataset.period, l.dataset.unit, l.dataset.id]));
    const key = (s) => [s.period, s.unit, s.id];
    const byMonthDesc = (list) => list.map(key).sort((a, b) => (a[0] < b[0] ? 1 : a[0] > b[0] ? -1 : 0));
    let got = await shown();
    assert.ok(all.length > 0);
    assert.deepEqual(got, byMonthDesc(all));
    const current = await page.$$eval('#sanctions-list li.period.current', (ls) => ls.map((l) => l.dataset.period));
    assert.deepEqual(current, all.some((s) => s.period === MONTH) ? [MONTH] : []);
    await page.check('#sanctions-only-unit');
    got = await shown();
    const mine = (await api('sanctions?unit=' + encodeURIComponent(UNIT))).sanctions;
    assert.deepEqual(got, byMonthDesc(mine));
    await page.uncheck('#sanctions-only-unit');
  });

  await group('fund balances equal /api/v1/funds', async () => {
    const funds = await api('funds');
    const rows = await tableRows(page, 'funds-table');
    assert.deepEqual(rows.map((r) => r.unit), funds.units.map((u) => u.unit));
    rows.forEach((r, i) => {
      const u = funds.units[i];
      assert.equal(r.cells.credited, String(u.credited), u.unit + ' credited');
      assert.equal(r.cells.deducted, String(u.deducted), u.unit + ' deducted');
      assert.equal(r.cells.spent_air_pollution_control_project, String(u.spent.air_pollution_control_project));
      assert.equal(r.cells.spent_supervision_capacity, String(u.spent.supervision_capacity));
      assert.equal(r.cells.balance, String(u.balance), u.unit + ' balance');
    });
  });

  await page.screenshot({ path: path.join(SHOTS, 'dashboard.png'), fullPage: true });

  await group('switch to English: names from unit_en, numbers unchanged', async () => {
    await page.click('#lang');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    assert.equal((await page.textContent('#title')).trim(), 'Air-quality ranking, rewards and penalties');
    assert.equal((await page.textContent('#lang')).trim(), '中文');
    assert.equal(await page.title(), 'Air-quality ranking, rewards and penalties');
    checkRankTable(await tableRows(page, 'rank-table'), rank, 'en');
    const en = new Map(units.units.map((u) => [u.unit, u.unit_en]));
    assert.equal((await page.textContent('#trend-unit-name')).trim(), en.get(UNIT));
    const names = await page.evaluate(() => echarts.getInstanceByDom(document.getElementById('bar-chart')).getOption().xAxis[0].data);
    assert.deepEqual(names, rank.units.filter((u) => u.rank !== null).map((u) => u.unit_en));
    // no Chinese left in the static text (data-i18n) of the page
    const zh = await page.$$eval('[data-i18n]', (es) => es.map((e) => e.textContent).filter((t) => /[\u4e00-\u9fff]/.test(t)));
    assert.deepEqual(zh, []);
    // the choice survives a reload (localStorage)
    await page.reload();
    await waitMonth(page, MONTH);
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    assert.deepEqual(problems, []);
  });
  await page.screenshot({ path: path.join(SHOTS, 'dashboard-en.png'), fullPage: true });

  await group('an API error is shown, not swallowed', async () => {
    const p2 = await context.newPage();
    await p2.route('**/api/v1/rank?*', (route) => route.fulfill({
      status: 500, contentType: 'application/json',
      body: JSON.stringify({ error: 'AQ_ESTORE', message: 'injected by the test' }),
    }));
    await p2.goto(BASE + '/?month=' + MONTH + '&lang=zh');
    await p2.waitForFunction(() => document.body.dataset.ready === '1', null, { timeout: 20000 });
    assert.equal(await p2.isVisible('#status'), true);
    assert.match(await p2.textContent('#status'), /AQ_ESTORE injected by the test/);
    assert.equal(await p2.$$eval('#rank-table tbody tr', (t) => t.length), 0);
    await p2.close();
  });
  await context.close();

  await group('readable on a phone (390 px): no sideways page scroll', async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    const p3 = await phone.newPage();
    await p3.goto(BASE + '/?month=' + MONTH);
    await waitMonth(p3, MONTH);
    const m = await p3.evaluate(() => ({
      doc: document.documentElement.scrollWidth,
      win: window.innerWidth,
      table: document.querySelector('#rank-table').parentElement.scrollWidth > document.querySelector('#rank-table').parentElement.clientWidth,
      chart: document.getElementById('bar-chart').getBoundingClientRect().width,
      font: parseFloat(getComputedStyle(document.body).fontSize),
    }));
    assert.ok(m.doc <= m.win, 'page width ' + m.doc + ' > viewport ' + m.win);
    assert.ok(m.table, 'the wide table scrolls inside its own box');
    assert.ok(m.chart <= m.win && m.chart > 300, 'chart fits: ' + m.chart);
    assert.ok(m.font >= 14, 'font ' + m.font + 'px');
    checkRankTable(await tableRows(p3, 'rank-table'), rank, 'zh');
    await p3.screenshot({ path: path.join(SHOTS, 'dashboard-phone.png'), fullPage: false });
    await phone.close();
  });
} finally {
  await browser.close();
}

console.log('screenshots: ' + ['dashboard.png', 'dashboard-en.png', 'dashboard-phone.png'].map((f) => path.join(SHOTS, f)).join(' '));
console.log(`dashboard.test: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
