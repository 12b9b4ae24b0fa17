// Live: polls /prometheus every 2 s while this view is open and turns the registry's counters
// into rates. The counters are summed over every task; when a sum goes down, tasks moved to
// another instance (or the registry restarted): that interval counts as a reset, not a negative
// rate. Totals are "since the page opened": the sum of the increases seen.

import uPlot from 'uplot';
import { parse, sum, sumBy } from './prometheus.js';
import { el, clear } from './dom.js';

const POLL_MS = 2000;
const KEEP_SECONDS = 5 * 60;

const METRICS = {
  applied: 'kafka_stream_registry_events_applied_total',
  rejected: 'kafka_stream_registry_events_rejected_total',
  fired: 'kafka_stream_registry_deadlines_swept_total',
  reminders: 'kafka_stream_registry_reminders_written_total',
  recycles: 'kafka_stream_registry_recycle_notifications_written_total',
};

const $ = (id) => document.getElementById(id);
const errorLine = $('live-error');
const chartBox = $('live-chart');
const codesBody = $('live-codes').querySelector('tbody');

// Kept for the page's lifetime: leaving the view stops the polling, not the counting.
let previous = null; // { at, values, codes }
const totals = Object.fromEntries(Object.keys(METRICS).map((k) => [k, 0]));
const codeTotals = {};
let codeRates = {};
const series = { t: [], applied: [], rejected: [], fired: [] };
let timer = null;
let chart = null;
let inFlight = false;

export function enter() {
  if (timer) return;
  poll();
  timer = setInterval(poll, POLL_MS);
}

export function leave() {
  clearInterval(timer);
  timer = null;
}

async function poll() {
  if (inFlight) return;
  inFlight = true;
  try {
    const response = await fetch('/prometheus', { headers: { Accept: 'text/plain' } });
    if (!response.ok) throw new Error(`/prometheus answered ${response.status}`);
    const samples = parse(await response.text());
    record(Date.now(), samples);
    errorLine.hidden = true;
  } catch (e) {
    errorLine.textContent = `Could not read the registry's metrics: ${e.message}`;
    errorLine.hidden = false;
  } finally {
    inFlight = false;
  }
}

const increase = (now, before) => (now >= before ? now - before : 0);

function record(at, samples) {
  const values = Object.fromEntries(Object.entries(METRICS).map(([k, name]) => [k, sum(samples, name)]));
  const codes = sumBy(samples, METRICS.rejected, 'code');
  $('live-updated').textContent = `${new Date(at).toISOString().slice(11, 19)} UTC`;
  if (!previous) {
    previous = { at, values, codes };
    return; // a rate needs two readings
  }
  const seconds = (at - previous.at) / 1000;
  const rates = {};
  for (const key of Object.keys(METRICS)) {
    const delta = increase(values[key], previous.values[key]);
    totals[key] += delta;
    rates[key] = seconds > 0 ? delta / seconds : 0;
  }
  codeRates = {};
  for (const [code, value] of Object.entries(codes)) {
    const delta = increase(value, previous.codes[code] ?? 0);
    codeTotals[code] = (codeTotals[code] ?? 0) + delta;
    codeRates[code] = seconds > 0 ? delta / seconds : 0;
  }
  previous = { at, values, codes };

  for (const key of Object.keys(METRICS)) {
    $(`live-${key}`).textContent = `${fmtRate(rates[key])}/s`;
    $(`live-${key}-total`).textContent = String(Math.round(totals[key]));
  }
  renderCodes();

  series.t.push(at / 1000);
  series.applied.push(rates.applied);
  series.rejected.push(rates.rejected);
  series.fired.push(rates.fired);
  while (series.t.length && series.t[0] < at / 1000 - KEEP_SECONDS) {
    for (const k of Object.keys(series)) series[k].shift();
  }
  drawChart();
}

function fmtRate(rate) {
  if (rate === 0) return '0';
  if (rate < 10) return rate.toFixed(1);
  return String(Math.round(rate));
}

function renderCodes() {
  clear(codesBody);
  // The registry registers a counter for every code up front: only the ones that counted show.
  const counters = previous?.codes ?? {};
  const codes = Object.keys(codeTotals).filter((c) => codeTotals[c] > 0 || (counters[c] ?? 0) > 0)
    .sort((a, b) => codeTotals[b] - codeTotals[a] || (counters[b] ?? 0) - (counters[a] ?? 0) || a.localeCompare(b));
  if (!codes.length) {
    codesBody.append(el('tr', { class: 'empty' }, el('td', { colspan: 4, text: 'No rejection counted by this registry yet.' })));
    return;
  }
  for (const code of codes) {
    codesBody.append(el('tr', { 'data-code': code },
      el('td', { class: 'code', text: code || '(no code)' }),
      el('td', { text: `${fmtRate(codeRates[code] ?? 0)}/s` }),
      el('td', { text: String(Math.round(codeTotals[code])) }),
      el('td', { text: String(Math.round(counters[code] ?? 0)) })));
  }
}

function drawChart() {
  const data = [series.t, series.applied, series.rejected, series.fired];
  if (!chart) {
    chart = new uPlot({
      width: Math.max(400, chartBox.clientWidth || 900),
      height: 220,
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1e3), 'Etc/UTC'),
      scales: { x: { time: true, range: (u, min, max) => (max == null ? [Date.now() / 1000 - KEEP_SECONDS, Date.now() / 1000] : [max - KEEP_SECONDS, max]) }, y: { range: (u, min, max) => [0, Math.max(1, max * 1.1)] } },
      // 24-hour UTC labels: uPlot's defaults are local and 12-hour.
      axes: [{ space: 90, values: (u, splits) => splits.map((t) => new Date(t * 1000).toISOString().slice(11, t % 60 ? 19 : 16)) }, { label: 'per second', size: 60 }],
      series: [
        { label: 'time (UTC)', value: (u, v) => (v == null ? '–' : new Date(v * 1000).toISOString().slice(11, 19)) },
        { label: 'applied', stroke: '#2f6fb0', width: 2, value: (u, v) => (v == null ? '–' : `${fmtRate(v)}/s`) },
        { label: 'rejected', stroke: '#c0392b', width: 2, value: (u, v) => (v == null ? '–' : `${fmtRate(v)}/s`) },
        { label: 'deadlines fired', stroke: '#7a4fa3', width: 2, value: (u, v) => (v == null ? '–' : `${fmtRate(v)}/s`) },
      ],
    }, data, chartBox);
  } else {
    chart.setData(data);
  }
}

window.addEventListener('resize', () => {
  if (chart && chartBox.clientWidth) chart.setSize({ width: chartBox.clientWidth, height: 220 });
});
