// SPDX-License-Identifier: MIT
//
// The dashboard in a real browser: headless Chromium (Debian's
// /usr/bin/chromium) driven by playwright-core loads the page from a running
// `aqrank serve` (AQ_URL, started by tests/suites/browser.sh with a test
// database of the UCI Beijing data), picks a month, opens a unit's trend and
// its page, the map, the states of a month (no amounts, provisional, a
// quarter's end), the funds, the data-quality notes and flags (issue 17:
// the bulletin's data_quality, /api/v1/audit), in Chinese, in English and
// at phone width, and
// checks that what the page shows equals the JSON the API gives (fetched
// here with Node's fetch), cell by cell. The
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
    const a = tr.querySelector('a.unit-link');
    o.link = a ? a.getAttribute('href').replace(/&month=.*$/, '') : null;
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
    assert.equal(r.link, '/?' + new URLSearchParams({ unit: u.unit }).toString(), where + ': link to the unit page');
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
    await page.selectOption('#trend-unit', UNIT);
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
    // the box is scrolled to the chosen month
    if (current.length) {
      const seen = await page.evaluate(() => {
        const ol = document.getElementById('sanctions-list');
        const li = ol.querySelector('li.period.current');
        const a = ol.getBoundingClientRect();
        const b = li.getBoundingClientRect();
        return b.top >= a.top - 1 && b.top < a.bottom;
      });
      assert.ok(seen, 'the chosen month is in view in the sanctions box');
    }
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
    assert.ok(!m.table, 'the ranking table fits without scrolling sideways');
    assert.ok(m.chart <= m.win && m.chart > 300, 'chart fits: ' + m.chart);
    assert.ok(m.font >= 14, 'font ' + m.font + 'px');
    checkRankTable(await tableRows(p3, 'rank-table'), rank, 'zh');
    await p3.screenshot({ path: path.join(SHOTS, 'dashboard-phone.png'), fullPage: false });
    await phone.close();
  });

  // ---- The unit page (issue 18 item 1) ----

  const CJK = /[\u3400-\u9fff\uff01-\uff5e\u3000-\u303f]/;
  const unitHistory = await api('history?unit=' + encodeURIComponent(UNIT));
  const unitSanctions = (await api('sanctions?unit=' + encodeURIComponent(UNIT))).sanctions;
  const SMONTH = unitSanctions.length ? unitSanctions[unitSanctions.length - 1].period : MONTH;
  const explain = await api('explain?unit=' + encodeURIComponent(UNIT) + '&month=' + SMONTH);

  async function checkUnitPage(pg, lang) {
    await pg.waitForFunction((u) => document.body.dataset.view === 'unit' && document.body.dataset.unit === u &&
      !document.body.dataset.loading, UNIT, { timeout: 20000 });
    assert.equal((await pg.textContent('#unit-title')).trim(), lang === 'en' ? unitHistory.unit_en : UNIT);
    assert.equal(await pg.isHidden('#overview'), true, 'the overview is hidden');
    // its months: composite, PM2.5, rank, amount, sanctions = /history and /sanctions
    const rows = await tableRows(pg, 'unit-months');
    assert.deepEqual(rows.map((r) => r.period), unitHistory.months.map((m) => m.period));
    rows.forEach((r, i) => {
      const m = unitHistory.months[i];
      assert.equal(r.cells.composite_index, fix(m.composite_index, 2), m.period + ' composite');
      assert.equal(r.cells.pm25, str(m.pm25), m.period + ' pm25');
      assert.equal(r.cells.rank, str(m.rank), m.period + ' rank');
      assert.equal(r.cells.amount, sgn(m.amount), m.period + ' amount');
      const ids = unitSanctions.filter((s) => s.period === m.period).map((s) => s.id).sort();
      assert.deepEqual(r.badges, ids, m.period + ' sanctions');
      // history's bit set says the same (bit n = Sn)
      assert.deepEqual(ids, [1, 2, 3, 4, 5, 6].filter((n) => m.sanctions & (1 << n)).map((n) => 'S' + n), m.period + ' bits');
    });
    // each sanction with its cause in the page's language and its evidence
    const shown = await pg.$$eval('#unit-sanctions > li.sanction', (ls) => ls.map((l) => ({
      key: l.dataset.period + ' ' + l.dataset.id, why: l.querySelector('.why').textContent,
      evidence: l.querySelectorAll('.evidence li').length,
    })));
    const want = [...unitSanctions].sort((a, b) => (a.period < b.period ? 1 : a.period > b.period ? -1 : 0));
    assert.deepEqual(shown.map((s) => s.key), want.map((s) => s.period + ' ' + s.id));
    shown.forEach((s, i) => {
      assert.equal(s.why, lang === 'en' ? want[i].cause_en : want[i].cause_zh, s.key + ' cause');
      assert.equal(s.evidence, want[i].evidence.reduce((n, e) => n + e.evidence.length, 0), s.key + ' evidence items');
    });
    // the explanation chain: numbers of the explanation document, no raw JSON
    const chain = await pg.$$eval('#unit-explain > li', (ls) => ls.map((l) => [l.dataset.step, l.textContent]));
    const steps = Object.fromEntries(chain);
    for (const k of ['stations', 'station_days', 'unit_days', 'statistics', 'composite', 'rank', 'amount', 'events', 'sanctions']) {
      assert.ok(steps[k], 'step ' + k);
    }
    for (const [p, s] of Object.entries(explain.statistics)) if (s.valid) assert.ok(steps.statistics.includes(' ' + s.value + (lang === 'en' ? ' (' : '(')), 'statistic ' + p + ' ' + s.value);
    for (const p of Object.keys(explain.composite).filter((k) => k !== 'composite_index')) {
      assert.ok(steps.composite.includes(explain.statistics[p].value + ' ÷ ' + explain.composite[p].limit + ' = ' + explain.composite[p].index), 'single index ' + p);
    }
    assert.ok(steps.composite.includes('= ' + explain.composite.composite_index), 'composite index');
    if (explain.rank.rank !== null) assert.ok(steps.rank.includes(String(explain.rank.rank)) && steps.rank.includes(String(explain.rank.ranked_units)));
    for (const [, t] of chain) assert.ok(!/[{}]|":/.test(t), 'no raw JSON: ' + t);
    // the stations' daily values = the explanation's station_days
    const days = await pg.$$eval('#unit-stations table.station-days tbody tr', (trs) => trs.map((tr) =>
      [tr.closest('table').dataset.station, tr.dataset.date, ...[...tr.querySelectorAll('td.num')].map((td) => td.textContent)]));
    const P = ['so2', 'no2', 'pm10', 'pm25', 'co', 'o3'];
    assert.deepEqual(days, explain.station_days.map((d) => [d.station, d.date,
      ...P.map((p) => (d.values[p] && d.values[p].valid ? d.values[p].value : DASH))]));
    if (lang === 'en') {
      const text = await pg.evaluate(() => document.getElementById('unit-view').innerText);
      assert.ok(!CJK.test(text), 'Chinese left on the English unit page: ' + (text.match(new RegExp('.{0,30}' + CJK.source + '.{0,30}')) || [''])[0]);
    }
  }

  await group('unit page in Chinese: opened from the ranking table, equals the API', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    const pg = await ctx.newPage();
    const errs = [];
    pg.on('pageerror', (e) => errs.push(e.message));
    pg.on('console', (m) => { if (m.type() === 'error') errs.push(m.text()); });
    await pg.goto(BASE + '/?month=' + SMONTH + '&lang=zh');
    await waitMonth(pg, SMONTH);
    await pg.click(`#rank-table tr[data-unit="${UNIT}"] a.unit-link`);
    await checkUnitPage(pg, 'zh');
    assert.ok(pg.url().includes('unit=' + encodeURIComponent(UNIT)) && pg.url().includes('month=' + SMONTH), 'the address names the unit: ' + pg.url());
    await pg.screenshot({ path: path.join(SHOTS, 'unit.png'), fullPage: true });
    // back to the ranking, and forward again with the browser's history
    await pg.click('#back');
    await pg.waitForFunction(() => document.body.dataset.view === 'overview');
    await pg.goBack();
    await pg.waitForFunction(() => document.body.dataset.view === 'unit');
    assert.deepEqual(errs, []);
    await ctx.close();
  });

  await group('unit page in English and at phone width, by its address', async () => {
    const ctx = await browser.newContext({ viewport: { width: 400, height: 860 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    const pg = await ctx.newPage();
    await pg.goto(BASE + '/?unit=' + encodeURIComponent(UNIT) + '&month=' + SMONTH + '&lang=en');
    await pg.waitForFunction(() => document.body.dataset.ready === '1', null, { timeout: 20000 });
    await checkUnitPage(pg, 'en');
    const w = await pg.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
    assert.ok(w[0] <= w[1], 'page width ' + w[0] + ' > ' + w[1]);
    await pg.screenshot({ path: path.join(SHOTS, 'unit-phone-en.png'), fullPage: false });
    await ctx.close();
  });

  // ---- The map (item 2) ----

  const stations = (await api('stations')).stations;
  const latest = await api('latest');
  await group('map: every station at its longitude and latitude, coloured from the API, a click opens the unit', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const pg = await ctx.newPage();
    await pg.goto(BASE + '/?month=' + MONTH + '&lang=zh');
    await waitMonth(pg, MONTH);
    const opt = await pg.evaluate(() => {
      const o = echarts.getInstanceByDom(document.getElementById('map-chart')).getOption();
      return { data: o.series[0].data.map((d) => ({ unit: d.unit, station: d.station, value: d.value })), vm: !!(o.visualMap && o.visualMap.length) };
    });
    assert.deepEqual(opt.data.map((d) => [d.station, d.value[0], d.value[1]]), stations.map((s) => [s.station, s.lon, s.lat]));
    const ci = new Map(rank.units.map((u) => [u.unit, u.composite_index]));
    for (const d of opt.data) assert.equal(d.value[2], ci.get(d.unit) ?? null, d.station + ' composite');
    assert.ok(opt.vm, 'a colour scale for the composite index');
    await pg.selectOption('#map-mode', 'aqi');
    const aqi = await pg.evaluate(() => echarts.getInstanceByDom(document.getElementById('map-chart')).getOption()
      .series[0].data.map((d) => [d.unit, d.value[2], d.itemStyle.color]));
    const lv = new Map(latest.units.map((u) => [u.unit, u]));
    for (const [u, v, c] of aqi) {
      assert.equal(v, lv.get(u).aqi, u + ' latest AQI');
      if (lv.get(u).aqi !== null) assert.equal(c, lv.get(u).color, u + ' level colour');
    }
    await pg.locator('#map').screenshot({ path: path.join(SHOTS, 'map.png') });
    // a click on a station opens its unit's page
    const target = stations.find((s) => s.unit === UNIT);
    const pos = await pg.evaluate((st) => echarts.getInstanceByDom(document.getElementById('map-chart'))
      .convertToPixel({ seriesIndex: 0 }, [st.lon, st.lat]), target);
    await pg.locator('#map-chart').scrollIntoViewIfNeeded();
    const box = await pg.locator('#map-chart').boundingBox();
    await pg.mouse.click(box.x + pos[0], box.y + pos[1]);
    await pg.waitForFunction((u) => document.body.dataset.view === 'unit' && document.body.dataset.unit === u, UNIT, { timeout: 10000 });
    await ctx.close();
  });

  // ---- Every state explained (item 3) ----

  const noAmounts = (await Promise.all(months.months.map((m) => api('rank?month=' + m)))).find((d) => d.policy_error);
  await group('a month without amounts says why; unranked units and short stations with their reasons', async () => {
    assert.ok(noAmounts, 'the data has a month whose ladders cannot apply');
    for (const lang of ['zh', 'en']) {
      const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const pg = await ctx.newPage();
      await pg.goto(BASE + '/?month=' + noAmounts.period + '&lang=' + lang);
      await waitMonth(pg, noAmounts.period);
      assert.equal(await pg.isVisible('#month-notice'), true, 'notice shown');
      const text = await pg.textContent('#month-notice');
      assert.ok(text.includes(String(noAmounts.ranked_units)) && text.includes('P4'), text);
      if (lang === 'en') assert.ok(!CJK.test(text), text);
      else assert.ok(CJK.test(text), text);
      const rows = await tableRows(pg, 'rank-table');
      assert.ok(rows.every((r) => r.cells.amount === DASH), 'no amount in any row');
      const reasons = await pg.$$eval('#unranked li[data-unit]', (ls) => ls.map((l) => [l.dataset.unit, l.textContent]));
      assert.deepEqual(reasons.map((r) => r[0]), noAmounts.unranked.map((x) => x.unit));
      noAmounts.unranked.forEach((x, i) => {
        if (x.pollutant) assert.ok(reasons[i][1].includes(String(x.valid_days)) && reasons[i][1].includes(String(x.minimum_days)), reasons[i][1]);
        if (lang === 'en') assert.ok(!CJK.test(reasons[i][1].replace(/^[^:]*:/, '')), reasons[i][1]);
      });
      const st = await pg.$$eval('#unranked li[data-station]', (ls) => ls.map((l) => l.dataset.station));
      assert.deepEqual(st, noAmounts.insufficient_stations.map((x) => x.station));
      if (lang === 'zh') await pg.locator('#ranking').screenshot({ path: path.join(SHOTS, 'no-amounts.png') });
      await ctx.close();
    }
  });

  await group('a provisional month is marked (data up to a day before its end)', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const pg = await ctx.newPage();
    const last = months.months[months.months.length - 1];
    await pg.route('**/api/v1/months', (route) => route.fulfill({
      status: 200, contentType: 'application/json', body: JSON.stringify({ ...months, last_day: last + '-15' }),
    }));
    await pg.goto(BASE + '/?month=' + last + '&lang=en');
    await waitMonth(pg, last);
    assert.equal(await pg.isVisible('#provisional'), true);
    assert.ok((await pg.textContent('#provisional')).includes(last + '-15'));
    await pg.selectOption('#month', MONTH);
    await waitMonth(pg, MONTH);
    assert.equal(await pg.isHidden('#provisional'), true, 'a complete month is not provisional');
    await ctx.close();
  });

  await group('a quarter\'s end: its ranking, the amounts of its months, S6', async () => {
    const ends = months.months.filter((m) => /-(03|06|09|12)$/.test(m));
    const docs = await Promise.all(ends.map((m) => api('rank?month=' + m)));
    // the quarter end with an S6 if there is one, else the last
    const doc = docs.find((d) => d.sanctions.some((s) => s.id === 'S6')) || docs[docs.length - 1];
    const m = doc.period;
    const [y, mm] = m.split('-').map(Number);
    const mdocs = await Promise.all([mm - 2, mm - 1, mm].map((k) => api('rank?month=' + y + '-' + String(k).padStart(2, '0'))));
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const pg = await ctx.newPage();
    await pg.goto(BASE + '/?month=' + m + '&lang=zh');
    await waitMonth(pg, m);
    assert.equal(await pg.isVisible('#quarter'), true);
    const rows = await tableRows(pg, 'quarter-table');
    assert.deepEqual(rows.map((r) => r.unit), doc.quarter.units.map((u) => u.unit));
    rows.forEach((r, i) => {
      const u = doc.quarter.units[i];
      assert.equal(r.cells.rank, str(u.rank));
      assert.equal(r.cells.composite_index, fix(u.composite_index, 2));
      for (let k = 0; k < 3; k++) {
        const mu = mdocs[k].units.find((x) => x.unit === u.unit);
        assert.equal(r.cells['amount_' + (k + 1)], mu ? sgn(mu.amount) : DASH, u.unit + ' month ' + (k + 1));
      }
      assert.deepEqual(r.badges, doc.sanctions.filter((s) => s.id === 'S6' && s.unit === u.unit).map(() => 'S6'));
    });
    // numbers right-aligned under right-aligned headers
    const align = await pg.$$eval('#quarter-table th.num', (ths) => ths.map((th) => getComputedStyle(th).textAlign));
    assert.ok(align.length >= 4 && align.every((a) => a === 'right'), align.join());
    await pg.locator('#quarter').screenshot({ path: path.join(SHOTS, 'quarter.png') });
    await ctx.close();
  });

  await group('funds as of a date, with every refused request', async () => {
    const funds = await api('funds');
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const pg = await ctx.newPage();
    await pg.goto(BASE + '/?month=' + MONTH + '&lang=zh');
    await waitMonth(pg, MONTH);
    assert.ok((await pg.textContent('#funds-as-of')).includes(funds.as_of));
    assert.ok((await pg.textContent('#refused-count')).includes(String(funds.refused)));
    const items = await pg.$$eval('#refusals-list li.refused', (ls) => ls.length);
    assert.equal(items, funds.refusals.length);
    await ctx.close();
  });

  // ---- Phone (item 4): the main columns of every unit without sideways scrolling ----

  for (const lang of ['zh', 'en']) {
    await group('phone at 400 px (' + lang + '): rank, unit, index, amount, sanctions visible, no sideways scroll', async () => {
      const phone = await browser.newContext({ viewport: { width: 400, height: 860 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
      const pg = await phone.newPage();
      const m = noAmounts ? (await api('sanctions')).sanctions.map((s) => s.period).sort().pop() : MONTH;
      await pg.goto(BASE + '/?month=' + m + '&lang=' + lang);
      await waitMonth(pg, m);
      const r = await pg.evaluate(() => {
        const box = document.querySelector('#rank-table').parentElement;
        const vis = (e) => { const b = e.getBoundingClientRect(); return b.width > 0 && b.left >= 0 && b.right <= window.innerWidth; };
        const rows = [...document.querySelectorAll('#rank-table tbody tr')].map((tr) =>
          ['rank', 'unit', 'composite_index', 'amount', 'sanctions'].every((f) => vis(tr.querySelector(`td[data-field="${f}"]`))) &&
          [...tr.querySelectorAll('.badge')].every(vis));
        return { doc: document.documentElement.scrollWidth, win: window.innerWidth, box: box.scrollWidth - box.clientWidth, rows };
      });
      assert.ok(r.doc <= r.win, 'page ' + r.doc + ' > ' + r.win);
      assert.equal(r.box, 0, 'the ranking table scrolls sideways by ' + r.box + ' px');
      assert.ok(r.rows.length > 0 && r.rows.every(Boolean), 'a row with a main cell off screen: ' + r.rows.join());
      checkRankTable(await tableRows(pg, 'rank-table'), await api('rank?month=' + m), lang);
      await pg.screenshot({ path: path.join(SHOTS, 'phone-' + lang + '.png'), fullPage: false });
      await phone.close();
    });
  }


  // ---- Legends never over the axes (item 4) ----

  await group('trend chart: the legend clear of the plot and the axis labels, wide and at 400 px', async () => {
    for (const w of [1280, 400]) {
      const ctx = await browser.newContext({ viewport: { width: w, height: 900 } });
      const pg = await ctx.newPage();
      await pg.goto(BASE + '/?month=' + MONTH + '&lang=en');
      await waitMonth(pg, MONTH);
      // ECharts' own layout (its model and views, not its public API: the
      // boxes it drew)
      const r = await pg.evaluate(() => {
        const c = echarts.getInstanceByDom(document.getElementById('trend-chart'));
        const m = c.getModel();
        const box = (model) => {
          const v = c.getViewOfComponentModel(model);
          const b = v.group.getBoundingRect().clone();
          b.applyTransform(v.group.getLocalTransform());
          return [b.x, b.y, b.x + b.width, b.y + b.height];
        };
        const g = m.getComponent('grid').coordinateSystem.getRect();
        return { grid: [g.x, g.y, g.x + g.width, g.y + g.height], legend: box(m.getComponent('legend')),
          axes: [box(m.getComponent('xAxis')), box(m.getComponent('yAxis', 0)), box(m.getComponent('yAxis', 1))] };
      });
      const meet = (a, b) => a[0] < b[2] && a[2] > b[0] && a[1] < b[3] && a[3] > b[1];
      assert.ok(!meet(r.legend, r.grid), w + ' px: legend over the plot ' + JSON.stringify(r));
      r.axes.forEach((a, i) => assert.ok(!meet(r.legend, a), w + ' px: legend over axis ' + i + ' ' + JSON.stringify(r)));
      await ctx.close();
    }
  });

  // ---- The bulletin fits a phone and an A4 page (item 4) ----

  await group('bulletin: fits 400 px and A4 (no sideways overflow), charts with legends clear of the axes', async () => {
    const ctx = await browser.newContext({ viewport: { width: 400, height: 860 } });
    const pg = await ctx.newPage();
    for (const lang of ['zh', 'en']) {
      await pg.setViewportSize({ width: 400, height: 860 });
      await pg.goto(BASE + '/api/v1/bulletin?month=' + MONTH + '&format=html&lang=' + lang);
      const w = await pg.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(w <= 400, lang + ' bulletin is ' + w + ' px wide at 400');
      if (lang === 'zh') await pg.screenshot({ path: path.join(SHOTS, 'bulletin-phone.png'), fullPage: false });
      // A4 landscape (the bulletin's @page) at 96 dpi less 12 mm margins:
      // 273 mm = 1032 px
      await pg.setViewportSize({ width: 1032, height: 730 });
      await pg.emulateMedia({ media: 'print' });
      const w4 = await pg.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(w4 <= 1032, lang + ' bulletin is ' + w4 + ' px wide on A4');
      await pg.emulateMedia({ media: 'screen' });
      // legends: no legend text inside a chart's plot area (the bars have
      // a legend; the trend's panels need none)
      const clash = await pg.evaluate(() => {
        const legend = [...document.querySelectorAll('svg text.legend')].map((t) => t.getBoundingClientRect());
        const plots = [...document.querySelectorAll('svg .plot')].map((p) => p.getBoundingClientRect());
        return { legend: legend.length, plots: plots.length,
          over: legend.filter((l) => plots.some((p) => l.left < p.right && l.right > p.left && l.top < p.bottom && l.bottom > p.top)).length };
      });
      assert.ok(clash.legend > 0 && clash.plots > 1, lang + ': legends and plots found: ' + JSON.stringify(clash));
      assert.equal(clash.over, 0, lang + ': legend text over a plot');
    }
    await ctx.close();
  });

  // ---- Data quality (issue 17): the bulletin's notes, flags on the map
  // and on the unit page, compared with /api/v1/bulletin and /api/v1/audit ----

  const QMONTH = process.env.AQ_TEST_FLAG_MONTH || '2014-01';
  const QUNIT = process.env.AQ_TEST_FLAG_UNIT || '东四';
  const audit = await api('audit?month=' + QMONTH);
  const notes = (await api('bulletin?format=json&month=' + QMONTH)).data_quality;
  const waitAudit = (pg, m) => pg.waitForFunction((mm) => document.body.dataset.audit === mm &&
    !document.body.dataset.loading && document.body.dataset.ready === '1', m, { timeout: 20000 });
  // the codes people must never read
  const CODES = /\b(pm25|so2|no2|pm10|flatline|pm25_gt_pm10|neighbour_divergence|selective_gaps|step_change)\b/;
  // an hour-ending label as the page says it, worked out here
  const hourSaid = (label, lang) => label.slice(5, 10) + ' ' + label.slice(11) + (lang === 'zh' ? '时' : ':00');
  const POLL = { so2: 'SO2', no2: 'NO2', pm10: 'PM10', pm25: 'PM2.5', co: 'CO', o3: 'O3' };

  await group('data-quality notes equal the bulletin\'s data_quality (zh, then en by the switch), units linked in rank order', async () => {
    assert.ok(notes && notes.units.length >= 2 && audit.flags.length >= 3, QMONTH + ' has flags on several units');
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const pg = await ctx.newPage();
    const errs = [];
    pg.on('pageerror', (e) => errs.push(e.message));
    await pg.goto(BASE + '/?month=' + QMONTH + '&lang=zh');
    await waitAudit(pg, QMONTH);
    for (const lang of ['zh', 'en']) {
      if (lang === 'en') {
        await pg.click('#lang');
        await pg.waitForFunction(() => document.documentElement.lang === 'en');
      }
      assert.equal(await pg.isVisible('#quality'), true, 'the notes are shown');
      assert.equal((await pg.textContent('#quality-h')).trim(), lang === 'zh' ? '数据质量提示' : 'Data quality notes');
      assert.equal((await pg.textContent('#quality-intro')).trim(), notes['text_' + lang]);
      const items = await pg.$$eval('#quality-units li[data-unit]', (ls) => ls.map((l) => [l.dataset.unit, l.textContent,
        l.querySelector('a.unit-link') && l.querySelector('a.unit-link').getAttribute('href')]));
      assert.deepEqual(items.map((x) => x[0]), notes.units.map((u) => u.unit), 'the units of the notes, in order');
      const rankOrder = (await api('rank?month=' + QMONTH)).units.map((u) => u.unit);
      assert.deepEqual(items.map((x) => x[0]), rankOrder.filter((u) => items.some((x) => x[0] === u)), 'in rank order');
      items.forEach(([unit, text, href], i) => {
        assert.equal(text, notes.units[i]['text_' + lang], unit + ': the line as the bulletin says it');
        assert.ok(href && href.startsWith('/?' + new URLSearchParams({ unit }).toString()), unit + ' linked: ' + href);
      });
      const all = await pg.textContent('#quality');
      if (lang === 'en') assert.ok(!CJK.test(all), 'Chinese in the English notes: ' + all);
      else assert.ok(CJK.test(all));
      assert.ok(!CODES.test(all), 'an internal code in the notes: ' + all);
      await pg.locator('#quality').screenshot({ path: path.join(SHOTS, 'quality-' + lang + '.png') });
    }
    assert.deepEqual(errs, []);
    await ctx.close();
  });

  await group('a month without flags: no notes, no rings on the map', async () => {
    const none = await api('audit?month=' + MONTH);
    assert.equal(none.flags.length, 0, MONTH + ' has no flag');
    assert.equal((await api('bulletin?format=json&month=' + MONTH)).data_quality, undefined);
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const pg = await ctx.newPage();
    await pg.goto(BASE + '/?month=' + MONTH + '&lang=zh');
    await waitAudit(pg, MONTH);
    assert.equal(await pg.isHidden('#quality'), true);
    assert.equal(await pg.isHidden('#map-flags'), true);
    const n = await pg.evaluate(() => echarts.getInstanceByDom(document.getElementById('map-chart')).getOption().series.length);
    assert.equal(n, 1, 'the stations alone');
    await ctx.close();
  });

  await group('map: a ring on every station with flags, its flags in the tooltip, a click opens its unit', async () => {
    const byStation = new Map();
    for (const f of audit.flags) byStation.set(f.station, (byStation.get(f.station) || []).concat([f]));
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const pg = await ctx.newPage();
    await pg.goto(BASE + '/?month=' + QMONTH + '&lang=zh');
    await waitAudit(pg, QMONTH);
    const rings = await pg.evaluate(() => {
      const o = echarts.getInstanceByDom(document.getElementById('map-chart')).getOption();
      const i = o.series.findIndex((x) => x.id === 'flags');
      return { index: i, data: i < 0 ? [] : o.series[i].data.map((d) => ({ station: d.station, unit: d.unit, value: d.value, n: d.flags.length })) };
    });
    assert.ok(rings.index > 0, 'a series of rings');
    assert.deepEqual(rings.data.map((d) => [d.station, d.n]).sort(), [...byStation].map(([k, v]) => [k, v.length]).sort());
    for (const d of rings.data) {
      const st = stations.find((x) => x.station === d.station);
      assert.deepEqual(d.value, [st.lon, st.lat], d.station + ' placed at its longitude and latitude');
      assert.equal(d.unit, st.unit);
    }
    assert.ok((await pg.textContent('#map-flags')).includes(String(byStation.size)));
    // the tooltip of the unit's station: every flag with its kind, pollutant and hours
    const target = rings.data.findIndex((d) => d.unit === QUNIT);
    assert.ok(target >= 0, QUNIT + ' has a ringed station');
    await pg.locator('#map-chart').scrollIntoViewIfNeeded();
    await pg.evaluate(([si, di]) => echarts.getInstanceByDom(document.getElementById('map-chart'))
      .dispatchAction({ type: 'showTip', seriesIndex: si, dataIndex: di }), [rings.index, target]);
    const mine = byStation.get(rings.data[target].station);
    await pg.waitForFunction((k) => document.getElementById('map-chart').innerText.includes(k), mine[0].kind_zh, { timeout: 5000 });
    const tip = await pg.evaluate(() => document.getElementById('map-chart').innerText);
    for (const f of mine) {
      for (const part of [f.kind_zh, POLL[f.pollutant], hourSaid(f.from, 'zh'), hourSaid(f.to, 'zh'), String(f.hours)]) {
        assert.ok(tip.includes(part), 'tooltip lacks ' + part + ': ' + tip);
      }
    }
    await pg.locator('#map').screenshot({ path: path.join(SHOTS, 'map-flags.png') });
    const st = stations.find((x) => x.station === rings.data[target].station);
    const pos = await pg.evaluate(([si, lon, lat]) => echarts.getInstanceByDom(document.getElementById('map-chart'))
      .convertToPixel({ seriesIndex: si }, [lon, lat]), [rings.index, st.lon, st.lat]);
    const box = await pg.locator('#map-chart').boundingBox();
    await pg.mouse.click(box.x + pos[0], box.y + pos[1]);
    await pg.waitForFunction((u) => document.body.dataset.view === 'unit' && document.body.dataset.unit === u, QUNIT, { timeout: 10000 });
    await ctx.close();
  });

  const unitAudit = await api('audit?month=' + QMONTH + '&unit=' + encodeURIComponent(QUNIT));
  async function checkUnitFlags(pg, lang) {
    await pg.waitForFunction((u) => document.body.dataset.view === 'unit' && document.body.dataset.unit === u &&
      !document.body.dataset.loading && document.body.dataset.ready === '1', QUNIT, { timeout: 20000 });
    const items = await pg.$$eval('#unit-flags li.flag', (ls) => ls.map((l) => ({
      station: l.dataset.station, kind: l.dataset.kind, pollutant: l.dataset.pollutant, from: l.dataset.from,
      to: l.dataset.to, hours: Number(l.dataset.hours), text: l.textContent })));
    assert.ok(unitAudit.flags.length >= 2, QUNIT + ' has flags in ' + QMONTH);
    assert.deepEqual(items.map(({ text, ...x }) => x), unitAudit.flags.map((f) => ({ station: f.station, kind: f.kind,
      pollutant: f.pollutant, from: f.from, to: f.to, hours: f.hours })), 'the flags of /api/v1/audit?unit=');
    const named = new Map(stations.map((x) => [x.station, lang === 'en' ? x.station : x.name]));
    items.forEach((it, i) => {
      const f = unitAudit.flags[i];
      for (const part of [named.get(f.station), f['kind_' + lang], f['text_' + lang], POLL[f.pollutant],
        hourSaid(f.from, lang), hourSaid(f.to, lang)]) {
        assert.ok(it.text.includes(part), 'flag ' + i + ' lacks ' + part + ': ' + it.text);
      }
    });
    const u = unitAudit.units[0];
    const sum = await pg.textContent('#unit-flags-summary');
    for (const part of [String(unitAudit.flags.length), String(u.flagged_hours), u.composite_index.toFixed(2),
      u.composite_index_without_flags.toFixed(2), (u.change > 0 ? '+' : '') + u.change.toFixed(2)]) {
      assert.ok(sum.includes(part), 'summary lacks ' + part + ': ' + sum);
    }
    const all = await pg.textContent('#unit-flags-s');
    if (lang === 'en') assert.ok(!CJK.test(all), 'Chinese in the English flags: ' + all);
    assert.ok(!CODES.test(all), 'an internal code in the flags: ' + all);
  }

  await group('unit page: its stations\' flags with their evidence (zh), none in a month without flags', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const pg = await ctx.newPage();
    await pg.goto(BASE + '/?unit=' + encodeURIComponent(QUNIT) + '&month=' + QMONTH + '&lang=zh');
    await checkUnitFlags(pg, 'zh');
    await pg.locator('#unit-flags-s').screenshot({ path: path.join(SHOTS, 'unit-flags-zh.png') });
    // another month, without flags at the unit's stations
    await pg.selectOption('#month', MONTH);
    await pg.waitForFunction((m) => document.body.dataset.month === m && !document.body.dataset.loading &&
      document.getElementById('unit-flags-period').textContent === m, MONTH, { timeout: 20000 });
    assert.equal(await pg.$$eval('#unit-flags li', (ls) => ls.length), 0);
    assert.equal((await pg.textContent('#unit-flags-summary')).trim(), '本月该单位的站点没有数据质量标记。');
    await ctx.close();
  });

  await group('unit page flags in English at phone width, the notes at phone width', async () => {
    const ctx = await browser.newContext({ viewport: { width: 400, height: 860 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    const pg = await ctx.newPage();
    await pg.goto(BASE + '/?unit=' + encodeURIComponent(QUNIT) + '&month=' + QMONTH + '&lang=en');
    await checkUnitFlags(pg, 'en');
    let w = await pg.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
    assert.ok(w[0] <= w[1], 'unit page ' + w[0] + ' px wide at ' + w[1]);
    await pg.locator('#unit-flags-s').scrollIntoViewIfNeeded();
    await pg.screenshot({ path: path.join(SHOTS, 'unit-flags-phone-en.png'), fullPage: false });
    await pg.goto(BASE + '/?month=' + QMONTH + '&lang=en');
    await waitAudit(pg, QMONTH);
    assert.equal(await pg.isVisible('#quality'), true);
    w = await pg.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
    assert.ok(w[0] <= w[1], 'overview ' + w[0] + ' px wide at ' + w[1]);
    await pg.locator('#quality').scrollIntoViewIfNeeded();
    await pg.screenshot({ path: path.join(SHOTS, 'quality-phone-en.png'), fullPage: false });
    await ctx.close();
  });

  // ---- The road-cleanliness tab (issue 20) ----
  // browser.sh stored a generated month of road inspections for MONTH
  // (tests/reference/roads_ref.py gen): the tab shows the road ranking of
  // the month as /api/v1/rank?indicator=roads gives it, with each unit's
  // PM10 beside, in Chinese, in English and at phone width.

  const roads = await api('rank?month=' + MONTH + '&indicator=roads');
  async function roadRows(pg) {
    return pg.$$eval('#roads-table tbody tr', (trs) => trs.map((tr) => {
      const o = { unit: tr.dataset.unit, cells: {}, visible: {} };
      for (const td of tr.querySelectorAll('td[data-field]')) {
        o.cells[td.dataset.field] = td.textContent.trim();
        o.visible[td.dataset.field] = getComputedStyle(td).display !== 'none';
      }
      return o;
    }));
  }
  function checkRoads(rows, lang) {
    assert.equal(rows.length, roads.units.length, 'one row per unit');
    roads.units.forEach((u, i) => {
      const r = rows[i];
      const where = 'row ' + (i + 1) + ' (' + u.unit + ')';
      assert.equal(r.unit, u.unit, where + ': order');
      assert.equal(r.cells.unit, lang === 'en' ? u.unit_en : u.unit, where + ': name');
      assert.equal(r.cells.rank, str(u.rank), where + ': rank');
      assert.equal(r.cells.inspections, str(u.inspections), where + ': inspections');
      assert.equal(r.cells.dust_samples, str(u.dust_samples), where + ': dust samples');
      assert.equal(r.cells.dust_mean, fix(u.dust_mean, 2), where + ': dust mean');
      assert.equal(r.cells.dust_compliance, u.dust_compliance === null ? DASH : u.dust_compliance.toFixed(1) + '%', where + ': dust compliance');
      assert.equal(r.cells.litter_compliance, u.litter_compliance === null ? DASH : u.litter_compliance.toFixed(1) + '%', where + ': litter compliance');
      assert.equal(r.cells.pm10, str(u.pm10), where + ': pm10');
      for (const f of u.failed_roads) assert.ok(r.cells.failed_roads.includes(f.road + (lang === 'en' ? ' (' : '(') + f.failures + ')'), where + ': ' + f.road);
    });
  }

  await group('roads tab (zh): the month\'s road ranking equals /api/v1/rank?indicator=roads, PM10 beside', async () => {
    // the data hold what the checks need: ranked and unranked units, a tie,
    // units with a PM10 of the month
    assert.ok(roads.inspections > 0 && roads.ranked_units > 0 && roads.unranked.length > 0, 'a month with inspections');
    assert.ok(roads.units.some((u) => u.pm10 !== null), 'some unit has a PM10');
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    const pg = await ctx.newPage();
    const errs = [];
    pg.on('pageerror', (e) => errs.push(e.message));
    await pg.goto(BASE + '/?month=' + MONTH);
    await waitMonth(pg, MONTH);
    assert.equal(await pg.isVisible('#roads'), false, 'the air tab first');
    await pg.click('#tab-roads');
    await pg.waitForFunction((m) => document.body.dataset.roads === m, MONTH, { timeout: 20000 });
    assert.equal(await pg.isVisible('#roads'), true);
    assert.equal(await pg.isVisible('#ranking'), false, 'the air ranking is on the other tab');
    assert.equal(await pg.getAttribute('#tab-roads', 'aria-selected'), 'true');
    assert.ok(pg.url().includes('tab=roads'), 'the tab in the address');
    assert.equal((await pg.textContent('#roads-period')).trim(), MONTH);
    assert.equal((await pg.textContent('#roads-standard')).trim(), roads.standard.text_zh);
    checkRoads(await roadRows(pg), 'zh');
    const unranked = await pg.$$eval('#roads-unranked li', (ls) => ls.map((l) => [l.dataset.unit, l.textContent]));
    assert.deepEqual(unranked.map((x) => x[0]), roads.unranked.map((x) => x.unit));
    roads.unranked.forEach((x, i) => assert.ok(unranked[i][1].endsWith(x.reason_zh), 'reason of ' + x.unit));
    // the chart: the ranked units' dust compliance, their PM10 on its axis
    const series = await pg.evaluate(() => echarts.getInstanceByDom(document.getElementById('roads-chart')).getOption().series
      .map((s) => s.data.map((d) => d.value)));
    const ranked = roads.units.filter((u) => u.rank !== null);
    assert.deepEqual(series[0], ranked.map((u) => u.dust_compliance));
    assert.deepEqual(series[1], ranked.map((u) => u.pm10));
    await pg.screenshot({ path: path.join(SHOTS, 'roads.png'), fullPage: true });
    // by its address, and back to the air tab
    await pg.goto(BASE + '/?month=' + MONTH + '&tab=roads');
    await pg.waitForFunction((m) => document.body.dataset.roads === m && document.body.dataset.ready === '1', MONTH, { timeout: 20000 });
    checkRoads(await roadRows(pg), 'zh');
    await pg.click('#tab-air');
    assert.equal(await pg.isVisible('#ranking'), true);
    assert.equal(await pg.isVisible('#roads'), false);
    assert.ok(!pg.url().includes('tab=roads'));
    assert.deepEqual(errs, []);
    await ctx.close();
  });

  await group('roads tab in English and at 400 px: every word English, no sideways scroll', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const pg = await ctx.newPage();
    await pg.goto(BASE + '/?month=' + MONTH + '&tab=roads&lang=en');
    await pg.waitForFunction((m) => document.body.dataset.roads === m && document.body.dataset.ready === '1', MONTH, { timeout: 20000 });
    checkRoads(await roadRows(pg), 'en');
    assert.equal((await pg.textContent('#roads-standard')).trim(), roads.standard.text_en);
    const text = await pg.$eval('#roads', (e) => [...e.querySelectorAll('h2, h3, th, #roads-unranked li, .notice, .legend, .hint')]
      .filter((x) => getComputedStyle(x).display !== 'none').map((x) => x.textContent).join(' '));
    const road = new Set(roads.units.flatMap((u) => u.failed_roads.map((f) => f.road)));
    const words = text.replace(/[^\u3400-\u9fff]+/g, ' ').split(' ').filter((w) => w && !road.has(w));
    assert.deepEqual(words, [], 'Chinese in the English tab');
    roads.unranked.forEach((x) => assert.ok(text.includes(x.reason_en), 'reason of ' + x.unit));
    await pg.screenshot({ path: path.join(SHOTS, 'roads-en.png'), fullPage: true });
    await pg.setViewportSize({ width: 400, height: 860 });
    await pg.waitForTimeout(200);
    const m = await pg.evaluate(() => ({ doc: document.documentElement.scrollWidth, win: window.innerWidth }));
    assert.ok(m.doc <= m.win, 'page width ' + m.doc + ' > viewport ' + m.win);
    const rows = await roadRows(pg);
    assert.ok(rows.every((r) => r.visible.rank && r.visible.unit && r.visible.dust_compliance && r.visible.pm10 &&
      !r.visible.failed_roads), 'the main columns at 400 px');
    await pg.screenshot({ path: path.join(SHOTS, 'roads-phone.png'), fullPage: false });
    await ctx.close();
  });

  // ---- The day's work (issue 16): /?view=today, the daily brief ----

  const DAY = process.env.AQ_TEST_DAY || '2014-12-21';
  const signedFixed = (x, n) => (x === null || x === undefined ? DASH : (x > 0 ? '+' : '') + x.toFixed(n));
  function checkTodayTable(rows, doc, lang, name) {
    assert.equal(rows.length, doc.units.length, name + ': one row per unit');
    const nc = lang === 'en' ? 'n/c' : '不可比';
    doc.units.forEach((u, i) => {
      const r = rows[i];
      const where = name + ' row ' + (i + 1) + ' (' + u.unit + ')';
      assert.equal(r.unit, u.unit, where + ': order');
      assert.equal(r.cells.unit, lang === 'en' ? u.unit_en : u.unit, where + ': name');
      assert.equal(r.cells.rank, u.rank === null ? DASH : String(u.rank) + (u.status === 'flagged' ? '*' : ''), where + ': rank');
      assert.equal(r.cells.rank_change, sgn(u.rank_change), where + ': rank since yesterday');
      assert.equal(r.cells.composite_index, fix(u.composite_index, 2), where + ': composite');
      assert.equal(r.cells.composite_change, signedFixed(u.composite_change, 2), where + ': composite since yesterday');
      assert.equal(r.cells.pm25, str(u.pm25), where + ': PM2.5');
      assert.equal(r.cells.pm25_change, sgn(u.pm25_change), where + ': PM2.5 since yesterday');
      assert.equal(r.cells.good_days_ratio, u.good_days_ratio === null ? DASH : u.good_days_ratio.toFixed(1) + '%', where + ': good days');
      const yoy = u.yoy || {};
      const ncText = yoy.comparable === false ? nc : DASH;
      assert.equal(r.cells.yoy_composite_index, pct(yoy.composite_index) ?? ncText, where + ': yoy composite');
      assert.equal(r.cells.yoy_pm25, pct(yoy.pm25) ?? ncText, where + ': yoy PM2.5');
    });
  }
  async function checkToday(pg, lang, shot) {
    await pg.goto(BASE + '/?view=today&date=' + DAY + (lang === 'en' ? '&lang=en' : ''));
    await pg.waitForFunction((d) => document.body.dataset.date === d && !document.body.dataset.loading &&
      document.body.dataset.ready === '1', DAY, { timeout: 20000 });
    const brief = await api('brief?date=' + DAY);
    assert.equal(await pg.inputValue('#today-date'), DAY, 'the date picker shows the day');
    checkTodayTable(await tableRows(pg, 'today-month'), brief.month_to_date, lang, 'month to date');
    checkTodayTable(await tableRows(pg, 'today-year'), brief.year_to_date, lang, 'year to date');
    // the provisional notice in the page's language, from the API
    assert.equal((await pg.textContent('#today-month-notice')).trim(),
      brief.month_to_date.notices.find((n) => n.code === 'span')['text_' + lang]);
    // targets, cell by cell
    assert.ok(brief.targets, 'the server has a targets file');
    const trows = await tableRows(pg, 'today-targets');
    assert.equal(trows.length, brief.targets.units.length, 'targets: one row per unit');
    brief.targets.units.forEach((u, i) => {
      const r = trows[i];
      const where = 'targets row ' + (i + 1) + ' (' + u.unit + ')';
      assert.equal(r.unit, u.unit, where);
      assert.equal(r.cells.pm25_to_date, str(u.pm25_to_date), where + ': PM2.5 to date');
      assert.equal(r.cells.pm25_target, str(u.pm25_target), where + ': target');
      const oor = lang === 'en' ? 'out of reach' : '无法达标';
      const allowance = u.pm25_allowance !== null ? String(u.pm25_allowance)
        : u.pm25_reachable === false ? oor : u.pm25_reachable === true ? (lang === 'en' ? 'met' : '已达标') : DASH;
      assert.equal(r.cells.pm25_allowance, allowance, where + ': allowance');
      const needed = u.good_days_needed !== null ? String(u.good_days_needed) : u.good_days_reachable === false ? oor : DASH;
      assert.equal(r.cells.good_days_needed, needed, where + ': good days needed');
      assert.equal(r.cells.heavy_days_left, str(u.heavy_days_left), where + ': heavy days left');
    });
    // the units at risk, with the API's own sentences
    const risk = await pg.$$eval('#today-risk > li[data-unit]', (lis) => lis.map((li) => ({
      unit: li.dataset.unit, goals: [...li.querySelectorAll('li[data-goal]')].map((g) => g.textContent) })));
    assert.deepEqual(risk.map((x) => x.unit), brief.at_risk.map((u) => u.unit), 'the units at risk');
    risk.forEach((x, i) => {
      const texts = brief.at_risk[i].goals.map((g) => g['text_' + lang]);
      for (const g of x.goals) assert.ok(texts.includes(g), x.unit + ': a goal the API does not say: ' + g);
      assert.ok(x.goals.length > 0, x.unit + ': its goals are shown');
    });
    if (lang === 'en') {
      const text = await pg.textContent('#today-view');
      assert.ok(!/[\u4e00-\u9fff]/.test(text), 'no Chinese left in English: ' + (text.match(/.{0,20}[\u4e00-\u9fff]+.{0,20}/) || [''])[0]);
    }
    if (shot) await pg.screenshot({ path: path.join(SHOTS, shot), fullPage: true });
  }

  await group("today (" + DAY + "): month and year to date, targets, units at risk equal /api/v1/brief, zh and en", async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const pg = await ctx.newPage();
    const errors = [];
    pg.on('pageerror', (e) => errors.push(String(e)));
    await checkToday(pg, 'zh', 'today.png');
    await checkToday(pg, 'en', 'today-en.png');
    // the header link opens the view from the overview, at the last day
    await pg.goto(BASE + '/?month=' + MONTH);
    await waitMonth(pg, MONTH);
    await pg.click('#today-link');
    const last = (await api('months')).last_day;
    await pg.waitForFunction((d) => document.body.dataset.date === d && !document.body.dataset.loading, last, { timeout: 20000 });
    assert.ok(pg.url().includes('view=today'), 'the address names the view');
    assert.equal(errors.length, 0, 'page errors: ' + errors.join('; '));
    await ctx.close();
  });

  for (const lang of ['zh', 'en']) {
    await group('today at 400 px (' + lang + '): rank, unit, index, PM2.5 visible, no sideways scroll', async () => {
      const ctx = await browser.newContext({ viewport: { width: 400, height: 860 } });
      const pg = await ctx.newPage();
      await checkToday(pg, lang, 'today-phone-' + lang + '.png');
      const w = await pg.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(w <= 400, 'the page is ' + w + ' px wide at 400');
      // on screen without scrolling the table: shown and within the page
      for (const id of ['today-month', 'today-year']) {
        const shown = await pg.$$eval('#' + id + ' tbody tr:first-child td', (tds) =>
          tds.filter((td) => td.offsetParent !== null && td.getBoundingClientRect().right <= 400)
            .map((td) => td.dataset.field));
        for (const f of ['rank', 'unit', 'composite_index', 'pm25']) assert.ok(shown.includes(f), id + ': ' + f + ' is on screen at 400 px');
      }
      const tshown = await pg.$$eval('#today-targets tbody tr:first-child td', (tds) =>
        tds.filter((td) => td.offsetParent !== null && td.getBoundingClientRect().right <= 400).map((td) => td.dataset.field));
      for (const f of ['unit', 'pm25_to_date', 'pm25_allowance']) assert.ok(tshown.includes(f), 'targets: ' + f + ' is on screen at 400 px');
      await ctx.close();
    });
  }
} finally {
  await browser.close();
}

console.log('screenshots: ' + ['dashboard.png', 'dashboard-en.png', 'dashboard-phone.png', 'unit.png', 'unit-phone-en.png',
  'map.png', 'no-amounts.png', 'quarter.png', 'phone-zh.png', 'phone-en.png', 'bulletin-phone.png',
  'quality-zh.png', 'quality-en.png', 'map-flags.png', 'unit-flags-zh.png', 'unit-flags-phone-en.png',
  'quality-phone-en.png', 'roads.png', 'roads-en.png', 'roads-phone.png', 'today.png', 'today-en.png',
  'today-phone-zh.png', 'today-phone-en.png'].map((f) => path.join(SHOTS, f)).join(' '));
console.log(`dashboard.test: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
