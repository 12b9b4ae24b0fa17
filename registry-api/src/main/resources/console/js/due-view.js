// What comes due: the numbers with a deadline before now + the window (overdue ones included,
// soonest first), page by page, and the count of deadlines per UTC day as a bar chart.

import uPlot from 'uplot';
import { getJson, ApiError, errorText } from './api.js';
import { el, clear, fmtTime, fmtRelative, plural } from './dom.js';

const DAY = 86400000;
const PAGE = 100;
// The per-day endpoint answers for at most 92 days: the chart looks back this far for overdue ones.
const LOOK_BACK_DAYS = 30;

const $ = (id) => document.getElementById(id);
const windowSelect = $('due-window');
const stateSelect = $('due-state');
const tableBody = $('due-table').querySelector('tbody');
const more = $('due-more');
const count = $('due-count');
const errorLine = $('due-error');
const chartBox = $('due-chart');

let query = null; // { deadlineBefore, state, next, loaded, generation }
let generation = 0;
let chart = null;

windowSelect.addEventListener('change', reload);
stateSelect.addEventListener('change', reload);
$('due-form').addEventListener('submit', (e) => { e.preventDefault(); reload(); });
more.addEventListener('click', () => loadPage());

export function enter() {
  reload();
}

export function leave() {}

function windowDays() {
  return windowSelect.value === '30d' ? 30 : 7;
}

function reload() {
  const now = Date.now();
  const mine = ++generation;
  query = {
    deadlineBefore: new Date(now + windowDays() * DAY).toISOString(),
    state: stateSelect.value,
    next: null,
    loaded: 0,
    now,
    generation: mine,
  };
  clear(tableBody);
  more.hidden = true;
  count.textContent = '';
  showError(null);
  loadPage();
  loadChart(now, mine);
}

function showError(message) {
  errorLine.textContent = message || '';
  errorLine.hidden = !message;
}

async function loadPage() {
  const q = query;
  const params = new URLSearchParams({ deadlineBefore: q.deadlineBefore, limit: String(PAGE) });
  if (q.state) params.set('state', q.state);
  if (q.next) params.set('after', q.next);
  more.disabled = true;
  let page;
  try {
    page = await getJson(`/numbers?${params}`);
  } catch (e) {
    if (q.generation !== generation) return;
    more.disabled = false;
    if (e instanceof ApiError && e.isAuth) {
      clear(tableBody);
      more.hidden = true;
      count.textContent = '';
      return;
    }
    showError(errorText(e, 'The due list'));
    return;
  }
  if (q.generation !== generation) return;
  for (const item of page.items ?? []) tableBody.append(row(item));
  q.loaded += (page.items ?? []).length;
  q.next = page.next ?? null;
  more.hidden = !q.next;
  more.disabled = false;
  count.textContent = `${q.loaded} ${q.loaded === 1 ? 'number' : 'numbers'}`;
  if (!q.loaded) {
    tableBody.append(el('tr', { class: 'empty' }, el('td', { colspan: 5, text: 'Nothing comes due in this window.' })));
  }
}

function row(item) {
  const href = `#/number/${item.number}`;
  return el('tr', { 'data-number': item.number ?? '' },
    el('td', {}, el('a', { href, text: item.number })),
    el('td', {}, el('span', { class: `status status-${String(item.status).toLowerCase()}`, text: item.status ?? '' })),
    el('td', { text: item.deadlineKind ?? '' }),
    el('td', { text: fmtTime(item.deadline) }),
    el('td', { class: Date.parse(item.deadline) < Date.now() ? 'overdue' : '', text: fmtRelative(item.deadline) }));
}

async function loadChart(now, mine) {
  const from = Date.UTC(...ymd(now)) - LOOK_BACK_DAYS * DAY;
  const to = now + windowDays() * DAY;
  const params = new URLSearchParams({ from: new Date(from).toISOString(), to: new Date(to).toISOString() });
  if (stateSelect.value) params.set('state', stateSelect.value);
  let result;
  try {
    result = await getJson(`/deadlines/per-day?${params}`);
  } catch (e) {
    if (mine !== generation) return;
    destroyChart();
    clear(chartBox).append(el('p', { class: 'note', text: e instanceof ApiError && e.isAuth ? '' : errorText(e, 'Counts per day') }));
    return;
  }
  if (mine !== generation) return;
  // The API lists only days with a count: the chart shows every day of the range. When the index
  // held more than one request reads, the days from completeUntil's on were not counted whole:
  // they stay empty rather than look like quiet days.
  const counts = new Map((result.days ?? []).map((d) => [d.day, d.count]));
  const wholeBefore = result.completeUntil ? result.completeUntil.slice(0, 10) : null;
  const xs = [];
  const ys = [];
  for (let t = from; t < to; t += DAY) {
    const day = new Date(t).toISOString().slice(0, 10);
    xs.push(t / 1000);
    ys.push(wholeBefore && day >= wholeBefore ? null : counts.get(day) ?? 0);
  }
  const partial = wholeBefore ? `; counted up to ${wholeBefore} only: more come due than one request reads` : '';
  $('due-chart-note').textContent = `(UTC days, ${LOOK_BACK_DAYS} days back to ${windowDays()} ahead; ${plural(result.total ?? 0, 'deadline')}${partial})`;
  drawChart([xs, ys], now);
}

function ymd(ms) {
  const d = new Date(ms);
  return [d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()];
}

function destroyChart() {
  chart?.destroy();
  chart = null;
}

function drawChart(data, now) {
  destroyChart();
  clear(chartBox);
  const nowLine = (u) => {
    // Days left of this line are overdue.
    const x = u.valToPos(now / 1000, 'x', true);
    const { ctx } = u;
    ctx.save();
    ctx.strokeStyle = '#8a8f98';
    ctx.setLineDash([4, 4]);
    ctx.beginPath();
    ctx.moveTo(x, u.bbox.top);
    ctx.lineTo(x, u.bbox.top + u.bbox.height);
    ctx.stroke();
    ctx.restore();
  };
  chart = new uPlot({
    width: Math.max(400, chartBox.clientWidth || 900),
    height: 180,
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1e3), 'Etc/UTC'),
    legend: { show: true },
    scales: { x: { time: true }, y: { range: (u, min, max) => [0, Math.max(1, max)] } },
    axes: [{ values: (u, splits) => splits.map((t) => new Date(t * 1000).toISOString().slice(5, 10)) }, { size: 50, incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000] }],
    series: [
      { label: 'day (UTC)', value: (u, v) => (v == null ? '–' : new Date(v * 1000).toISOString().slice(0, 10)) },
      { label: 'deadlines', fill: 'rgba(47,111,176,0.55)', stroke: '#2f6fb0', width: 1, paths: uPlot.paths.bars({ size: [0.7, 40] }), points: { show: false } },
    ],
    hooks: { draw: [nowLine] },
  }, data, chartBox);
}

window.addEventListener('resize', () => {
  if (chart && chartBox.clientWidth) chart.setSize({ width: chartBox.clientWidth, height: 180 });
});
