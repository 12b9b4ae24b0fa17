// A number: its state card, its timeline (events, rejections, deadlines ahead), the reminders
// sent, and what a bank would be told for a date picked on the timeline.

import { getJson, ApiError, errorText } from './api.js';
import { el, clear, fmtTime, fmtDuration, fmtValue, fieldList, normaliseNumber } from './dom.js';
import { drawTimeline, legend } from './timeline.js';

const $ = (id) => document.getElementById(id);
const form = $('number-form');
const search = $('number-search');
const errorLine = $('number-error');
const body = $('number-body');
const stateCard = $('state-card');
const detail = $('event-detail');
const timeline = $('timeline');
const aheadList = $('deadlines-ahead');
const remindersList = $('reminders-sent');
const rejectionsList = $('number-rejections');
const bankForm = $('bank-answer-form');
const bankDate = $('bank-answer-date');
const bankResult = $('bank-answer-result');

// What the timeline was last drawn from, so that it can be redrawn (resize, a date picked).
let shown = null;
// Answers that arrive after the user moved on to another number are dropped.
let generation = 0;

$('timeline-legend').append(...legend());

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const number = normaliseNumber(search.value);
  if (!number) {
    showError('Type a number, e.g. +1 415 555 2671.');
    return;
  }
  const target = `#/number/${number}`;
  // The same hash fires no hashchange: look it up again anyway (the user asked to refresh).
  if (location.hash === target) enter(number);
  else location.hash = target;
});

bankForm.addEventListener('submit', (event) => {
  event.preventDefault();
  askBank(bankDate.value);
});

let resizeTimer = null;
window.addEventListener('resize', () => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => { if (shown && !body.hidden) redraw(); }, 150);
});

export function enter(arg) {
  if (!arg) {
    generation++;
    shown = null;
    body.hidden = true;
    showError(null);
    search.focus();
    return;
  }
  const number = normaliseNumber(arg);
  if (document.activeElement !== search) search.value = number;
  load(number);
}

export function leave() {}

function showError(message) {
  errorLine.textContent = message || '';
  errorLine.hidden = !message;
}

const enc = (n) => encodeURIComponent(n);

/** A part of the page that may fail on its own: the rest is shown, with a note of what failed. */
async function optional(path) {
  try {
    return { value: await getJson(path) };
  } catch (e) {
    if (e instanceof ApiError && e.isAuth) throw e;
    return { error: e };
  }
}

async function load(number) {
  const mine = ++generation;
  showError(null);
  let state;
  try {
    state = await getJson(`/numbers/${enc(number)}`);
  } catch (e) {
    if (mine !== generation) return;
    body.hidden = true;
    shown = null;
    if (e instanceof ApiError && e.isAuth) return; // the banner says why; show no data
    showError(e.code === 'UNKNOWN_NUMBER' ? `${number}: ${e.message}` : e.message);
    return;
  }
  let parts;
  try {
    parts = await Promise.all([
      optional(`/numbers/${enc(state.number)}/history`),
      optional(`/numbers/${enc(state.number)}/rejections`),
      optional(`/numbers/${enc(state.number)}/deadlines`),
    ]);
  } catch {
    if (mine !== generation) return;
    body.hidden = true;
    return;
  }
  if (mine !== generation) return;
  const [history, rejections, deadlines] = parts;
  shown = {
    number: state.number,
    state,
    events: history.value?.events ?? [],
    rejections: rejections.value?.rejections ?? [],
    ahead: deadlines.value?.ahead ?? [],
    selectedDate: null,
  };
  body.hidden = false;
  $('state-number').textContent = state.number;
  renderState(state);
  clear(detail).append(el('p', { class: 'muted', text: 'Click an event, rejection or deadline on the timeline to see every field.' }));
  const notes = [];
  if (history.error) notes.push(errorText(history.error, 'History'));
  if (deadlines.error) notes.push(errorText(deadlines.error, 'Deadlines ahead'));
  if (rejections.error) notes.push(errorText(rejections.error, 'Rejections'));
  shown.notes = notes;
  redraw();
  renderRejections(rejections);
  renderDeadlines(deadlines);
  clear(bankResult);
  bankDate.value = '';
}

function redraw() {
  drawTimeline(timeline, {
    events: shown.events,
    rejections: shown.rejections,
    ahead: shown.ahead,
    selectedDate: shown.selectedDate,
    onSelect: selectRecord,
    onPickDate: (day) => {
      bankDate.value = day;
      askBank(day);
    },
  });
  for (const note of shown.notes) timeline.append(el('p', { class: 'note', text: note }));
  if (!shown.events.length && !shown.notes.length) timeline.append(el('p', { class: 'note', text: 'No events applied to this number.' }));
}

// --- State card ---------------------------------------------------------------------------------

function holderText(holder) {
  if (!holder) return null;
  const parts = [holder.subscriberRef, holder.planType].filter(Boolean).join(' · ');
  const since = holder.tenureStart ? `, tenure since ${fmtTime(holder.tenureStart)}` : '';
  const nth = holder.assignmentNumber ? ` (assignment #${holder.assignmentNumber})` : '';
  return `${parts}${since}${nth}`;
}

function flagsNode(flags) {
  if (!flags || !flags.length) return 'none';
  return el('ul', { class: 'flags' }, flags.map((f) =>
    el('li', { class: `flag sev-${String(f.severity || '').toLowerCase()}`, title: Object.entries(f).map(([k, v]) => `${k}: ${fmtValue(v)}`).join('\n') },
      el('strong', { text: f.kind ?? f.flagId }), ` ${f.severity ?? ''} · ${f.flagId ?? ''} · raised by ${f.raisedBy ?? '?'} ${f.raisedAt ? fmtTime(f.raisedAt) : ''}`)));
}

// The card's rows, in the order ops read them; the main deadlines are always listed (with
// "none") so that their absence is visible too. Fields not known here are listed at the end.
const ROWS = [
  ['status', 'Status', (s) => el('span', { class: `status status-${String(s.status).toLowerCase()}`, text: s.status ?? '—' }), true],
  ['holder', 'Holder', (s) => holderText(s.holder) ?? 'none', true],
  ['previousHolder', 'Previous holder', (s) => holderText(s.previousHolder) ?? 'none', true],
  ['flags', 'Flags', (s) => flagsNode(s.flags), true],
  ['suspension', 'Suspension', (s) => (s.suspension ? fmtValue(s.suspension) : null), false],
  ['validUntil', 'Valid until', (s) => time(s.validUntil), true],
  ['graceEndsAt', 'Grace ends at', (s) => time(s.graceEndsAt), true],
  ['quarantineEndsAt', 'Quarantine ends at', (s) => time(s.quarantineEndsAt), true],
  ['cancellationRequestedAt', 'Cancellation requested', (s) => time(s.cancellationRequestedAt, null), false],
  ['coveredFrom', 'Covered from', (s) => time(s.coveredFrom), true],
  ['lastTopUpAt', 'Last top-up', (s) => time(s.lastTopUpAt, null), false],
  ['lastSimChangeAt', 'Last SIM change', (s) => time(s.lastSimChangeAt, null), false],
  ['lastRecycledAt', 'Last recycled', (s) => time(s.lastRecycledAt, null), false],
  ['lastReassignedAt', 'Last reassigned', (s) => time(s.lastReassignedAt, null), false],
  ['lastRecoveredAt', 'Last recovered', (s) => time(s.lastRecoveredAt, null), false],
  ['appliedEvents', 'Events applied', (s) => (s.appliedEvents ?? null), false],
  ['lastEventId', 'Last event', (s) => (s.lastEventId ? `${s.lastEventId}${s.lastEventAt ? ` at ${fmtTime(s.lastEventAt)}` : ''}` : null), false],
];
const KNOWN = new Set([...ROWS.map((r) => r[0]), 'number', 'lastEventAt']);

function time(iso, none = 'none') {
  return iso ? fmtTime(iso) : none;
}

function renderState(state) {
  clear(stateCard);
  for (const [field, label, render, always] of ROWS) {
    const value = render(state);
    if ((value === null || value === undefined) && !always) continue;
    stateCard.append(el('dt', { text: label }), el('dd', { 'data-field': field }, value ?? 'none'));
  }
  for (const [field, value] of Object.entries(state)) {
    if (KNOWN.has(field)) continue;
    stateCard.append(el('dt', { text: field }), el('dd', { 'data-field': field, text: fmtValue(value) }));
  }
}

// --- Details, lists ---------------------------------------------------------------------------

function selectRecord(kind, record, node) {
  const heading = kind === 'event' ? `${record.type} (${record.source === 'registry' ? 'registry decision' : `carrier event from ${record.source}`})`
    : kind === 'deadline' ? `Deadline ahead: ${record.kind}` : `Rejection: ${record.code}`;
  clear(detail).append(el('h3', { text: heading }), fieldList(record));
  for (const selected of timeline.querySelectorAll('.selected')) selected.classList.remove('selected');
  node?.classList.add('selected');
}

function renderRejections(result) {
  clear(rejectionsList);
  if (result.error) {
    rejectionsList.append(el('li', { class: 'empty', text: errorText(result.error) }));
    return;
  }
  const rejections = result.value.rejections ?? [];
  if (!rejections.length) {
    rejectionsList.append(el('li', { class: 'empty', text: 'none' }));
    return;
  }
  for (const r of rejections) {
    const li = el('li', { 'data-code': r.code ?? '', tabindex: 0, class: 'clickable' },
      el('div', {}, el('span', { class: 'code', text: r.code ?? '?' }), ` ${r.eventType ?? 'event'} ${r.eventId ?? '(no id)'}`),
      el('div', { class: 'muted small', text: `refused ${fmtTime(r.rejectedAt)} · ${r.origin ?? ''}` }),
      el('div', { class: 'small', text: r.reason ?? '' }));
    li.addEventListener('click', () => selectRecord('rejection', r, null));
    rejectionsList.append(li);
  }
}

function renderDeadlines(result) {
  clear(aheadList);
  clear(remindersList);
  if (result.error) {
    const text = errorText(result.error);
    aheadList.append(el('li', { class: 'unavailable', text }));
    remindersList.append(el('li', { class: 'unavailable', text }));
    return;
  }
  const ahead = result.value.ahead ?? [];
  const sent = result.value.remindersSent ?? [];
  if (!ahead.length) aheadList.append(el('li', { class: 'empty', text: 'nothing ahead' }));
  for (const d of ahead) {
    const lead = d.leadTime && d.leadTime !== 'PT0S' ? ` — ${fmtDuration(d.leadTime)} before the end at ${fmtTime(d.ends)}` : '';
    const li = el('li', { 'data-kind': d.kind ?? '', class: 'clickable', tabindex: 0 },
      el('span', { class: 'code', text: d.kind ?? '?' }), ` ${fmtTime(d.at)}${lead}`);
    li.addEventListener('click', () => selectRecord('deadline', d, null));
    aheadList.append(li);
  }
  if (!sent.length) remindersList.append(el('li', { class: 'empty', text: 'none sent' }));
  for (const r of sent) {
    const li = el('li', { 'data-kind': r.kind ?? '', class: 'clickable', tabindex: 0, title: Object.entries(r).map(([k, v]) => `${k}: ${fmtValue(v)}`).join('\n') },
      el('span', { class: 'code', text: r.kind ?? '?' }),
      ` at ${fmtTime(r.remindAt)} — ${fmtDuration(r.leadTime)} before ${fmtTime(r.endsAt)}`);
    li.addEventListener('click', () => {
      clear(detail).append(el('h3', { text: `Reminder sent: ${r.kind}` }), fieldList(r));
    });
    remindersList.append(li);
  }
}

// --- The bank's question ------------------------------------------------------------------------

async function askBank(day) {
  if (!shown) return;
  clear(bankResult);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day || '')) {
    bankResult.append(el('p', { class: 'error-text', text: 'Pick a date (on the timeline\'s axis, or here).' }));
    return;
  }
  shown.selectedDate = day;
  redraw();
  const number = shown.number;
  bankResult.append(el('p', { class: 'muted', text: `Asking for ${day}…` }));
  let result;
  try {
    result = await getJson(`/numbers/${enc(number)}/bank-answer?date=${encodeURIComponent(day)}`);
  } catch (e) {
    if (!shown || shown.number !== number) return;
    clear(bankResult);
    if (e instanceof ApiError && e.isAuth) return;
    bankResult.append(el('p', { class: 'error-text', text: errorText(e, 'The bank answer') }));
    return;
  }
  if (!shown || shown.number !== number || shown.selectedDate !== day) return;
  clear(bankResult);
  const answer = result.answer ?? {};
  const asked = result.specifiedDate ?? day;
  let sentence;
  if (result.status === 200 && 'phoneNumberRecycled' in answer) {
    sentence = el('p', { class: 'sentence' }, `A bank asking for ${asked} is told: `,
      el('strong', { class: answer.phoneNumberRecycled ? 'yes' : 'no', text: `phoneNumberRecycled = ${answer.phoneNumberRecycled}` }),
      answer.phoneNumberRecycled ? ' (the number changed hands since that day).' : ' (same holder since that day).');
  } else {
    sentence = el('p', { class: 'sentence' }, `A bank asking for ${asked} is told: `,
      el('strong', { class: 'refused', text: `${answer.status ?? result.status} ${answer.code ?? ''}` }),
      answer.message ? ` — ${answer.message}` : '');
  }
  bankResult.append(sentence, el('pre', { class: 'raw', text: JSON.stringify(result, null, 2) }));
}
