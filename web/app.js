// SPDX-License-Identifier: MIT
//
// The aqrank dashboard: fills web/index.html from the JSON API under
// /api/v1/ (docs/http-api.md). It computes none of the rules: every number
// shown is the API's own, formatted to the digits the API publishes
// (composite index 2 decimals, CO and percentages 1), and every state (a
// month without amounts, a unit not ranked, a provisional month, a refused
// spending) is shown from the API's fields. All UI text lives in the
// dictionary below, Chinese or English; unit names come from the API's
// unit / unit_en. Text from the API is only ever put in the page with
// textContent, never parsed as HTML.
//
// Three views, each addressable: the overview (/?month=M), a unit's page
// (/?unit=NAME&month=M) and the day's work (/?view=today&date=D: the daily
// brief's month and year to date, targets and units at risk). Every place
// a unit appears links to its page.
'use strict';

(function () {
  // The dictionary: every text of the page, [Chinese, English] side by side
  // (so that no text can lack one of the two).
  const TEXT = {
    title: ['空气质量排名与奖惩', 'Air-quality ranking, rewards and penalties'],
    month: ['月份', 'Month'],
    ranking: ['月度排名', 'Monthly ranking'],
    today: ['今日', 'Today'],
    today_title: ['今日调度', 'The day\'s work'],
    today_date: ['日期', 'Date'],
    mtd: ['本月累计', 'Month to date'],
    ytd: ['今年累计', 'Year to date'],
    col_since: ['较前日', 'Since yesterday'],
    at_risk: ['若本月以目前数据结束将被扣缴或问责的单位', 'Units that would lose an amount or be sanctioned if the month ended now'],
    no_risk: ['若本月以目前数据结束，没有单位会被扣缴或问责。', 'If the month ended now, no unit would lose an amount or be sanctioned.'],
    targets: ['年度目标进度', 'Progress to the year\'s targets'],
    targets_left: ['全年剩余{n}天', '{n} days left in the year'],
    col_pm25_to_date: ['PM2.5累计', 'PM2.5 to date'],
    col_pm25_target: ['目标', 'Target'],
    col_allowance: ['剩余日控制值', 'Daily limit, rest of year'],
    col_good_target: ['目标', 'Target'],
    col_needed: ['还需优良天数', 'Good days needed'],
    col_heavy_left: ['重污染天数余量', 'Heavy days left'],
    out_of_reach: ['无法达标', 'out of reach'],
    met: ['已达标', 'met'],
    missed: ['未达标', 'missed'],
    targets_hint: ['剩余日控制值：今年余下各天PM2.5日均值均不超过此值时，全年均值（修约后）不超过目标；还需优良天数：余下各天中至少还需的优良天数。', 'Daily limit, rest of year: if no remaining day\'s PM2.5 exceeds it, the year\'s mean (rounded) meets the target; good days needed: how many of the remaining days must be good.'],
    risk_line: ['若本月以目前数据结束：第{r}名，奖惩{a}', 'if the month ended now: rank {r}, amount {a}'],
    risk_sanctions: ['，并将受到：{s}', '; sanctions: {s}'],
    span_days: ['{a}至{b}', '{a} to {b}'],

    legend_reward: ['奖励', 'reward'],
    legend_penalty: ['扣缴', 'deduction'],
    legend_sanction: ['问责措施', 'sanction'],
    col_rank: ['排名', 'Rank'],
    col_unit: ['单位', 'Unit'],
    col_composite: ['综合指数', 'Composite index'],
    col_pm25: ['PM2.5', 'PM2.5'],
    col_yoy_composite: ['综合指数同比', 'Composite YoY'],
    col_yoy_pm25: ['PM2.5同比', 'PM2.5 YoY'],
    col_good_days: ['优良天数比例', 'Good days'],
    col_rank_change: ['名次变化', 'Rank change'],
    col_amount: ['奖惩', 'Reward / penalty'],
    col_sanctions: ['问责', 'Sanctions'],
    col_month: ['月份', 'Month'],
    col_prev_composite: ['上年同期综合指数', 'Composite, previous year'],
    col_prev_pm25: ['上年同期PM2.5', 'PM2.5, previous year'],
    col_credited: ['奖励入账', 'Credited'],
    col_deducted: ['扣缴', 'Deducted'],
    col_spent_project: ['大气污染治理项目', 'Pollution control projects'],
    col_spent_supervision: ['监管能力建设', 'Supervision capacity'],
    col_balance: ['余额', 'Balance'],
    col_s6: ['S6问责', 'S6'],
    phone_hint: ['窄屏仅显示主要列；点击单位查看全部数据', 'A narrow screen shows the main columns; open a unit for all of them'],
    amount_unit: ['金额单位：{cur}。', 'Amounts in {cur}. '],
    col_composite_short: ['指数', 'Index'],
    unranked: ['未参与排名', 'Not ranked'],
    quarter: ['季度排名', 'Quarterly ranking'],
    bar: ['各单位综合指数', 'Composite index by unit'],
    zone_reward: ['奖励区', 'reward zone'],
    zone_penalty: ['扣缴区', 'penalty zone'],
    trend: ['趋势', 'Trend'],
    unit: ['单位', 'Unit'],
    span: ['时段', 'Span'],
    span_12: ['近12个月', 'last 12 months'],
    span_all: ['全部年份', 'all years'],
    trend_table: ['数据表', 'Data table'],
    series_composite: ['综合指数', 'Composite index'],
    series_prev_composite: ['综合指数(上年同期)', 'Composite, previous year'],
    series_pm25: ['PM2.5', 'PM2.5'],
    series_prev_pm25: ['PM2.5(上年同期)', 'PM2.5, previous year'],
    sanctions: ['问责时间线', 'Sanctions timeline'],
    only_unit: ['仅显示趋势所选单位', 'only the unit of the trend'],
    no_sanctions: ['无问责记录', 'no sanctions'],
    funds: ['专项资金', 'Earmarked funds'],
    spending: ['支出记录', 'Spending'],
    no_spending: ['暂无支出记录', 'no spending recorded'],
    refusals: ['被拒绝的支出申请', 'Refused spending requests'],
    no_refusals: ['无', 'none'],
    refused_count: ['共{n}项', '{n} in all'],
    funds_as_of: ['余额截至 {d}(每月奖励于次月1日入账)', 'Balances as of {d} (a month\'s rewards are credited on the 1st of the next month)'],
    cat_air_pollution_control_project: ['大气污染治理项目', 'air pollution control project'],
    cat_supervision_capacity: ['监管能力建设', 'supervision capacity'],
    refused_item: ['{date} {unit} {cat} {amount} {cur}(申请于 {at} 被拒绝)', '{date} {unit} {cat} {amount} {cur} (refused {at}): {reason}'],
    footer: ['数据来自 aqrank JSON API', 'Data from the aqrank JSON API'],
    lang_switch: ['English', '中文'],
    not_comparable: ['不可比', 'n/c'],
    loading: ['加载中…', 'Loading…'],
    error: ['无法加载数据:', 'Cannot load data:'],
    no_months: ['数据库中没有任何月份的数据', 'The database holds no month of data'],
    chart_missing: ['图表库未安装(/vendor/echarts.min.js)', 'chart library not installed (/vendor/echarts.min.js)'],
    pm25_unit: ['μg/m³', 'μg/m³'],
    'currency_万元': ['万元', '10,000 CNY'],
    provisional: ['临时排名：数据截至 {d}', 'provisional: data up to {d}'],
    policy_error: ['本月无奖惩金额：参与排名的单位只有{n}个，奖励与扣缴阶梯所需单位数不足，两者会重叠(P4)。排名与问责照常。', 'No amounts this month: only {n} units are ranked, too few for the reward and penalty ladders, which would overlap (P4). Ranks and sanctions stand.'],
    no_amount: ['无金额', 'none'],
    reason_insufficient: ['数据不足：{p}有效天数{v}天，少于{m}天(N5.2)', 'insufficient data: {p} has {v} valid days, fewer than {m} (N5.2)'],
    reason_other: ['数据不足(N5.2)', 'insufficient data (N5.2)'],
    station_short: ['站点{s}({u})：{p}有效{v}天 < {m}天', 'station {s} ({u}): {p} {v} valid days < {m}'],
    station_same: ['站点{s}：{p}有效{v}天 < {m}天', 'station {s}: {p} {v} valid days < {m}'],
    quarter_note: ['季度排名按季度内逐日数据计算(N5.1.6)；季度末评估S6问责(P6)。金额为季度内各月的奖惩。', 'The quarterly ranking is computed from the quarter\'s daily data (N5.1.6); S6 is judged at quarter ends (P6). Amounts are those of the quarter\'s months.'],
    s6_none: ['—', '—'],
    map: ['站点分布', 'Stations'],
    map_colour: ['着色', 'Colour'],
    map_by_composite: ['本月综合指数', 'composite index of the month'],
    map_by_aqi: ['最新一日空气质量级别', 'AQI level of the latest day'],
    map_hint: ['按站点经纬度绘制(无行政区边界底图)；点击站点查看所属单位', 'Placed by the stations\' longitude and latitude (no boundary map); click a station for its unit'],
    map_caption_composite: ['{m} 各单位综合指数(颜色越深越差)；灰色：无综合指数', '{m}: composite index of each unit (darker is worse); grey: no index'],
    map_caption_aqi: ['各单位最新一日空气质量指数级别', 'AQI level of each unit on its latest day'],
    lon: ['经度', 'Longitude'],
    lat: ['纬度', 'Latitude'],
    no_value: ['无数据', 'no data'],
    back: ['← 返回排名', '← Back to the ranking'],
    unit_months: ['逐月结果', 'Month by month'],
    unit_sanctions: ['问责记录及依据', 'Sanctions and their evidence'],
    explain: ['计算过程', 'How it was computed'],
    unit_stations: ['站点日均值', 'Daily values of its stations'],
    unit_page_title: ['{u}', '{u}'],
    explain_missing: ['本月没有该单位的数据', 'The unit has no data in this month'],
    ex_stations: ['站点(P1, N5.3.1)：{list}计入本单位。', 'Stations (P1, N5.3.1): {list} count for the unit.'],
    ex_reference: ['{s}为对照点，不计入单位数值。', '{s} is a reference site and does not enter the unit\'s values.'],
    ex_station_days: ['各站点日均值(N5.1)：有效小时数不少于20个时日均值有效；O3取日最大8小时滑动平均。见下方“站点日均值”。', 'Daily values of each station (N5.1): valid with at least 20 valid hours; O3 is the daily maximum 8-hour mean. The table of each station is below.'],
    ex_unit_days: ['单位日均值与AQI(N5.3.2, N4)：{d}天，其中优良{g}天，无AQI {na}天。', 'Unit days and AQI (N5.3.2, N4): {d} days, {g} of them good, {na} without an AQI.'],
    ex_statistics: ['月度统计(N5.2)：', 'Monthly statistics (N5.2):'],
    ex_stat: ['{p}：{s} = {v}(有效{d}天，至少{m}天)', '{p}: {s} = {v} ({d} valid days, at least {m})'],
    ex_stat_invalid: ['{p}：有效{d}天，少于{m}天，不能统计', '{p}: {d} valid days, fewer than {m}: no statistic'],
    ex_composite: ['单项指数与综合指数(N6)：', 'Single indices and composite index (N6):'],
    ex_single: ['{p}：{v} ÷ {l} = {i}', '{p}: {v} ÷ {l} = {i}'],
    ex_composite_sum: ['综合指数 = 各单项指数之和 = {c}', 'composite index = sum of the single indices = {c}'],
    ex_rank: ['排名(P3)：第{r}位(共{n}个单位)。', 'Rank (P3): {r} of {n} units.'],
    ex_unranked: ['排名(P3)：未参与排名。', 'Rank (P3): not ranked.'],
    ex_amount: ['奖惩(P4)：{a} {cur}。', 'Reward / penalty (P4): {a} {cur}.'],
    ex_no_amount: ['奖惩(P4)：本月无金额。', 'Reward / penalty (P4): no amount this month.'],
    ex_events: ['同比(P5)：本月{rise}；本年累计{c}次；连续处于后两名{b}个月。', 'Year on year (P5): {rise} this month; {c} rises this year; {b} months in a row among the worst two.'],
    rise_yes: ['综合指数或PM2.5同比上升', 'composite index or PM2.5 rose'],
    rise_no: ['未同比上升', 'no rise'],
    ex_sanctions: ['问责(P6)：', 'Sanctions (P6):'],
    ex_no_sanctions: ['问责(P6)：本月无。', 'Sanctions (P6): none this month.'],
    stat_mean: ['日均值的平均', 'mean of the daily values'],
    stat_p95: ['日均值的第95百分位数', '95th percentile of the daily values'],
    stat_p90_mda8: ['日最大8小时平均的第90百分位数', '90th percentile of the daily maximum 8-hour means'],
    ev_rank: ['{period} 按{metric}排名第{rank}位(共{n}个单位)，数值{v}', '{period}: rank {rank} of {n} by {metric}, value {v}'],
    ev_rise: ['{period} 综合指数{c}(上年同期{pc})，PM2.5 {p}(上年同期{pp})', '{period}: composite index {c} (previous year {pc}), PM2.5 {p} (previous year {pp})'],
    ev_interview: ['{period} 已被约谈({ids})', '{period}: interviewed ({ids})'],
    metric_composite: ['综合指数', 'composite index'],
    metric_pm25: ['PM2.5', 'PM2.5'],
    col_date: ['日期', 'Date'],
    invalid: ['无效', 'invalid'],
    tab_air: ['空气质量', 'Air quality'],
    tab_roads: ['道路保洁', 'Road cleanliness'],
    roads: ['道路保洁排名', 'Road cleanliness ranking'],
    col_inspections: ['检测次数', 'Inspections'],
    col_dust_samples: ['积尘样本', 'Dust samples'],
    col_dust_mean: ['平均积尘(g/m²)', 'Mean dust (g/m²)'],
    col_dust_compliance: ['积尘达标率', 'Dust compliance'],
    col_litter_compliance: ['垃圾停留达标率', 'Litter compliance'],
    col_pm10: ['PM10', 'PM10'],
    col_failed_roads: ['未达标最多的道路', 'Roads failed most'],
    roads_unranked: ['未参与道路保洁排名', 'Not in the road ranking'],
    roads_chart: ['积尘达标率与当月PM10', 'Dust compliance and the month\'s PM10'],
    roads_hint: ['PM10为同月空气质量统计的月均浓度，数据不足时不显示', 'PM10 is the month\'s mean of the air-quality statistics, left out where the data are insufficient'],
    roads_empty: ['本月无道路检测记录。', 'No road inspections this month.'],
    series_dust: ['积尘达标率(%)', 'Dust compliance (%)'],
    series_pm10: ['PM10(μg/m³)', 'PM10 (μg/m³)'],
  };
  // The data-quality flags (issue 17): their words, kept apart from the
  // dictionary above and merged into it. The kinds and the evidence are the
  // API's own (kind_zh / kind_en, text_zh / text_en).
  const AUDIT_TEXT = {
    quality: ['数据质量提示', 'Data quality notes'],
    unit_flags: ['数据质量标记', 'Data-quality flags'],
    quality_no_unit: ['被标记的小时均不计入任何单位的数值。', 'No flagged hour counts in any unit\'s values.'],
    map_flags: ['红圈：本月有数据质量标记的站点({n}个)，悬停查看标记；标记只提示需要复核的小时，不改变排名', 'Red ring: a station with data-quality flags this month ({n}); hover for its flags. A flag only points at hours to review and changes no rank'],
    flag_line: ['{k}（{p}）：{from} 至 {to}，{h} 小时', '{k} ({p}): {from} to {to}, {h} hours'],
    flag_hour: ['{d} {h}时', '{d} {h}:00'],
    flags_none: ['本月该单位的站点没有数据质量标记。', 'No data-quality flag at the unit\'s stations this month.'],
    flags_summary: ['本月有 {n} 条标记，被标记的站点小时 {h} 个；综合指数 {c}，剔除这些小时后为 {w}(变化 {d})，仅供参考，排名不变。', '{n} flags this month, {h} flagged station-hours; composite index {c}, {w} without those hours (change {d}), for information only: the rank stands.'],
    flags_reference_only: ['本月的标记均在对照点，不计入单位数值。', 'This month\'s flags are all at reference sites, which do not count in the unit\'s values.'],
    reference_site: ['(对照点)', '(reference site)'],
  };
  const I18N = { zh: {}, en: {} };
  for (const [k, [zh, en]] of Object.entries({ ...TEXT, ...AUDIT_TEXT })) {
    I18N.zh[k] = zh;
    I18N.en[k] = en;
  }
  const POLLUTANTS = ['so2', 'no2', 'pm10', 'pm25', 'co', 'o3'];
  const POLLUTANT_NAME = { so2: 'SO2', no2: 'NO2', pm10: 'PM10', pm25: 'PM2.5', co: 'CO', o3: 'O3' };

  const state = {
    lang: 'zh', view: 'overview', months: [], lastDay: null, month: null,
    unitsEn: new Map(), stations: [], rank: null, quarterMonths: [], history: null,
    sanctions: [], funds: null, latest: null, trendUnit: null, trendSpan: '12', mapMode: 'composite',
    unit: null, unitHistory: null, unitSanctions: [], explain: null, charts: {},
    audit: null, quality: null, unitAudit: null,
    tab: 'air', roads: null,
    brief: null, date: null, firstDay: null,
  };

  const $ = (id) => document.getElementById(id);
  const t = (key) => I18N[state.lang][key] ?? key;
  // a dictionary sentence with {name} fields filled in
  const tf = (key, o) => t(key).replace(/\{(\w+)\}/g, (m, k) => (o[k] === undefined || o[k] === null ? '' : String(o[k])));

  // ---- Formatting: the digits the API publishes, nothing re-rounded ----

  const DASH = '—';
  const fixed = (x, d) => (x === null || x === undefined ? DASH : Number(x).toFixed(d));
  const plain = (x) => (x === null || x === undefined ? DASH : String(x));
  const signed = (x) => (x === null || x === undefined ? DASH : x > 0 ? '+' + String(x) : String(x));
  function percentOfFraction(x) {
    if (x === null || x === undefined) return DASH;
    return (x > 0 ? '+' : '') + (x * 100).toFixed(1) + '%';
  }
  const currency = (c) => I18N[state.lang]['currency_' + c] ?? c;
  const pname = (p) => POLLUTANT_NAME[p] || p;
  const unitName = (unit, unitEn) => (state.lang === 'en' ? unitEn || state.unitsEn.get(unit) || unit : unit);
  // a station by its name (its code in English, where the name is Chinese)
  function stationName(code) {
    const s = state.stations.find((x) => x.station === code);
    if (!s) return code;
    return state.lang === 'en' ? code : s.name;
  }
  const sanctionName = (s) => (state.lang === 'en' ? s.name_en : s.name_zh);

  // why a unit is not ranked, in the page's language, from the API's fields
  function reasonText(x) {
    const own = x['reason_' + state.lang];
    if (own) return own;
    if (x.pollutant && Number.isInteger(x.valid_days)) {
      return tf('reason_insufficient', { p: pname(x.pollutant), v: x.valid_days, m: x.minimum_days });
    }
    return state.lang === 'en' && x.reason ? x.reason : t('reason_other');
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

  const problems = new Map();
  function showStatus(source, text) {
    if (text) problems.set(source, text);
    else problems.delete(source);
    const s = $('status');
    s.textContent = [...problems.values()].join(' · ');
    s.hidden = problems.size === 0;
  }

  // ---- DOM helpers ----

  function el(tag, attrs, text) {
    const e = document.createElement(tag);
    if (attrs) for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) e.setAttribute(k, v);
    if (text !== undefined) e.textContent = text;
    return e;
  }
  const cell = (field, text, cls) => el('td', { 'data-field': field, class: cls }, text);

  // The address of a unit's page, and a link to it (every place a unit
  // appears uses this)
  function unitHref(unit, month) {
    const u = new URLSearchParams();
    u.set('unit', unit);
    if (month || state.month) u.set('month', month || state.month);
    if (state.lang === 'en') u.set('lang', 'en');
    return '/?' + u.toString();
  }
  function unitLink(unit, unitEn, month) {
    const a = el('a', { href: unitHref(unit, month), class: 'unit-link', 'data-testid': 'unit-link', 'data-unit': unit },
      unitName(unit, unitEn));
    a.addEventListener('click', (ev) => {
      if (ev.ctrlKey || ev.metaKey || ev.shiftKey) return;
      ev.preventDefault();
      openUnit(unit, month);
    });
    return a;
  }
  // a sanction's badge: its id, and its name where there is room
  function badge(s) {
    const b = el('span', { class: 'badge s-' + s.id, 'data-sanction': s.id, title: sanctionName(s) }, s.id);
    b.append(el('span', { class: 'bname' }, ' ' + sanctionName(s)));
    return b;
  }

  function applyLanguage() {
    document.documentElement.lang = state.lang === 'zh' ? 'zh-CN' : 'en';
    document.title = state.view === 'unit' && state.unit ? unitName(state.unit) + ' · ' + t('title') : t('title');
    for (const e of document.querySelectorAll('[data-i18n]')) e.textContent = t(e.dataset.i18n);
    $('lang').textContent = t('lang_switch');
    $('lang').setAttribute('data-lang', state.lang);
  }

  // ---- The month's state: provisional, no amounts ----

  function monthLastDay(m) {
    const [y, mm] = m.split('-').map(Number);
    return m + '-' + String(new Date(Date.UTC(y, mm, 0)).getUTCDate()).padStart(2, '0');
  }
  function renderMonthState() {
    const doc = state.rank;
    const prov = !!(doc && state.lastDay && monthLastDay(doc.period) > state.lastDay);
    $('provisional').hidden = !prov;
    $('provisional').textContent = prov ? tf('provisional', { d: state.lastDay }) : '';
    const n = $('month-notice');
    const own = doc && doc['policy_error_' + state.lang];
    n.hidden = !(doc && doc.policy_error);
    n.textContent = doc && doc.policy_error ? own || tf('policy_error', { n: doc.ranked_units }) : '';
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

  function renderRank() {
    const tbody = $('rank-table').tBodies[0];
    tbody.replaceChildren();
    const doc = state.rank;
    renderMonthState();
    if (!doc) return;
    $('ranking-period').textContent = doc.period;
    $('col-currency').textContent = ' (' + currency(doc.currency_unit) + ')';
    $('amount-unit').textContent = tf('amount_unit', { cur: currency(doc.currency_unit) });
    const byUnit = sanctionsByUnit(doc.sanctions);
    for (const u of doc.units) {
      const cls = [];
      if (u.rank === null) cls.push('unranked');
      if (u.amount > 0) cls.push('reward');
      if (u.amount < 0) cls.push('penalty');
      const sanc = byUnit.get(u.unit) || [];
      if (sanc.length) cls.push('sanctioned');
      const tr = el('tr', { 'data-unit': u.unit, 'data-rank': u.rank === null ? '' : u.rank, class: cls.join(' ') });
      tr.append(cell('rank', plain(u.rank), 'num'));
      const nameCell = cell('unit', '');
      nameCell.append(unitLink(u.unit, u.unit_en));
      tr.append(nameCell);
      tr.append(cell('composite_index', fixed(u.composite_index, 2), 'num'));
      tr.append(cell('pm25', plain(u.pm25), 'num opt'));
      const yoy = u.yoy || {};
      const nc = yoy.comparable === false ? t('not_comparable') : DASH;
      tr.append(cell('yoy_composite_index', yoy.composite_index == null ? nc : percentOfFraction(yoy.composite_index), 'num opt'));
      tr.append(cell('yoy_pm25', yoy.pm25 == null ? nc : percentOfFraction(yoy.pm25), 'num opt'));
      tr.append(cell('good_days_ratio', u.good_days_ratio == null ? DASH : fixed(u.good_days_ratio, 1) + '%', 'num opt'));
      tr.append(cell('rank_change', signed(u.rank_change), 'num opt'));
      tr.append(cell('amount', signed(u.amount), 'num amount'));
      const sc = cell('sanctions', '', 'badges');
      for (const s of sanc) sc.append(badge(s));
      tr.append(sc);
      tbody.append(tr);
    }

    const ul = $('unranked').querySelector('ul');
    ul.replaceChildren();
    for (const x of doc.unranked || []) {
      const li = el('li', { 'data-unit': x.unit });
      li.append(unitLink(x.unit), document.createTextNode((state.lang === 'en' ? ': ' : '：') + reasonText(x)));
      ul.append(li);
    }
    for (const x of doc.insufficient_stations || []) {
      ul.append(el('li', { 'data-station': x.station },
        tf(stationName(x.station) === unitName(x.unit) ? 'station_same' : 'station_short',
          { s: stationName(x.station), u: unitName(x.unit), p: pname(x.pollutant), v: x.valid_days, m: x.minimum_days })));
    }
    $('unranked').hidden = ul.children.length === 0;
    renderQuarter();
  }

  // The quarter at its last month: its ranking, the amounts of its three
  // months (their own ranking documents) and the S6 of this month
  function renderQuarter() {
    const q = state.rank && state.rank.quarter;
    $('quarter').hidden = !q;
    const qb = $('quarter-table').tBodies[0];
    qb.replaceChildren();
    if (!q) return;
    $('quarter-period').textContent = q.period;
    $('quarter-note').textContent = t('quarter_note');
    const months = state.quarterMonths;
    for (let i = 0; i < 3; i++) {
      const d = months[i];
      $('q-m' + (i + 1)).textContent = d ? d.period + ' ' + t('col_amount') : '';
    }
    const s6 = new Map((state.rank.sanctions || []).filter((s) => s.id === 'S6').map((s) => [s.unit, s]));
    for (const u of q.units || []) {
      const tr = el('tr', { 'data-unit': u.unit, class: u.rank === null ? 'unranked' : '' });
      tr.append(cell('rank', plain(u.rank), 'num'));
      const nc = cell('unit', '');
      nc.append(unitLink(u.unit, u.unit_en));
      tr.append(nc);
      tr.append(cell('composite_index', fixed(u.composite_index, 2), 'num'));
      tr.append(cell('pm25', plain(u.pm25), 'num'));
      for (let i = 0; i < 3; i++) {
        const d = months[i];
        const mu = d && d.units.find((x) => x.unit === u.unit);
        tr.append(cell('amount_' + (i + 1), mu ? signed(mu.amount) : DASH, 'num'));
      }
      const sc = cell('s6', '', 'badges');
      if (s6.has(u.unit)) sc.append(badge(s6.get(u.unit)));
      else sc.textContent = t('s6_none');
      tr.append(sc);
      qb.append(tr);
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
          value: u.composite_index, unit: u.unit,
          itemStyle: { color: u.amount > 0 ? '#2ea043' : u.amount < 0 ? '#cf222e' : '#8c959f' },
        })),
        label: { show: true, position: 'top', formatter: (p) => Number(p.value).toFixed(2) },
        markArea: { silent: true, label: { position: 'top', color: '#59636e' }, data: areas },
      }],
    }, true);
    c.off('click');
    c.on('click', (p) => { if (p.data && p.data.unit) openUnit(p.data.unit); });
  }

  // ---- The map: stations by longitude and latitude ----

  function renderMap() {
    const c = chart('map-chart');
    if (!c || !state.stations.length) return;
    const byComposite = state.mapMode === 'composite';
    const value = new Map();
    if (byComposite && state.rank) for (const u of state.rank.units) value.set(u.unit, u.composite_index);
    const latest = new Map(((state.latest && state.latest.units) || []).map((u) => [u.unit, u]));
    $('map-caption').textContent = byComposite ? tf('map_caption_composite', { m: state.month }) : t('map_caption_aqi');
    const pts = state.stations.map((s) => {
      const v = byComposite ? value.get(s.unit) ?? null : (latest.get(s.unit) || {}).aqi ?? null;
      const lv = latest.get(s.unit) || {};
      const item = {
        name: s.name, value: [s.lon, s.lat, v], unit: s.unit, station: s.station,
        label: { formatter: unitName(s.unit) },
      };
      // the level's colour is the API's (N4.10), not derived here
      if (!byComposite) item.itemStyle = { color: lv.color || '#c0c4c8' };
      if (v === null) item.itemStyle = { color: '#c0c4c8' };
      return item;
    });
    const values = pts.map((p) => p.value[2]).filter((v) => v !== null);
    const pad = (a, b) => [Math.min(a, b), Math.max(a, b)];
    const [x0, x1] = pad(Math.min(...state.stations.map((s) => s.lon)), Math.max(...state.stations.map((s) => s.lon)));
    const [y0, y1] = pad(Math.min(...state.stations.map((s) => s.lat)), Math.max(...state.stations.map((s) => s.lat)));
    const mx = Math.max((x1 - x0) * 0.08, 0.02);
    const my = Math.max((y1 - y0) * 0.08, 0.02);
    c.setOption({
      animation: false,
      grid: { left: 56, right: 24, top: 16, bottom: byComposite ? 72 : 40 },
      tooltip: {
        formatter: (p) => {
          const u = p.data.unit;
          const lv = latest.get(u) || {};
          const v = byComposite ? fixed(p.data.value[2], 2)
            : (lv.aqi === null || lv.aqi === undefined ? t('no_value') : 'AQI ' + lv.aqi + ' ' + (state.lang === 'en' ? lv.level_en : lv.level_zh) + ' (' + lv.date + ')');
          return echarts.format.encodeHTML(unitName(u) + ' · ' + p.data.name + ': ' + v);
        },
      },
      xAxis: { type: 'value', name: t('lon'), nameLocation: 'middle', nameGap: 24, min: +(x0 - mx).toFixed(2), max: +(x1 + mx).toFixed(2), scale: true },
      yAxis: { type: 'value', name: t('lat'), nameLocation: 'middle', nameGap: 40, min: +(y0 - my).toFixed(2), max: +(y1 + my).toFixed(2), scale: true },
      visualMap: byComposite && values.length ? {
        type: 'continuous', dimension: 2, seriesIndex: 0, min: Math.min(...values), max: Math.max(...values), calculable: false,
        orient: 'horizontal', left: 'center', bottom: 0, itemHeight: 160, precision: 2,
        inRange: { color: ['#fff5b1', '#fb8f44', '#cf222e'] }, outOfRange: { color: '#c0c4c8' },
      } : undefined,
      series: [{
        type: 'scatter', symbolSize: 18, data: pts,
        label: { show: true, position: 'right', fontSize: 11 },
        labelLayout: { hideOverlap: true },
      }, ...flaggedSeries()],
    }, true);
    c.off('click');
    c.on('click', (p) => { if (p.data && p.data.unit) openUnit(p.data.unit); });
  }

  // ---- A unit's trend (history) ----

  function trendMonths() {
    const all = (state.history && state.history.months) || [];
    if (state.trendSpan === 'all') return all;
    const end = all.findIndex((m) => m.period === state.month);
    const stop = end < 0 ? all.length : end + 1;
    return all.slice(Math.max(0, stop - 12), stop);
  }

  function renderTrend() {
    const h = state.history;
    const nameEl = $('trend-unit-name');
    nameEl.textContent = h ? unitName(h.unit, h.unit_en) : '';
    if (h) nameEl.setAttribute('href', unitHref(h.unit));
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
      // the legend below the plot, the axis names above it: never on top
      // of each other
      legend: { bottom: 0, type: 'scroll' },
      grid: { left: 48, right: 56, top: 40, bottom: 96 },
      xAxis: { type: 'category', data: months.map((m) => m.period), axisLabel: { rotate: 45 } },
      yAxis: [
        { type: 'value', name: t('col_composite'), min: 0, nameTextStyle: { align: 'left' } },
        { type: 'value', name: 'PM2.5 ' + t('pm25_unit'), min: 0, splitLine: { show: false }, nameTextStyle: { align: 'right' } },
      ],
      series: [
        line(t('series_composite'), months.map((m) => m.composite_index), 0, false, '#0969da'),
        line(t('series_prev_composite'), months.map((m) => (m.previous_year || {}).composite_index ?? null), 0, true, '#54aeff'),
        line(t('series_pm25'), months.map((m) => m.pm25), 1, false, '#bc4c00'),
        line(t('series_prev_pm25'), months.map((m) => (m.previous_year || {}).pm25 ?? null), 1, true, '#fb8f44'),
      ],
    }, true);
  }

  async function openTrend(unit) {
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
  }

  // ---- Sanctions timeline ----

  function sanctionWhy(s) {
    return s[state.lang === 'en' ? 'cause_en' : 'cause_zh'] || '';
  }

  function renderSanctions() {
    const ol = $('sanctions-list');
    ol.replaceChildren();
    const onlyUnit = $('sanctions-only-unit').checked ? state.trendUnit : null;
    const list = state.sanctions.filter((s) => !onlyUnit || s.unit === onlyUnit)
      .sort((a, b) => (a.period < b.period ? 1 : a.period > b.period ? -1 : 0));
    let group = null;
    let lastPeriod = null;
    let current = null;
    for (const s of list) {
      if (s.period !== lastPeriod) {
        lastPeriod = s.period;
        const li = el('li', { class: 'period' + (s.period === state.month ? ' current' : ''), 'data-period': s.period });
        if (s.period === state.month) current = li;
        li.append(el('span', { class: 'when' }, s.period));
        group = el('ul');
        li.append(group);
        ol.append(li);
      }
      const item = el('li', { class: 'sanction s-' + s.id, 'data-unit': s.unit, 'data-id': s.id, 'data-period': s.period });
      item.append(el('span', { class: 'badge s-' + s.id }, s.id), document.createTextNode(' '));
      item.append(unitLink(s.unit, null, s.period), document.createTextNode(' '));
      item.append(el('span', { class: 'sname' }, sanctionName(s)));
      const why = sanctionWhy(s);
      if (why) item.append(el('div', { class: 'why' }, why));
      group.append(item);
    }
    if (!list.length) ol.append(el('li', { class: 'empty' }, t('no_sanctions')));
    // the chosen month in view inside the box (the page itself stays put)
    if (current) ol.scrollTop = current.offsetTop - ol.offsetTop;
    else ol.scrollTop = 0;
  }

  // ---- Funds ----

  function renderFunds() {
    const f = state.funds;
    const tbody = $('funds-table').tBodies[0];
    tbody.replaceChildren();
    const ul = $('spending-list');
    ul.replaceChildren();
    const rl = $('refusals-list');
    rl.replaceChildren();
    if (!f) return;
    $('funds-currency').textContent = '(' + currency(f.currency_unit) + ')';
    $('funds-as-of').textContent = tf('funds_as_of', { d: f.as_of });
    for (const u of f.units) {
      const spent = u.spent || {};
      const tr = el('tr', { 'data-unit': u.unit });
      const nc = cell('unit', '');
      nc.append(unitLink(u.unit, u.unit_en));
      tr.append(nc);
      tr.append(cell('credited', plain(u.credited), 'num'));
      tr.append(cell('deducted', plain(u.deducted), 'num'));
      tr.append(cell('spent_air_pollution_control_project', plain(spent.air_pollution_control_project), 'num'));
      tr.append(cell('spent_supervision_capacity', plain(spent.supervision_capacity), 'num'));
      tr.append(cell('balance', plain(u.balance), 'num'));
      tbody.append(tr);
    }
    for (const s of f.spending || []) {
      const li = el('li', { 'data-id': s.id });
      li.append(document.createTextNode(s.date + ' '), unitLink(s.unit),
        document.createTextNode(' ' + t('cat_' + s.category) + ' ' + s.amount + ' ' + currency(f.currency_unit) +
          (s.description ? ' — ' + s.description : '')));
      ul.append(li);
    }
    if (!ul.children.length) ul.append(el('li', { class: 'empty' }, t('no_spending')));
    $('refused-count').textContent = tf('refused_count', { n: f.refused });
    for (const r of f.refusals || []) {
      rl.append(el('li', { class: 'refused' }, tf('refused_item', {
        date: r.date, unit: unitName(r.unit), cat: t('cat_' + r.category), amount: r.amount,
        cur: currency(f.currency_unit), at: r.refused_at, reason: r.reason,
      })));
    }
    if (!rl.children.length) rl.append(el('li', { class: 'empty' }, t('no_refusals')));
  }

  // ---- A unit's page ----

  function renderUnit() {
    const u = state.unit;
    if (!u) return;
    const h = state.unitHistory;
    $('unit-title').textContent = unitName(u, h && h.unit_en);
    const back = new URLSearchParams();
    if (state.month) back.set('month', state.month);
    if (state.lang === 'en') back.set('lang', 'en');
    $('back').setAttribute('href', '/?' + back.toString());
    document.title = unitName(u, h && h.unit_en) + ' · ' + t('title');
    // month by month
    const tbody = $('unit-months').tBodies[0];
    tbody.replaceChildren();
    const byPeriod = new Map();
    for (const s of state.unitSanctions) {
      if (!byPeriod.has(s.period)) byPeriod.set(s.period, []);
      byPeriod.get(s.period).push(s);
    }
    for (const m of (h && h.months) || []) {
      const tr = el('tr', { 'data-period': m.period, class: m.period === state.month ? 'current' : '' });
      const pc = cell('period', '');
      const a = el('a', { href: unitHref(u, m.period) }, m.period);
      a.addEventListener('click', (ev) => { ev.preventDefault(); openUnit(u, m.period); });
      pc.append(a);
      tr.append(pc);
      tr.append(cell('composite_index', fixed(m.composite_index, 2), 'num'));
      tr.append(cell('pm25', plain(m.pm25), 'num'));
      tr.append(cell('rank', plain(m.rank), 'num'));
      tr.append(cell('amount', signed(m.amount), 'num'));
      const sc = cell('sanctions', '', 'badges');
      for (const s of byPeriod.get(m.period) || []) sc.append(badge(s));
      tr.append(sc);
      tbody.append(tr);
    }
    // sanctions with their evidence, newest first
    const ol = $('unit-sanctions');
    ol.replaceChildren();
    const list = [...state.unitSanctions].sort((a, b) => (a.period < b.period ? 1 : a.period > b.period ? -1 : 0));
    for (const s of list) {
      const li = el('li', { class: 'sanction' + (s.period === state.month ? ' current' : ''), 'data-period': s.period, 'data-id': s.id });
      li.append(el('span', { class: 'when' }, s.period + ' '), badge(s));
      li.append(el('div', { class: 'why' }, sanctionWhy(s)));
      const ev = el('ul', { class: 'evidence' });
      for (const e of s.evidence || []) for (const it of e.evidence || []) ev.append(el('li', null, evidenceText(it)));
      li.append(ev);
      ol.append(li);
    }
    if (!list.length) ol.append(el('li', { class: 'empty' }, t('no_sanctions')));
    renderExplain();
    renderUnitFlags();
  }

  function evidenceText(it) {
    if (it.kind === 'rank') {
      return tf('ev_rank', { period: it.period, metric: t('metric_' + it.metric), rank: it.rank, n: it.ranked_units,
        v: it.metric === 'composite' ? fixed(it.value, 2) : plain(it.value) });
    }
    if (it.kind === 'rise') {
      return tf('ev_rise', { period: it.period, c: fixed(it.composite_index, 2), pc: fixed(it.previous_composite_index, 2),
        p: plain(it.pm25), pp: plain(it.previous_pm25) });
    }
    if (it.kind === 'interview') return tf('ev_interview', { period: it.period, ids: (it.sanctions || []).join(', ') });
    return it.period || '';
  }

  function statName(s) {
    if (/95th/.test(s)) return t('stat_p95');
    if (/90th/.test(s)) return t('stat_p90_mda8');
    return t('stat_mean');
  }

  // P9: the chain from stations to sanctions, each step citing its rule,
  // in the page's language, from the explanation document's fields
  function renderExplain() {
    const ol = $('unit-explain');
    ol.replaceChildren();
    const box = $('unit-stations');
    box.replaceChildren();
    $('explain-period').textContent = state.month || '';
    const x = state.explain;
    if (!x) {
      ol.append(el('li', { class: 'empty' }, t('explain_missing')));
      return;
    }
    const step = (name, text, children) => {
      const li = el('li', { 'data-step': name }, text);
      if (children) {
        const ul = el('ul');
        for (const c of children) ul.append(el('li', null, c));
        li.append(ul);
      }
      ol.append(li);
    };
    const st = Object.entries(x.stations || {});
    const sname = (k, v) => (state.lang === 'en' ? k : v.name || k);
    step('stations', tf('ex_stations', { list: st.filter(([, v]) => !v.reference).map(([k, v]) => sname(k, v)).join(state.lang === 'en' ? ', ' : '、') }));
    for (const [k, v] of st) if (v.reference) step('reference', tf('ex_reference', { s: sname(k, v) }));
    step('station_days', t('ex_station_days'));
    const days = x.days || [];
    step('unit_days', tf('ex_unit_days', { d: days.length, g: days.filter((d) => d.good === true).length,
      na: days.filter((d) => d.aqi === null).length }));
    step('statistics', t('ex_statistics'), POLLUTANTS.filter((p) => x.statistics && x.statistics[p]).map((p) => {
      const s = x.statistics[p];
      return s.valid ? tf('ex_stat', { p: pname(p), s: statName(s.statistic || ''), v: s.value, d: s.valid_days, m: s.minimum_days })
        : tf('ex_stat_invalid', { p: pname(p), d: s.valid_days, m: s.minimum_days });
    }));
    const c = x.composite || {};
    const singles = POLLUTANTS.filter((p) => c[p]).map((p) => tf('ex_single', { p: pname(p), v: (x.statistics[p] || {}).value, l: c[p].limit, i: c[p].index }));
    if (c.composite_index !== undefined) singles.push(tf('ex_composite_sum', { c: c.composite_index }));
    step('composite', t('ex_composite'), singles);
    const r = x.rank || {};
    step('rank', r.rank === null || r.rank === undefined ? t('ex_unranked') : tf('ex_rank', { r: r.rank, n: r.ranked_units }));
    const cur = currency((state.rank && state.rank.currency_unit) || '万元');
    step('amount', r.amount === null || r.amount === undefined ? t('ex_no_amount') : tf('ex_amount', { a: signed(Number(r.amount)), cur }));
    step('events', tf('ex_events', { rise: r.rise_event ? t('rise_yes') : t('rise_no'), c: r.rise_count ?? 0, b: r.bottom2_streak ?? 0 }));
    const mine = state.unitSanctions.filter((s) => s.period === x.period);
    if (mine.length) step('sanctions', t('ex_sanctions'), mine.map((s) => s.id + ' ' + sanctionName(s) + ': ' + sanctionWhy(s)));
    else step('sanctions', t('ex_no_sanctions'));
    // the stations' daily values, one table per station
    const byStation = new Map();
    for (const d of x.station_days || []) {
      if (!byStation.has(d.station)) byStation.set(d.station, []);
      byStation.get(d.station).push(d);
    }
    for (const [code, rows] of byStation) {
      const info = (x.stations || {})[code] || {};
      box.append(el('h4', null, state.lang === 'en' ? code : info.name || code));
      const wrap = el('div', { class: 'scroll' });
      const table = el('table', { class: 'station-days', 'data-station': code });
      const head = el('tr');
      head.append(el('th', null, t('col_date')));
      for (const p of POLLUTANTS) head.append(el('th', { class: 'num' }, pname(p)));
      const thead = el('thead');
      thead.append(head);
      const tb = el('tbody');
      for (const d of rows) {
        const tr = el('tr', { 'data-date': d.date });
        tr.append(cell('date', d.date));
        for (const p of POLLUTANTS) {
          const v = (d.values || {})[p] || {};
          const td = cell(p, v.valid ? plain(v.value) : DASH, 'num' + (v.valid ? '' : ' invalid'));
          if (!v.valid) td.title = t('invalid');
          tr.append(td);
        }
        tb.append(tr);
      }
      table.append(thead, tb);
      wrap.append(table);
      box.append(wrap);
    }
  }

  async function loadUnit() {
    const u = state.unit;
    document.body.dataset.loading = '1';
    const flags = loadUnitAudit(u, state.month);
    const [h, s, x] = await Promise.allSettled([
      api('history?unit=' + encodeURIComponent(u)),
      api('sanctions?unit=' + encodeURIComponent(u)),
      api('explain?unit=' + encodeURIComponent(u) + '&month=' + encodeURIComponent(state.month)),
    ]);
    state.unitHistory = h.status === 'fulfilled' ? h.value : null;
    state.unitSanctions = s.status === 'fulfilled' ? s.value.sanctions || [] : [];
    state.explain = x.status === 'fulfilled' ? x.value : null;
    showStatus('unit', h.status === 'rejected' ? t('error') + ' ' + h.reason.message : '');
    await flags;
    renderUnit();
    document.body.dataset.unit = u;
    delete document.body.dataset.loading;
  }

  // ---- Data quality (issue 17): the bulletin's notes, flags on the map
  // and on the unit page, from /api/v1/bulletin (its data_quality) and
  // /api/v1/audit ----

  // an hour-ending label "2014-01-17T06" (N1.3.3) as "01-17 06时" / "01-17 06:00"
  const hourText = (label) => (/^\d{4}-\d\d-\d\dT\d\d$/.test(label)
    ? tf('flag_hour', { d: label.slice(5, 10), h: label.slice(11) }) : label);
  const flagLine = (f) => tf('flag_line', {
    p: pname(f.pollutant), k: f['kind_' + state.lang], from: hourText(f.from), to: hourText(f.to), h: f.hours,
  });
  const signed2 = (x) => (x === null || x === undefined ? DASH : (x > 0 ? '+' : '') + Number(x).toFixed(2));

  // the month's audit and the bulletin's notes, loaded once per month
  async function refreshAudit() {
    const month = state.month;
    if (!state.audit || state.audit.month !== month) {
      const [a, b] = await Promise.allSettled([
        api('audit?month=' + encodeURIComponent(month)),
        api('bulletin?format=json&month=' + encodeURIComponent(month)),
      ]);
      if (state.month !== month) return;
      state.audit = a.status === 'fulfilled' ? a.value : null;
      state.quality = b.status === 'fulfilled' ? b.value.data_quality || null : null;
      const bad = [a, b].find((x) => x.status === 'rejected');
      showStatus('audit', bad ? t('error') + ' ' + bad.reason.message : '');
    }
    renderQuality();
    renderMap();
    document.body.dataset.audit = month;
  }

  // the bulletin's 数据质量提示: its sentence, then each unit's line
  function renderQuality() {
    const q = state.quality;
    const ul = $('quality-units');
    ul.replaceChildren();
    $('quality').hidden = !q;
    $('quality-intro').textContent = q ? q['text_' + state.lang] || '' : '';
    if (!q) return;
    const sep = state.lang === 'en' ? ': ' : '：';
    for (const u of q.units || []) {
      const li = el('li', { 'data-unit': u.unit });
      const text = u['text_' + state.lang] || '';
      const name = unitName(u.unit, u.unit_en);
      // the line names its unit first: that name becomes the link
      li.append(unitLink(u.unit, u.unit_en), document.createTextNode(text.startsWith(name + sep) ? text.slice(name.length) : sep + text));
      ul.append(li);
    }
    if (!ul.children.length) ul.append(el('li', { class: 'empty' }, t('quality_no_unit')));
  }

  // the map's second series: a red ring on each station with flags this
  // month, its flags in the tooltip (a click opens its unit's page)
  function flaggedSeries() {
    const a = state.audit && state.audit.month === state.month ? state.audit : null;
    const by = new Map();
    for (const f of (a && a.flags) || []) {
      if (!by.has(f.station)) by.set(f.station, []);
      by.get(f.station).push(f);
    }
    const data = state.stations.filter((s) => by.has(s.station)).map((s) => ({
      name: s.name, value: [s.lon, s.lat], unit: s.unit, station: s.station, flags: by.get(s.station),
    }));
    $('map-flags').hidden = !data.length;
    $('map-flags').textContent = data.length ? tf('map_flags', { n: data.length }) : '';
    if (!data.length) return [];
    return [{
      type: 'scatter', name: 'flags', id: 'flags', data, symbolSize: 28, z: 3,
      itemStyle: { color: 'rgba(255, 255, 255, 0)', borderColor: '#cf222e', borderWidth: 3 },
      tooltip: {
        formatter: (p) => [unitName(p.data.unit) + ' · ' + stationName(p.data.station)]
          .concat(p.data.flags.map(flagLine)).map((x) => echarts.format.encodeHTML(x)).join('<br>'),
      },
    }];
  }

  async function loadUnitAudit(unit, month) {
    try {
      state.unitAudit = await api('audit?month=' + encodeURIComponent(month) + '&unit=' + encodeURIComponent(unit));
      showStatus('unit-audit', '');
    } catch (e) {
      state.unitAudit = null;
      // a unit or month the audit does not know has no flags to show
      showStatus('unit-audit', e.status === 404 ? '' : t('error') + ' ' + e.message);
    }
  }

  // the unit page: its stations' flags of the month with their evidence
  function renderUnitFlags() {
    const a = state.unitAudit;
    const ul = $('unit-flags');
    ul.replaceChildren();
    $('unit-flags-period').textContent = state.month || '';
    const flags = (a && a.month === state.month && a.flags) || [];
    const u = a && (a.units || [])[0];
    const sum = $('unit-flags-summary');
    if (!flags.length) {
      sum.textContent = t('flags_none');
      return;
    }
    sum.textContent = u && u.flagged_hours > 0
      ? tf('flags_summary', { n: flags.length, h: u.flagged_hours, c: fixed(u.composite_index, 2),
        w: fixed(u.composite_index_without_flags, 2), d: signed2(u.change) })
      : t('flags_reference_only');
    const ref = new Set((a.stations || []).filter((x) => x.reference).map((x) => x.station));
    for (const f of flags) {
      const li = el('li', { class: 'flag', 'data-station': f.station, 'data-kind': f.kind, 'data-pollutant': f.pollutant,
        'data-from': f.from, 'data-to': f.to, 'data-hours': f.hours });
      li.append(el('span', { class: 'where' }, stationName(f.station) + (ref.has(f.station) ? ' ' + t('reference_site') : '')),
        document.createTextNode(' '), el('span', { class: 'what' }, flagLine(f)),
        el('div', { class: 'why' }, f['text_' + state.lang] || ''));
      ul.append(li);
    }
  }

  // ---- The road-cleanliness tab (issue 20) ----
  // The month's road ranking (GET /api/v1/rank?month=M&indicator=roads):
  // its table, the units not ranked and why, and a chart of each unit's
  // dust compliance beside its PM10 of the month. Every number is the
  // API's, shown with the digits the API publishes.

  function showTab(tab, load) {
    state.tab = tab === 'roads' ? 'roads' : 'air';
    $('overview').dataset.tab = state.tab;
    for (const b of document.querySelectorAll('.tabs [role="tab"]')) {
      b.setAttribute('aria-selected', String(b.dataset.tab === state.tab));
    }
    for (const c of Object.values(state.charts)) c.resize();
    if (load !== false && state.tab === 'roads' && (!state.roads || state.roads.period !== state.month)) return loadRoads();
    if (state.tab === 'roads') renderRoads();
    return Promise.resolve();
  }

  function initTabs() {
    for (const b of document.querySelectorAll('.tabs [role="tab"]')) {
      b.addEventListener('click', async () => {
        await showTab(b.dataset.tab);
        pushUrl();
      });
    }
  }

  async function loadRoads() {
    if (!state.month) return;
    const month = state.month;
    try {
      state.roads = await api('rank?month=' + encodeURIComponent(month) + '&indicator=roads');
      showStatus('roads', '');
    } catch (e) {
      state.roads = null;
      showStatus('roads', t('error') + ' ' + e.message);
    }
    renderRoads();
    document.body.dataset.roads = month;
  }

  function failedRoads(list) {
    const sep = state.lang === 'en' ? ', ' : '、';
    return (list || []).map((f) => f.road + (state.lang === 'en' ? ' (' : '(') + f.failures + ')').join(sep) || DASH;
  }

  function renderRoads() {
    const doc = state.roads;
    const tbody = $('roads-table').tBodies[0];
    tbody.replaceChildren();
    $('roads-period').textContent = doc ? doc.period : '';
    $('roads-standard').textContent = doc && doc.standard ? doc.standard['text_' + state.lang] || '' : '';
    const outside = doc && doc['outside_window_' + state.lang];
    $('roads-outside').hidden = !outside;
    $('roads-outside').textContent = outside || '';
    const withheld = doc && doc.amounts_withheld;
    $('roads-notice').hidden = !withheld;
    $('roads-notice').textContent = withheld ? withheld['text_' + state.lang] || '' : '';
    $('roads-empty').hidden = !(doc && doc.inspections === 0);
    $('roads-empty').textContent = t('roads_empty');
    const withAmount = !!(doc && doc.currency_unit);
    $('roads-table').classList.toggle('with-amount', withAmount);
    $('roads-currency').textContent = withAmount ? ' (' + currency(doc.currency_unit) + ')' : '';
    const ul = $('roads-unranked').querySelector('ul');
    ul.replaceChildren();
    $('roads-unranked').hidden = !(doc && doc.unranked && doc.unranked.length);
    if (!doc) return renderRoadsChart();
    for (const u of doc.units) {
      const tr = el('tr', { 'data-unit': u.unit, 'data-rank': u.rank === null ? '' : u.rank, class: u.rank === null ? 'unranked' : '' });
      tr.append(cell('rank', plain(u.rank), 'num'));
      const nameCell = cell('unit', '');
      nameCell.append(unitLink(u.unit, u.unit_en));
      tr.append(nameCell);
      tr.append(cell('inspections', plain(u.inspections), 'num opt'));
      tr.append(cell('dust_samples', plain(u.dust_samples), 'num opt'));
      tr.append(cell('dust_mean', fixed(u.dust_mean, 2), 'num'));
      tr.append(cell('dust_compliance', u.dust_compliance === null ? DASH : fixed(u.dust_compliance, 1) + '%', 'num'));
      tr.append(cell('litter_compliance', u.litter_compliance === null ? DASH : fixed(u.litter_compliance, 1) + '%', 'num opt'));
      tr.append(cell('pm10', plain(u.pm10), 'num'));
      tr.append(cell('failed_roads', failedRoads(u.failed_roads), 'opt roads-failed'));
      tr.append(cell('amount', withAmount ? signed(u.amount) : '', 'num roads-amount'));
      tbody.append(tr);
    }
    for (const x of doc.unranked || []) {
      const li = el('li', { 'data-unit': x.unit });
      li.append(unitLink(x.unit), document.createTextNode(': ' + reasonText(x)));
      ul.append(li);
    }
    renderRoadsChart();
  }

  function renderRoadsChart() {
    if (state.tab !== 'roads') return;
    const c = chart('roads-chart');
    if (!c) return;
    const units = state.roads ? state.roads.units.filter((u) => u.rank !== null) : [];
    c.setOption({
      animation: false,
      grid: { left: 56, right: 56, top: 56, bottom: 90 },
      tooltip: { trigger: 'axis' },
      legend: { top: 0, data: [t('series_dust'), t('series_pm10')] },
      xAxis: { type: 'category', data: units.map((u) => unitName(u.unit, u.unit_en)), axisLabel: { rotate: 45, interval: 0 } },
      yAxis: [
        { type: 'value', name: t('series_dust'), min: 0, max: 100 },
        { type: 'value', name: t('series_pm10'), min: 0, splitLine: { show: false } },
      ],
      series: [
        {
          type: 'bar', name: t('series_dust'), itemStyle: { color: '#5b8db8' },
          data: units.map((u) => ({ value: u.dust_compliance, unit: u.unit })),
          label: { show: true, position: 'top', formatter: (p) => Number(p.value).toFixed(1) },
        },
        {
          type: 'scatter', name: t('series_pm10'), yAxisIndex: 1, symbolSize: 10, itemStyle: { color: '#cf222e' },
          data: units.map((u) => ({ value: u.pm10, unit: u.unit })),
        },
      ],
    }, true);
    c.resize();
    c.off('click');
    c.on('click', (p) => { if (p.data && p.data.unit) openUnit(p.data.unit); });
  }

  // ---- Today: the daily brief (/api/v1/brief, docs/spec-daily.md D9) ----

  const signedFixed = (x, d) => (x === null || x === undefined ? DASH : (x > 0 ? '+' : '') + Number(x).toFixed(d));

  function renderTodayTable(id, doc) {
    const tbody = $(id).tBodies[0];
    tbody.replaceChildren();
    $(id + '-span').textContent = doc ? tf('span_days', { a: doc.from, b: doc.to }) : '';
    const notice = doc && (doc.notices || []).find((n) => n.code === 'span');
    $(id + '-notice').textContent = notice ? notice['text_' + state.lang] : '';
    $(id + '-notice').hidden = !notice;
    const reasons = $(id + '-reasons');
    reasons.replaceChildren();
    if (!doc) return;
    for (const u of doc.units) {
      const tr = el('tr', { 'data-unit': u.unit, class: u.status === 'flagged' ? 'flagged' : undefined });
      const yoy = u.yoy || {};
      const nc = yoy.comparable === false ? t('not_comparable') : DASH;
      tr.append(cell('rank', u.rank === null ? DASH : String(u.rank) + (u.status === 'flagged' ? '*' : ''), 'num'),
        el('td', { 'data-field': 'unit' }));
      tr.lastChild.append(unitLink(u.unit, u.unit_en));
      tr.append(cell('rank_change', signed(u.rank_change), 'num opt'),
        cell('composite_index', fixed(u.composite_index, 2), 'num'),
        cell('composite_change', signedFixed(u.composite_change, 2), 'num opt'),
        cell('pm25', plain(u.pm25), 'num'),
        cell('pm25_change', signed(u.pm25_change), 'num opt'),
        cell('good_days_ratio', u.good_days_ratio === null ? DASH : fixed(u.good_days_ratio, 1) + '%', 'num opt'),
        cell('yoy_composite_index', yoy.composite_index === null || yoy.composite_index === undefined ? nc : percentOfFraction(yoy.composite_index), 'num opt'),
        cell('yoy_pm25', yoy.pm25 === null || yoy.pm25 === undefined ? nc : percentOfFraction(yoy.pm25), 'num opt'));
      tbody.append(tr);
      const why = u['reason_' + state.lang];
      if (why) {
        const li = el('li', { 'data-unit': u.unit });
        li.append(unitLink(u.unit, u.unit_en), document.createTextNode((state.lang === 'en' ? ': ' : '：') + why));
        reasons.append(li);
      }
    }
  }

  function renderTargets(doc) {
    $('today-targets-s').hidden = !doc;
    const tbody = $('today-targets').tBodies[0];
    tbody.replaceChildren();
    if (!doc) return;
    $('today-targets-left').textContent = '· ' + tf('targets_left', { n: doc.remaining_days });
    for (const u of doc.units) {
      let allowance = plain(u.pm25_allowance);
      if (u.pm25_allowance === null && u.pm25_reachable === false) allowance = doc.remaining_days ? t('out_of_reach') : t('missed');
      else if (u.pm25_allowance === null && u.pm25_reachable === true) allowance = t('met');
      let needed = plain(u.good_days_needed);
      if (u.good_days_needed === null && u.good_days_reachable === false) needed = t('out_of_reach');
      const tr = el('tr', { 'data-unit': u.unit });
      tr.append(el('td', { 'data-field': 'unit' }));
      tr.lastChild.append(unitLink(u.unit, u.unit_en));
      tr.append(cell('pm25_to_date', plain(u.pm25_to_date), 'num'),
        cell('pm25_target', plain(u.pm25_target), 'num opt'),
        cell('pm25_allowance', allowance, 'num'),
        cell('good_days_ratio', u.good_days_ratio === null ? DASH : fixed(u.good_days_ratio, 1) + '%', 'num opt'),
        cell('good_days_ratio_target', u.good_days_ratio_target === null ? DASH : fixed(u.good_days_ratio_target, 1) + '%', 'num opt'),
        cell('good_days_needed', needed, 'num'),
        cell('heavy_days_left', plain(u.heavy_days_left), 'num opt'));
      tbody.append(tr);
    }
  }

  // the units at risk: the month as it would end, and in the API's words
  // what each has yet to do (and the nearest line it holds)
  function renderRisk(list, currencyUnit) {
    const ul = $('today-risk');
    ul.replaceChildren();
    if (!list || !list.length) {
      ul.append(el('li', { class: 'none' }, t('no_risk')));
      return;
    }
    for (const u of list) {
      const p = u.projected || {};
      const li = el('li', { 'data-unit': u.unit });
      li.append(unitLink(u.unit, u.unit_en));
      const amount = state.lang === 'en' ? signed(p.amount) + ' (' + currency(currencyUnit) + ')' : signed(p.amount) + currency(currencyUnit);
      let line = (state.lang === 'en' ? ': ' : '：') + tf('risk_line', { r: plain(p.rank), a: amount });
      if ((p.sanctions || []).length) line += tf('risk_sanctions', { s: p.sanctions.map(sanctionName).join(state.lang === 'en' ? ', ' : '、') });
      li.append(document.createTextNode(line));
      const goals = el('ul', { class: 'goals' });
      let held = 0;
      for (const g of u.goals || []) {
        if (g.met && held++) continue;
        goals.append(el('li', { 'data-goal': g.goal }, g['text_' + state.lang]));
      }
      li.append(goals);
      ul.append(li);
    }
  }

  function renderToday() {
    const b = state.brief;
    $('today-date').value = state.date || '';
    renderTodayTable('today-month', b && b.month_to_date);
    renderTodayTable('today-year', b && b.year_to_date);
    renderTargets(b && b.targets);
    renderRisk(b && b.at_risk, b && b.month_to_date && b.month_to_date.currency_unit);
  }

  async function loadToday(date) {
    state.date = date || state.lastDay;
    document.body.dataset.loading = '1';
    try {
      state.brief = await api('brief?date=' + encodeURIComponent(state.date));
      showStatus('today', '');
    } catch (e) {
      state.brief = null;
      showStatus('today', t('error') + ' ' + e.message);
    }
    renderToday();
    document.body.dataset.date = state.date;
    delete document.body.dataset.loading;
  }

  async function openToday(date) {
    setView('today');
    await loadToday(date);
    pushUrl();
  }

  // ---- Views and addresses ----

  function setView(view) {
    state.view = view;
    $('overview').hidden = view !== 'overview';
    $('unit-view').hidden = view !== 'unit';
    $('today-view').hidden = view !== 'today';
    document.body.dataset.view = view;
    if (view === 'overview') for (const c of Object.values(state.charts)) c.resize();
  }

  function pushUrl() {
    const u = new URL(window.location.href);
    u.search = '';
    if (state.view === 'unit') u.searchParams.set('unit', state.unit);
    if (state.view === 'today') {
      u.searchParams.set('view', 'today');
      if (state.date) u.searchParams.set('date', state.date);
    } else if (state.month) u.searchParams.set('month', state.month);
    if (state.view === 'overview' && state.tab === 'roads') u.searchParams.set('tab', 'roads');
    if (state.lang === 'en') u.searchParams.set('lang', 'en');
    if (u.toString() !== window.location.href) window.history.pushState(null, '', u);
  }

  async function openUnit(unit, month) {
    state.unit = unit;
    if (month && state.months.includes(month)) {
      state.month = month;
      $('month').value = month;
    }
    setView('unit');
    pushUrl();
    window.scrollTo(0, 0);
    await loadUnit();
  }

  async function selectMonth(month) {
    state.month = month;
    $('month').value = month;
    if (state.view === 'today') setView('overview'); /* a month is the overview's */
    document.body.dataset.loading = '1';
    if (state.view === 'unit') {
      pushUrl();
      await loadUnit();
      document.body.dataset.month = month;
      return;
    }
    try {
      state.rank = await api('rank?month=' + encodeURIComponent(month));
      showStatus('rank', '');
    } catch (e) {
      state.rank = null;
      showStatus('rank', t('error') + ' ' + e.message);
    }
    // a quarter's end: the amounts of its three months
    state.quarterMonths = [];
    if (state.rank && state.rank.quarter) {
      const [y, m] = month.split('-').map(Number);
      const ms = [m - 2, m - 1].map((k) => y + '-' + String(k).padStart(2, '0'));
      const docs = await Promise.allSettled(ms.map((k) => (state.months.includes(k) ? api('rank?month=' + k) : Promise.reject(new Error('none')))));
      state.quarterMonths = [...docs.map((d) => (d.status === 'fulfilled' ? d.value : null)), state.rank];
    }
    renderRank();
    renderBar();
    renderMap();
    await refreshAudit();
    if (state.trendUnit) {
      renderTrend();
      renderSanctions();
    }
    if (state.tab === 'roads') await loadRoads();
    pushUrl();
    document.body.dataset.month = month;
    delete document.body.dataset.loading;
  }

  function renderAll() {
    applyLanguage();
    if (state.view === 'unit') renderUnit();
    if (state.view === 'today') renderToday();
    renderRank();
    renderBar();
    renderMap();
    renderQuality();
    renderTrend();
    renderSanctions();
    renderFunds();
    renderRoads();
    for (const o of $('trend-unit').options) o.textContent = unitName(o.value);
  }

  // the view the address names
  async function route() {
    const params = new URLSearchParams(window.location.search);
    const m = params.get('month');
    const unit = params.get('unit');
    const month = state.months.includes(m) ? m : state.months[state.months.length - 1];
    showTab(params.get('tab') === 'roads' ? 'roads' : 'air', false);
    if (params.get('view') === 'today') {
      const d = params.get('date');
      const ok = d && /^\d{4}-\d{2}-\d{2}$/.test(d) && d >= state.firstDay && d <= state.lastDay;
      state.month = month;
      $('month').value = month;
      setView('today');
      await loadToday(ok ? d : state.lastDay);
      return;
    }
    if (unit) {
      state.unit = unit;
      state.month = month;
      $('month').value = month;
      setView('unit');
      await loadUnit();
      if (!state.rank || state.rank.period !== month) {
        try { state.rank = await api('rank?month=' + encodeURIComponent(month)); } catch (e) { state.rank = null; }
      }
    } else {
      setView('overview');
      if (!state.rank || state.rank.period !== month) await selectMonth(month);
      else {
        await refreshAudit();
        if (state.tab === 'roads' && (!state.roads || state.roads.period !== month)) await loadRoads();
      }
    }
    document.body.dataset.month = month;
  }

  async function start() {
    const params = new URLSearchParams(window.location.search);
    const want = params.get('lang') || (window.localStorage && localStorage.getItem('aqrank.lang'));
    state.lang = want === 'en' ? 'en' : 'zh';
    // the year to date's table has the month to date's columns
    $('today-year').tHead.replaceWith($('today-month').tHead.cloneNode(true));
    applyLanguage();
    showStatus('start', t('loading'));

    $('lang').addEventListener('click', () => {
      state.lang = state.lang === 'zh' ? 'en' : 'zh';
      try { localStorage.setItem('aqrank.lang', state.lang); } catch (e) { /* private mode */ }
      renderAll();
      pushUrl();
    });
    $('title').addEventListener('click', (ev) => {
      ev.preventDefault();
      setView('overview');
      pushUrl();
      if (!state.rank || state.rank.period !== state.month) selectMonth(state.month);
    });
    $('back').addEventListener('click', (ev) => {
      ev.preventDefault();
      setView('overview');
      pushUrl();
      if (!state.rank || state.rank.period !== state.month) selectMonth(state.month);
      else { renderRank(); renderBar(); renderMap(); renderSanctions(); refreshAudit(); }
    });
    $('month').addEventListener('change', (ev) => selectMonth(ev.target.value));
    $('today-link').addEventListener('click', (ev) => {
      if (ev.ctrlKey || ev.metaKey || ev.shiftKey) return;
      ev.preventDefault();
      openToday(state.date);
    });
    $('today-date').addEventListener('change', (ev) => {
      if (ev.target.value) loadToday(ev.target.value).then(pushUrl);
    });
    $('trend-unit').addEventListener('change', (ev) => openTrend(ev.target.value));
    $('trend-span').addEventListener('change', (ev) => { state.trendSpan = ev.target.value; renderTrend(); });
    $('map-mode').addEventListener('change', (ev) => { state.mapMode = ev.target.value; renderMap(); });
    $('sanctions-only-unit').addEventListener('change', renderSanctions);
    window.addEventListener('resize', () => { for (const c of Object.values(state.charts)) c.resize(); });
    window.addEventListener('popstate', () => route());
    initTabs();

    try {
      const [months, units, stations, sanctions, funds, latest] = await Promise.all([
        api('months'), api('units'), api('stations'), api('sanctions'), api('funds'), api('latest'),
      ]);
      state.months = months.months || [];
      state.lastDay = months.last_day;
      state.firstDay = months.first_day;
      $('today-date').min = months.first_day || '';
      $('today-date').max = months.last_day || '';
      for (const u of units.units) state.unitsEn.set(u.unit, u.unit_en);
      state.stations = (stations.stations || []).filter((s) => typeof s.lon === 'number' && typeof s.lat === 'number');
      state.sanctions = sanctions.sanctions || [];
      state.funds = funds;
      state.latest = latest;
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
        await route();
        const first = state.rank && state.rank.units.length ? state.rank.units[0].unit : units.units[0].unit;
        await openTrend(first);
      }
    } catch (e) {
      showStatus('start', t('error') + ' ' + e.message);
    }
    document.body.dataset.ready = '1';
  }

  window.aqDashboard = { state, selectMonth, openTrend, openUnit };
  document.addEventListener('DOMContentLoaded', start);
})();
