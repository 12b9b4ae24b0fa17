// What was refused: the most recent rejections across all numbers (read from the rejected
// topic), counts per code, filters by code and number, and each record as it arrived.

import { getJson, ApiError, errorText } from './api.js';
import { el, clear, fmtTime, fieldList, normaliseNumber } from './dom.js';

const $ = (id) => document.getElementById(id);
const countsBox = $('refused-counts');
const codeInput = $('refused-code');
const codeList = $('refused-code-list');
const numberInput = $('refused-number');
const tableBody = $('refused-table').querySelector('tbody');
const raw = $('refused-raw');
const errorLine = $('refused-error');
const examined = $('refused-examined');

let generation = 0;

$('refused-form').addEventListener('submit', (e) => {
  e.preventDefault();
  load();
});

export function enter() {
  load();
}

export function leave() {}

function showError(message) {
  errorLine.textContent = message || '';
  errorLine.hidden = !message;
}

function resetRaw() {
  clear(raw).append(el('p', { class: 'muted', text: 'Click a row to see the record as it arrived.' }));
}

async function load() {
  const mine = ++generation;
  const params = new URLSearchParams({ limit: '100' });
  const code = codeInput.value.trim();
  const number = normaliseNumber(numberInput.value);
  if (code) params.set('code', code);
  if (number) params.set('number', number);
  showError(null);
  let result;
  try {
    result = await getJson(`/rejections?${params}`);
  } catch (e) {
    if (mine !== generation) return;
    clear(tableBody);
    clear(countsBox);
    examined.textContent = '';
    resetRaw();
    if (!(e instanceof ApiError && e.isAuth)) showError(errorText(e, 'Recent rejections'));
    return;
  }
  if (mine !== generation) return;
  renderCounts(result.countsByCode ?? {}, result.examined, code);
  renderRows(result.rejections ?? []);
  resetRaw();
}

function renderCounts(counts, examinedCount, selected) {
  clear(countsBox);
  clear(codeList);
  const codes = Object.keys(counts).sort((a, b) => counts[b] - counts[a] || a.localeCompare(b));
  examined.textContent = examinedCount !== undefined ? `(over the ${examinedCount} most recent, whatever the filters)` : '';
  if (!codes.length) {
    countsBox.append(el('p', { class: 'muted', text: 'No rejections recorded.' }));
  }
  for (const code of codes) {
    codeList.append(el('option', { value: code }));
    const chip = el('button', { type: 'button', class: `chip${code === selected ? ' active' : ''}`, 'data-code': code, title: `Show only ${code}` },
      el('span', { class: 'chip-code', text: code }), el('span', { class: 'chip-count', text: String(counts[code]) }));
    // A second click on the chosen code clears the filter again.
    chip.addEventListener('click', () => {
      codeInput.value = codeInput.value.trim() === code ? '' : code;
      load();
    });
    countsBox.append(chip);
  }
}

function renderRows(rejections) {
  clear(tableBody);
  if (!rejections.length) {
    tableBody.append(el('tr', { class: 'empty' }, el('td', { colspan: 5, text: 'No rejection matches.' })));
    return;
  }
  for (const r of rejections) {
    const numberCell = r.number ? el('a', { href: `#/number/${r.number}`, text: r.number }) : el('span', { class: 'muted', text: '(unreadable)' });
    const tr = el('tr', { 'data-code': r.code ?? '', tabindex: 0 },
      el('td', { class: 'nowrap', text: fmtTime(r.rejectedAt).replace(' UTC', '') }),
      el('td', {}, el('span', { class: 'code', text: r.code ?? '' })),
      el('td', { class: 'reason', text: r.reason ?? '' }),
      el('td', {}, el('div', { text: r.eventType ?? '—' }), el('div', { class: 'muted small', text: r.eventId ?? '' })),
      // The number's link sits last, away from the row's middle, where a click opens the record.
      el('td', { class: 'nowrap' }, numberCell));
    const select = () => {
      for (const other of tableBody.querySelectorAll('tr.selected')) other.classList.remove('selected');
      tr.classList.add('selected');
      renderRaw(r);
    };
    tr.addEventListener('click', (e) => { if (!e.target.closest('a')) select(); });
    tr.addEventListener('keydown', (e) => { if (e.key === 'Enter') select(); });
    tableBody.append(tr);
  }
}

function renderRaw(r) {
  clear(raw);
  raw.append(el('h3', { text: `${r.code ?? ''} — ${r.eventType ?? 'unreadable event'}` }));
  raw.append(el('h4', { text: 'Raw key' }), el('pre', { class: 'raw', text: r.rawKey ?? '(none)' }));
  raw.append(el('h4', { text: `Raw value${r.rawValueLength !== undefined && r.rawValueLength !== null ? ` (${r.rawValueLength} bytes)` : ''}` }));
  if (r.rawValue !== null && r.rawValue !== undefined) {
    raw.append(el('pre', { class: 'raw', text: pretty(r.rawValue) }));
  } else if (r.rawValueBase64) {
    raw.append(el('p', { class: 'muted small', text: 'Not text: shown as base64.' }), el('pre', { class: 'raw', text: r.rawValueBase64 }));
  } else {
    raw.append(el('pre', { class: 'raw', text: '(none)' }));
  }
  if (r.rawEvent) {
    // An event posted over HTTP travels as Avro: this is the record read back as an event.
    raw.append(el('h4', { text: 'The value read as an event' }), el('pre', { class: 'raw', text: pretty(r.rawEvent) }));
  }
  raw.append(el('h4', { text: 'Every field' }), fieldList(r));
}

/** The record as it arrived, indented when it is JSON; otherwise exactly as it came. */
function pretty(text) {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
