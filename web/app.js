// SPDX-License-Identifier: MIT
//
// The aqrank dashboard: fills web/index.html from the JSON API under
// /api/v1/ (docs/http-api.md). It computes none of the rules: every number
// shown is the API's own, formatted to the digits the API publishes
// (composite index 2 decimals, CO and percentages 1). All UI text lives in
// the dictionary below (Chinese by default, English by the switch); unit
// names come from the API's unit / unit_en. Text from the API is only ever
// put in the page with textContent, never parsed as HTML.
'use strict';

(function () {
  const I18N = {
    zh: {
      title: '空气质量排名与奖惩',
      month: '月份',
      ranking: '月度排名',
      legend_reward: '奖励',
      legend_penalty: '扣缴',
      legend_sanction: '问责措施',
      col_rank: '排名',
      col_unit: '单位',
      col_composite: '综合指数',
      col_pm25: 'PM2.5',
      col_yoy_composite: '综合指数同比',
      col_yoy_pm25: 'PM2.5同比',
      col_good_days: '优良天数比例',
      col_rank_change: '名次变化',
      col_amount: '奖惩',
      col_sanctions: '问责',
      col_month: '月份',
      col_prev_composite: '上年同期综合指数',
      col_prev_pm25: '上年同期PM2.5',
      col_credited: '奖励入账',
      col_deducted: '扣缴',
      col_spent_project: '大气污染治理项目',
      col_spent_supervision: '监管能力建设',
      col_balance: '余额',
      unranked: '未参与排名',
      quarter: '季度排名',
      bar: '各单位综合指数',
      zone_reward: '奖励区',
      zone_penalty: '扣缴区',
      trend: '趋势',
      unit: '单位',
      span: '时段',
      span_12: '近12个月',
      span_all: '全部年份',
      trend_table: '数据表',
      series_composite: '综合指数',
      series_prev_composite: '综合指数(上年同期)',
      series_pm25: 'PM2.5',
      series_prev_pm25: 'PM2.5(上年同期)',
      sanctions: '问责时间线',
      only_unit: '仅显示趋势所选单位',
      no_sanctions: '无问责记录',
      funds: '专项资金',
      spending: '支出记录',
      no_spending: '暂无支出记录',
      cat_air_pollution_control_project: '大气污染治理项目',
      cat_supervision_capacity: '监管能力建设',
      footer: '数据来自 aqrank JSON API',
      lang_switch: 'English',
      not_comparable: '不可比',
      loading: '加载中…',
      error: '无法加载数据:',
      no_months: '数据库中没有任何月份的数据',
      chart_missing: '图表库未安装(/vendor/echarts.min.js)',
      pm25_unit: 'μg/m³',
      'currency_万元': '万元',
    },
    en: {
      title: 'Air-quality ranking, rewards and penalties',
      month: 'Month',
      ranking: 'Monthly ranking',
      legend_reward: 'reward',
      legend_penalty: 'deduction',
      legend_sanction: 'sanction',
      col_rank: 'Rank',
      col_unit: 'Unit',
      col_composite: 'Composite index',
      col_pm25: 'PM2.5',
      col_yoy_composite: 'Composite YoY',
      col_yoy_pm25: 'PM2.5 YoY',
      col_good_days: 'Good days',
      col_rank_change: 'Rank change',
      col_amount: 'Reward / penalty',
      col_sanctions: 'Sanctions',
      col_month: 'Month',
      col_prev_composite: 'Composite, previous year',
      col_prev_pm25: 'PM2.5, previous year',
      col_credited: 'Credited',
      col_deducted: 'Deducted',
      col_spent_project: 'Pollution control projects',
      col_spent_supervision: 'Supervision capacity',
      col_balance: 'Balance',
      unranked: 'Not ranked',
      quarter: 'Quarterly ranking',
      bar: 'Composite index by unit',
      zone_reward: 'reward zone',
      zone_penalty: 'penalty zone',
      trend: 'Trend',
      unit: 'Unit',
      span: 'Span',
      span_12: 'last 12 months',
      span_all: 'all years',
      trend_table: 'Data table',
      series_composite: 'Composite index',
      series_prev_composite: 'Composite, previous year',
      series_pm25: 'PM2.5',
      series_prev_pm25: 'PM2.5, previous year',
      sanctions: 'Sanctions timeline',
      only_unit: 'only the unit of the trend',
      no_sanctions: 'no sanctions',
      funds: 'Earmarked funds',
      spending: 'Spending',
      no_spending: 'no spending recorded',
      cat_air_pollution_control_project: 'air pollution control project',
      cat_supervision_capacity: 'supervision capacity',
      footer: 'Data from the aqrank JSON API',
      lang_switch: '中文',
      not_comparable: 'n/c',
      loading: 'Loading…',
      error: 'Cannot load data:',
      no_months: 'The database holds no month of data',
      chart_missing: 'chart library not installed (/vendor/echarts.min.js)',
      pm25_unit: 'μg/m³',
      'currency_万元': '10,000 CNY',
    },
  };

  const state = {
    lang: 'zh',
    months: [],
    month: null,
    unitsEn: new Map(), // unit -> unit_en, from /api/v1/units
    rank: null,
    history: null,
    sanctions: [],
    funds: null,
    trendUnit: null,
    trendSpan: '12',
    charts: {},
  };

  const $ = (id) => document.getElementById(id);
  const t = (key) => I18N[state.lang][key] ?? key;

  // ---- Formatting: the digits the API publishes, nothing re-rounded ----

  const DASH = '—';
  function fixed(x, digits) {
    return x === null || x === undefined ? DASH : Number(x).toFixed(digits);
  }
  function plain(x) {
    return x === null || x === undefined ? DASH : String(x);
  }
  function signed(x) {
    if (x === null || x === undefined) return DASH;
    return x > 0 ? '+' + String(x) : String(x);
  }
  // yoy values are fractions with 3 decimals (-0.05 = -5.0 %): show 1 decimal
  function percentOfFraction(x) {
    if (x === null || x === undefined) return DASH;
    const p = (x * 100).toFixed(1);
    return (x > 0 ? '+' : '') + p + '%';
  }
  // the API's currency_unit, translated when the dictionary knows it
  function currency(c) {
    return I18N[state.lang]['currency_' + c] ?? c;
  }
  // why a unit is not ranked, in the page's language, from the API's fields
  function reasonText(x) {
    if (x.pollutant && Number.isInteger(x.valid_days)) {
      const p = x.pollutant === 'pm25' ? 'PM2.5' : x.pollutant.toUpperCase();
      return state.lang !== 'en'
        ? '数据不足：' + p + '有效天数' + x.valid_days + '天，少于' + x.minimum_days + '天(N5.2)'
        : 'insufficient data: ' + p + ' has ' + x.valid_days + ' valid days, fewer than ' + x.minimum_days + ' (N5.2)';
    }
    return x.reason;
  }

  function unitName(unit, unitEn) {
    if (state.lang === 'en') return unitEn || state.unitsEn.get(unit) || unit;
    return unit;
  }

  // ---- Fetching ----

  async function api(path) {
    const res = await fetch('/api/v1/' + path, { headers: { Accept: 'application/json' } });
    let body = null;
    try {
      body = await res.json();
    } catch (e) {
      throw new Error(path + ': HTTP ' + res.status + ' (not JSON)');
    }
    if (!res.ok) {
      const err = new Error(path + ': ' + (body.error || res.status) + ' ' + (body.message || ''));
      err.status = res.status;
      throw err;
    }
    return body;
  }

  // The status line shows every current problem, one per source (start-up,
  // ranking, history), so that one success does not hide another's error.
  const problems = new Map();
  function showStatus(source, text) {
    if (text) problems.set(source, text);
    else problems.delete(source);
    const s = $('status');
    s.textContent = [...problems.values()].join(' · ');
    s.hidden = problems.size === 0;
  }

  // ---- Small DOM helpers ----

  function el(tag, attrs, text) {
    const e = document.createElement(tag);
    if (attrs) for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) e.setAttribute(k, v);
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function cell(field, text, cls) {
    return el('td', { 'data-field': field, class: cls }, text);
  }

  // ---- Static text ----

  function applyLanguage() {
    document.documentElement.lang = state.lang === 'zh' ? 'zh-CN' : 'en';
    document.title = t('title');
    for (const e of document.querySelectorAll('[data-i18n]')) e.textContent = t(e.dataset.i18n);
    $('lang').textContent = t('lang_switch');
    $('lang').setAttribute('data-lang', state.lang);
  }

  // ---- The ranking table ----

  function sanctionsByUnit(list) {
    const m = new Map();
    for (const s of list || []) {
      if (!m.has(s.unit)) m.set(s.unit, []);
      m.get(s.unit).push(s);
    }
    return m;
  }

  function sanctionName(s) {
    return state.lang === 'en' ? s.name_en : s.name_zh;
  }

  function renderRank() {
    const tbody = $('rank-table').tBodies[0];
    tbody.replaceChildren();
    const doc = state.rank;
    if (!doc) return;
    $('ranking-period').textContent = doc.period;
    $('col-amount').textContent = t('col_amount') + ' (' + currency(doc.currency_unit) + ')';
    const byUnit = sanctionsByUnit(doc.sanctions);
    for (const u of doc.units) {
      const cls = [];
      if (u.rank === null) cls.push('unranked');
      if (u.amount > 0) cls.push('reward');
      if (u.amount < 0) cls.push('penalty');
      const sanc = byUnit.get(u.unit) || [];
      if (sanc.length) cls.push('sanctioned');
      const tr = el('tr', { 'data-unit': u.unit, 'data-rank': u.rank === null ? '' : u.rank, class: cls.join(' ') });
      tr.append(cell('rank', plain(u.rank)));
      const nameCell = cell('unit', '');
      const link = el('button', { type: 'button', class: 'link', 'data-testid': 'open-trend', 'data-unit': u.unit },
        unitName(u.unit, u.unit_en));
      link.addEventListener('click', () => openTrend(u.unit, true));
      nameCell.append(link);
      tr.append(nameCell);
      tr.append(cell('composite_index', fixed(u.composite_index, 2), 'num'));
      tr.append(cell('pm25', plain(u.pm25), 'num'));
      const yoy = u.yoy || {};
      const nc = yoy.comparable === false ? t('not_comparable') : DASH;
      tr.append(cell('yoy_composite_index', yoy.composite_index == null ? nc : percentOfFraction(yoy.composite_index), 'num'));
      tr.append(cell('yoy_pm25', yoy.pm25 == null ? nc : percentOfFraction(yoy.pm25), 'num'));
      tr.append(cell('good_days_ratio', u.good_days_ratio == null ? DASH : fixed(u.good_days_ratio, 1) + '%', 'num'));
      tr.append(cell('rank_change', signed(u.rank_change), 'num'));
      tr.append(cell('amount', signed(u.amount), 'num amount'));
      const sc = cell('sanctions', '');
      for (const s of sanc) {
        const b = el('span', { class: 'badge s-' + s.id, 'data-sanction': s.id, title: sanctionName(s) }, s.id + ' ' + sanctionName(s));
        sc.append(b);
      }
      tr.append(sc);
      tbody.append(tr);
    }

    const ur = $('unranked');
    const ul = ur.querySelector('ul');
    ul.replaceChildren();
    for (const x of doc.unranked || []) {
      ul.append(el('li', { 'data-unit': x.unit }, unitName(x.unit) + ': ' + reasonText(x)));
    }
    for (const x of doc.insufficient_stations || []) {
      ul.append(el('li', { 'data-station': x.station },
        x.station + ' (' + unitName(x.unit) + ') ' + x.pollutant + ': ' + x.valid_days + ' < ' + x.minimum_days));
    }
    ur.hidden = ul.children.length === 0;

    const q = doc.quarter;
    $('quarter').hidden = !q;
    const qb = $('quarter-table').tBodies[0];
    qb.replaceChildren();
    if (q) {
      $('quarter-period').textContent = q.period;
      for (const u of q.units || []) {
        const tr = el('tr', { 'data-unit': u.unit });
        tr.append(cell('rank', plain(u.rank)));
        tr.append(cell('unit', unitName(u.unit, u.unit_en)));
        tr.append(cell('composite_index', fixed(u.composite_index, 2), 'num'));
        tr.append(cell('pm25', plain(u.pm25), 'num'));
        qb.append(tr);
      }
    }
  }

  // ---- Charts (ECharts, optional: the tables work without it) ----

  function chart(id) {
    if (typeof echarts === 'undefined') {
      $(id).textContent = t('chart_missing');
      return null;
    }
    if (!state.charts[id]) state.charts[id] = echarts.init($(id));
    return state.charts[id];
  }

  // Reward and penalty zones: the ranked units (in rank order) whose amount
  // is positive, and those whose amount is negative. The API decides the
  // amounts (P4); the chart only shades the span of categories they cover.
  function zone(ranked, pred, name, color) {
    const idx = ranked.map((u, i) => (pred(u.amount) ? i : -1)).filter((i) => i >= 0);
    if (!idx.length) return null;
    const first = unitName(ranked[idx[0]].unit, ranked[idx[0]].unit_en);
    const last = unitName(ranked[idx[idx.length - 1]].unit, ranked[idx[idx.length - 1]].unit_en);
    return [{ name, xAxis: first, itemStyle: { color } }, { xAxis: last }];
  }

  function renderBar() {
    const c = chart('bar-chart');
    if (!c || !state.rank) return;
    const ranked = state.rank.units.filter((u) => u.rank !== null && u.composite_index !== null);
    const names = ranked.map((u) => unitName(u.unit, u.unit_en));
    const areas = [
      zone(ranked, (a) => a > 0, t('zone_reward'), 'rgba(46, 160, 67, 0.12)'),
      zone(ranked, (a) => a < 0, t('zone_penalty'), 'rgba(207, 34, 46, 0.12)'),
    ].filter(Boolean);
    c.setOption({
      animation: false,
      grid: { left: 48, right: 16, top: 56, bottom: 90 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: names, axisLabel: { rotate: 45, interval: 0 } },
      yAxis: { type: 'value', name: t('col_composite'), min: 0 },
      series: [{
        type: 'bar',
        name: t('col_composite'),
        data: ranked.map((u) => ({
          value: u.composite_index,
          itemStyle: { color: u.amount > 0 ? '#2ea043' : u.amount < 0 ? '#cf222e' : '#8c959f' },
        })),
        label: { show: true, position: 'top', formatter: (p) => Number(p.value).toFixed(2) },
        // zone names above the plot, where no bar label can cover them
        markArea: { silent: true, label: { position: 'top', color: '#59636e' }, data: areas },
      }],
    }, true);
  }

  // ---- A unit's trend (history) ----

  function trendMonths() {
    const all = (state.history && state.history.months) || [];
    if (state.trendSpan === 'all') return all;
    // the 12 months ending at the selected month
    const end = all.findIndex((m) => m.period === state.month);
    const stop = end < 0 ? all.length : end + 1;
    return all.slice(Math.max(0, stop - 12), stop);
  }

  function renderTrend() {
    const h = state.history;
    $('trend-unit-name').textContent = h ? unitName(h.unit, h.unit_en) : '';
    const months = trendMonths();
    const tbody = $('trend-table').tBodies[0];
    tbody.replaceChildren();
    for (const m of months) {
      const py = m.previous_year || {};
      const tr = el('tr', { 'data-period': m.period });
      tr.append(cell('period', m.period));
      tr.append(cell('composite_index', fixed(m.composite_index, 2), 'num'));
      tr.append(cell('previous_composite_index', fixed(py.composite_index, 2), 'num'));
      tr.append(cell('pm25', plain(m.pm25), 'num'));
      tr.append(cell('previous_pm25', plain(py.pm25), 'num'));
      tr.append(cell('rank', plain(m.rank), 'num'));
      tr.append(cell('amount', signed(m.amount), 'num'));
      tbody.append(tr);
    }
    const c = chart('trend-chart');
    if (!c) return;
    const line = (name, data, axis, dashed, color) => ({
      type: 'line', name, yAxisIndex: axis, data, connectNulls: false, color,
      symbolSize: 5, lineStyle: { type: dashed ? 'dashed' : 'solid' },
    });
    c.setOption({
      animation: false,
      tooltip: { trigger: 'axis' },
      legend: { top: 0, type: 'scroll' },
      grid: { left: 48, right: 48, top: 48, bottom: 60 },
      xAxis: { type: 'category', data: months.map((m) => m.period), axisLabel: { rotate: 45 } },
      yAxis: [
        { type: 'value', name: t('col_composite'), min: 0 },
        { type: 'value', name: 'PM2.5 ' + t('pm25_unit'), min: 0, splitLine: { show: false } },
      ],
      series: [
        line(t('series_composite'), months.map((m) => m.composite_index), 0, false, '#0969da'),
        line(t('series_prev_composite'), months.map((m) => (m.previous_year || {}).composite_index ?? null), 0, true, '#54aeff'),
        line(t('series_pm25'), months.map((m) => m.pm25), 1, false, '#bc4c00'),
        line(t('series_prev_pm25'), months.map((m) => (m.previous_year || {}).pm25 ?? null), 1, true, '#fb8f44'),
      ],
    }, true);
  }

  async function openTrend(unit, scroll) {
    state.trendUnit = unit;
    $('trend-unit').value = unit;
    try {
      state.history = await api('history?unit=' + encodeURIComponent(unit));
      showStatus('history', '');
    } catch (e) {
      state.history = null;
      showStatus('history', t('error') + ' ' + e.message);
    }
    renderTrend();
    renderSanctions();
    document.body.dataset.trendUnit = unit;
    if (scroll) $('trend').scrollIntoView({ block: 'start' });
  }

  // ---- Sanctions timeline ----

  function renderSanctions() {
    const ol = $('sanctions-list');
    ol.replaceChildren();
    const onlyUnit = $('sanctions-only-unit').checked ? state.trendUnit : null;
    // newest month first; within a month in the API's order (stable sort)
    const list = state.sanctions.filter((s) => !onlyUnit || s.unit === onlyUnit)
      .sort((a, b) => (a.period < b.period ? 1 : a.period > b.period ? -1 : 0));
    let group = null;
    let lastPeriod = null;
    for (const s of list) {
      if (s.period !== lastPeriod) {
        lastPeriod = s.period;
        const li = el('li', { class: 'period' + (s.period === state.month ? ' current' : ''), 'data-period': s.period });
        li.append(el('span', { class: 'when' }, s.period));
        group = el('ul');
        li.append(group);
        ol.append(li);
      }
      const why = s[state.lang === 'en' ? 'cause_en' : 'cause_zh'] ||
        (s.evidence || []).map((e) => e.description).join('; ');
      const item = el('li', { class: 'sanction s-' + s.id, 'data-unit': s.unit, 'data-id': s.id, 'data-period': s.period });
      item.append(el('span', { class: 'badge s-' + s.id }, s.id));
      item.append(el('strong', null, ' ' + unitName(s.unit) + ' '));
      item.append(el('span', { class: 'sname' }, sanctionName(s)));
      if (why) item.append(el('div', { class: 'why' }, why));
      group.append(item);
    }
    if (!list.length) ol.append(el('li', { class: 'empty' }, t('no_sanctions')));
  }

  // ---- Funds ----

  function renderFunds() {
    const f = state.funds;
    const tbody = $('funds-table').tBodies[0];
    tbody.replaceChildren();
    const ul = $('spending-list');
    ul.replaceChildren();
    if (!f) return;
    $('funds-currency').textContent = '(' + currency(f.currency_unit) + ')';
    for (const u of f.units) {
      const spent = u.spent || {};
      const tr = el('tr', { 'data-unit': u.unit });
      tr.append(cell('unit', unitName(u.unit, u.unit_en)));
      tr.append(cell('credited', plain(u.credited), 'num'));
      tr.append(cell('deducted', plain(u.deducted), 'num'));
      tr.append(cell('spent_air_pollution_control_project', plain(spent.air_pollution_control_project), 'num'));
      tr.append(cell('spent_supervision_capacity', plain(spent.supervision_capacity), 'num'));
      tr.append(cell('balance', plain(u.balance), 'num'));
      tbody.append(tr);
    }
    for (const s of f.spending || []) {
      ul.append(el('li', { 'data-id': s.id },
        s.date + ' ' + unitName(s.unit) + ' ' + t('cat_' + s.category) + ' ' + s.amount + ' ' + currency(f.currency_unit) +
        (s.description ? ' — ' + s.description : '')));
    }
    if (!ul.children.length) ul.append(el('li', { class: 'empty' }, t('no_spending')));
  }

  // ---- Month selection and start-up ----

  async function selectMonth(month) {
    state.month = month;
    $('month').value = month;
    document.body.dataset.loading = '1';
    try {
      state.rank = await api('rank?month=' + encodeURIComponent(month));
      showStatus('rank', '');
    } catch (e) {
      state.rank = null;
      showStatus('rank', t('error') + ' ' + e.message);
    }
    renderRank();
    renderBar();
    if (state.trendUnit) {
      renderTrend();
      renderSanctions();
    }
    const u = new URL(window.location.href);
    u.searchParams.set('month', month);
    window.history.replaceState(null, '', u);
    document.body.dataset.month = month;
    delete document.body.dataset.loading;
  }

  function renderAll() {
    applyLanguage();
    renderRank();
    renderBar();
    renderTrend();
    renderSanctions();
    renderFunds();
    for (const o of $('trend-unit').options) o.textContent = unitName(o.value);
  }

  async function start() {
    const params = new URLSearchParams(window.location.search);
    const want = params.get('lang') || (window.localStorage && localStorage.getItem('aqrank.lang'));
    state.lang = want === 'en' ? 'en' : 'zh';
    applyLanguage();
    showStatus('start', t('loading'));

    $('lang').addEventListener('click', () => {
      state.lang = state.lang === 'zh' ? 'en' : 'zh';
      try { localStorage.setItem('aqrank.lang', state.lang); } catch (e) { /* private mode */ }
      renderAll();
    });
    $('month').addEventListener('change', (ev) => selectMonth(ev.target.value));
    $('trend-unit').addEventListener('change', (ev) => openTrend(ev.target.value, false));
    $('trend-span').addEventListener('change', (ev) => { state.trendSpan = ev.target.value; renderTrend(); });
    $('sanctions-only-unit').addEventListener('change', renderSanctions);
    window.addEventListener('resize', () => { for (const c of Object.values(state.charts)) c.resize(); });

    try {
      const [months, units, sanctions, funds] = await Promise.all([
        api('months'), api('units'), api('sanctions'), api('funds'),
      ]);
      state.months = months.months || [];
      for (const u of units.units) state.unitsEn.set(u.unit, u.unit_en);
      state.sanctions = sanctions.sanctions || [];
      state.funds = funds;
      const sel = $('month');
      for (const m of state.months) sel.append(el('option', { value: m }, m));
      const us = $('trend-unit');
      for (const u of units.units) us.append(el('option', { value: u.unit }, unitName(u.unit, u.unit_en)));
      showStatus('start', '');
      renderFunds();
      renderSanctions();
      if (!state.months.length) {
        showStatus('start', t('no_months'));
      } else {
        const m = params.get('month');
        await selectMonth(state.months.includes(m) ? m : state.months[state.months.length - 1]);
        const first = state.rank && state.rank.units.length ? state.rank.units[0].unit : units.units[0].unit;
        await openTrend(first, false);
      }
    } catch (e) {
      showStatus('start', t('error') + ' ' + e.message);
    }
    document.body.dataset.ready = '1';
  }

  window.aqDashboard = { state, selectMonth, openTrend };
  document.addEventListener('DOMContentLoaded', start);
})();
