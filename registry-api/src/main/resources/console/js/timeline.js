// The number's timeline, drawn as SVG: the carrier's events and the registry's own decisions in
// two lanes on the business-time axis (occurredAt), the deadlines ahead as hollow markers, and
// the rejections in a lane of their own. A rejection is placed at the refused event's business time
// (occurredAt) when the registry could read the refused record as an event; otherwise only its
// wall-clock rejectedAt is known, and when such times fall outside the business axis the lane gets
// an axis of its own rather than squashing every event into a corner.

import { svg, el, fmtTime, fmtDay, fmtValue } from './dom.js';

export const FAMILIES = [
  { key: 'tenure', label: 'Tenure begins', types: ['NumberAssigned', 'NumberReassigned', 'NumberRecovered', 'PortedIn', 'NumberImported'] },
  { key: 'money', label: 'Top-ups / validity', types: ['TopUpMade'] },
  { key: 'lapse', label: 'Lapses', types: ['ValidityLapsed', 'GraceExpired', 'QuarantineEnded'] },
  { key: 'end', label: 'Ends', types: ['NumberRecycled', 'CancellationRequested', 'CancellationCompleted', 'PortedOut'] },
  { key: 'flag', label: 'Flags & suspension', types: ['FlagRaised', 'FlagCleared', 'NumberSuspended', 'NumberResumed'] },
  { key: 'sim', label: 'SIM', types: ['SimChanged'] },
  { key: 'other', label: 'Other', types: [] },
];

export function familyOf(type) {
  return (FAMILIES.find((f) => f.types.includes(type)) || FAMILIES[FAMILIES.length - 1]).key;
}

function deadlineFamily(kind) {
  if (String(kind).startsWith('VALIDITY')) return 'money';
  if (String(kind).startsWith('GRACE')) return 'lapse';
  if (String(kind).startsWith('QUARANTINE')) return 'end';
  return 'other';
}

const DAY = 86400000;
const LABEL_W = 150;
const RIGHT_PAD = 24;
const ROW = 15; // vertical distance between stacked markers sharing an instant
const MIN_GAP = 13; // markers closer than this (px) go to the next row

/** The legend above the timeline: families by colour, lanes by shape. */
export function legend() {
  const items = FAMILIES.filter((f) => f.key !== 'other').map((f) =>
    el('span', { class: 'legend-item' }, el('span', { class: `swatch fam-${f.key}` }), f.label));
  items.push(
    el('span', { class: 'legend-item' }, shapeIcon('circle'), 'carrier event'),
    el('span', { class: 'legend-item' }, shapeIcon('diamond'), 'registry decision'),
    el('span', { class: 'legend-item' }, shapeIcon('hollow'), 'deadline ahead'),
    el('span', { class: 'legend-item' }, shapeIcon('cross'), 'rejection'),
  );
  return items;
}

function shapeIcon(shape) {
  const icon = svg('svg', { width: 14, height: 14, viewBox: '-7 -7 14 14', class: 'legend-shape', 'aria-hidden': 'true' });
  icon.append(marker(shape, 0, 0, shape === 'cross' ? 'rejection' : 'neutral'));
  return icon;
}

function marker(shape, x, y, colourClass) {
  switch (shape) {
    case 'diamond':
      return svg('rect', { x: x - 5, y: y - 5, width: 10, height: 10, transform: `rotate(45 ${x} ${y})`, class: `shape fam-${colourClass}` });
    case 'hollow':
      return svg('circle', { cx: x, cy: y, r: 5, class: `shape hollow fam-${colourClass}` });
    case 'cross':
      return svg('path', { d: `M${x - 5} ${y - 5}L${x + 5} ${y + 5}M${x + 5} ${y - 5}L${x - 5} ${y + 5}`, class: `shape cross fam-${colourClass}` });
    default:
      return svg('circle', { cx: x, cy: y, r: 5.5, class: `shape fam-${colourClass}` });
  }
}

/** Nice tick positions for a span: whole hours, days, weeks, months or years (UTC). */
function ticks(min, max, width) {
  const target = Math.max(2, Math.floor(width / 110));
  const span = max - min;
  const fixed = [3600000, 6 * 3600000, 12 * 3600000, DAY, 2 * DAY, 7 * DAY];
  for (const step of fixed) {
    if (span / step <= target) {
      const out = [];
      for (let t = Math.ceil(min / step) * step; t <= max; t += step) out.push(t);
      const label = step < DAY ? (t) => new Date(t).toISOString().slice(5, 16).replace('T', ' ') : (t) => fmtDay(t);
      return out.map((t) => ({ t, label: label(t) }));
    }
  }
  for (const months of [1, 2, 3, 6, 12, 24, 60, 120]) {
    if (span / (months * 30.4 * DAY) <= target) {
      const out = [];
      const start = new Date(min);
      let y = start.getUTCFullYear();
      let m = Math.ceil(start.getUTCMonth() / months) * months;
      for (;;) {
        const t = Date.UTC(y, m, 1);
        if (t > max) break;
        if (t >= min) out.push({ t, label: months >= 12 ? String(new Date(t).getUTCFullYear()) : new Date(t).toISOString().slice(0, 7) });
        m += months;
        if (m >= 12) { y += Math.floor(m / 12); m %= 12; }
      }
      return out;
    }
  }
  return [];
}

function domain(times) {
  let min = Math.min(...times);
  let max = Math.max(...times);
  if (!Number.isFinite(min)) { min = Date.now() - DAY; max = Date.now() + DAY; }
  if (max - min < DAY) { min -= DAY / 2; max += DAY / 2; }
  const pad = (max - min) * 0.04;
  return [min - pad, max + pad];
}

/** Rows for markers so that events at (nearly) the same instant stack instead of hiding. */
function stack(items) {
  const lastX = [];
  for (const item of [...items].sort((a, b) => a.x - b.x)) {
    let row = lastX.findIndex((x) => item.x - x >= MIN_GAP);
    if (row < 0) row = lastX.length;
    lastX[row] = item.x;
    item.row = row;
  }
  return Math.max(1, lastX.length);
}

function tooltip(obj, heading) {
  const lines = [heading, ...Object.entries(obj).map(([k, v]) => `${k}: ${fmtValue(v)}`)];
  return svg('title', { text: lines.join('\n') });
}

/**
 * Draws the timeline into container. onSelect(kind, record) is called when a marker is
 * clicked; onPickDate('YYYY-MM-DD') when the axis is clicked. selectedDate marks the day asked.
 */
export function drawTimeline(container, { events = [], rejections = [], ahead = [], selectedDate = null, onSelect, onPickDate }) {
  const width = Math.max(640, container.clientWidth || 1000);
  const plotW = width - LABEL_W - RIGHT_PAD;

  const eventTimes = events.map((e) => Date.parse(e.occurredAt)).filter(Number.isFinite);
  const aheadTimes = ahead.map((d) => Date.parse(d.at)).filter(Number.isFinite);
  const placedAt = (r) => Date.parse(r.occurredAt ?? r.rejectedAt);
  const rejectionTimes = rejections.map(placedAt).filter(Number.isFinite);
  const refusedEventTimes = rejections.filter((r) => r.occurredAt).map(placedAt).filter(Number.isFinite);
  const [min, max] = domain([...eventTimes, ...aheadTimes, ...refusedEventTimes]);
  const scale = (lo, hi) => (t) => LABEL_W + ((t - lo) / (hi - lo)) * plotW;
  const x = scale(min, max);
  const invert = (px) => min + ((px - LABEL_W) / plotW) * (max - min);

  // The rejections share the business axis only when they already fall inside it.
  const shared = rejectionTimes.length === 0 || rejectionTimes.every((t) => t >= min && t <= max);
  const [rmin, rmax] = shared ? [min, max] : domain(rejectionTimes);
  const rx = scale(rmin, rmax);

  const lanes = [
    { key: 'carrier', label: 'Carrier events', items: events.filter((e) => e.source !== 'registry').map((e) => ({ kind: 'event', rec: e, x: x(Date.parse(e.occurredAt)) })) },
    { key: 'registry', label: 'Registry decisions', items: events.filter((e) => e.source === 'registry').map((e) => ({ kind: 'event', rec: e, x: x(Date.parse(e.occurredAt)) })) },
    { key: 'ahead', label: 'Deadlines ahead', items: ahead.map((d) => ({ kind: 'deadline', rec: d, x: x(Date.parse(d.at)) })) },
    { key: 'rejections', label: 'Rejections', sub: shared ? 'at the refused event\'s time' : 'when refused, own axis', items: rejections.map((r) => ({ kind: 'rejection', rec: r, x: rx(placedAt(r)) })) },
  ];

  const AXIS_H = 36;
  let y = 8;
  for (const lane of lanes) {
    lane.rows = stack(lane.items);
    lane.top = y;
    lane.height = Math.max(lane.sub ? 38 : 28, 14 + lane.rows * ROW);
    y += lane.height;
    // With an axis of their own, the rejections sit below the business axis.
    if (lane.key === 'ahead' && !shared) y += AXIS_H;
  }
  y += AXIS_H;
  const height = y + 4;

  const root = svg('svg', { width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': 'Timeline of the number\'s events, deadlines ahead and rejections' });
  const plotLeft = LABEL_W;
  const plotRight = LABEL_W + plotW;

  for (const [i, lane] of lanes.entries()) {
    const g = svg('g', { class: `tl-lane tl-lane-${lane.key}` });
    const bg = svg('rect', { x: 0, y: lane.top, width, height: lane.height, class: i % 2 ? 'lane-bg odd' : 'lane-bg' });
    // Empty space on the business-time lanes picks a day too, like the axis below them.
    if (onPickDate && (lane.key !== 'rejections' || shared)) {
      bg.classList.add('pickable');
      bg.addEventListener('click', (e) => {
        const px = pointerX(root, e);
        if (px >= LABEL_W && px <= LABEL_W + plotW) onPickDate(fmtDay(invert(px)));
      });
    }
    g.append(bg);
    g.append(svg('text', { x: 8, y: lane.top + 16, class: 'lane-label', text: lane.label }));
    if (lane.sub) g.append(svg('text', { x: 8, y: lane.top + 29, class: 'lane-sub', text: lane.sub }));
    root.append(g);
  }

  const axisY = (lane) => lane.top + lane.height;
  const mainAxisLane = lanes.find((l) => l.key === (shared ? 'rejections' : 'ahead'));
  drawAxis(root, { y0: lanes[0].top, y: axisY(mainAxisLane), min, max, x, invert, plotLeft, plotRight, onPickDate, label: 'occurredAt (UTC)' });
  if (!shared) {
    const rl = lanes[3];
    drawAxis(root, { y0: rl.top, y: axisY(rl), min: rmin, max: rmax, x: rx, plotLeft, plotRight, label: 'refused at (UTC)' });
  }

  // Today, when it falls on the business axis: deadlines to its right are still ahead.
  const now = Date.now();
  if (now >= min && now <= max) {
    const nx = x(now);
    root.append(svg('line', { x1: nx, x2: nx, y1: lanes[0].top, y2: axisY(mainAxisLane), class: 'now-line' }),
      svg('text', { x: nx + 3, y: lanes[0].top + 10, class: 'now-label', text: 'now' }));
  }
  if (selectedDate) {
    const t = Date.parse(`${selectedDate}T00:00:00Z`);
    if (t >= min && t <= max) {
      const sx = x(t);
      root.append(svg('line', { x1: sx, x2: sx, y1: lanes[0].top, y2: axisY(mainAxisLane), class: 'picked-line' }, svg('title', { text: `bank question asked for ${selectedDate}` })));
    }
  }

  for (const lane of lanes) {
    for (const item of lane.items) {
      const cy = lane.top + 14 + item.row * ROW;
      root.append(markerFor(lane, item, cy, onSelect));
    }
  }

  container.replaceChildren(root);
}

function markerFor(lane, item, cy, onSelect) {
  const rec = item.rec;
  let g;
  if (item.kind === 'event') {
    const fam = familyOf(rec.type);
    g = svg('g', { class: `tl-event tl-${lane.key}`, 'data-event-id': rec.eventId ?? '', 'data-type': rec.type ?? '', tabindex: 0, role: 'button', 'aria-label': `${rec.type} at ${fmtTime(rec.occurredAt)}` },
      marker(lane.key === 'registry' ? 'diamond' : 'circle', item.x, cy, fam),
      tooltip(rec, `${rec.type} — ${fmtTime(rec.occurredAt)} (${lane.key === 'registry' ? 'registry decision' : `from ${rec.source}`})`));
  } else if (item.kind === 'deadline') {
    g = svg('g', { class: 'tl-deadline', 'data-kind': rec.kind ?? '', tabindex: 0, role: 'button', 'aria-label': `${rec.kind} at ${fmtTime(rec.at)}` },
      marker('hollow', item.x, cy, deadlineFamily(rec.kind)),
      tooltip(rec, `${rec.kind} — ${fmtTime(rec.at)} (ahead)`));
  } else {
    g = svg('g', { class: 'tl-rejection', 'data-event-id': rec.eventId ?? '', 'data-code': rec.code ?? '', tabindex: 0, role: 'button', 'aria-label': `rejection ${rec.code} at ${fmtTime(rec.rejectedAt)}` },
      marker('cross', item.x, cy, 'rejection'),
      tooltip(rec, `Rejected ${rec.eventType ?? 'event'}: ${rec.code} — ${fmtTime(rec.occurredAt ?? rec.rejectedAt)}`));
  }
  // A generous invisible target: the markers themselves are small.
  g.prepend(svg('circle', { cx: item.x, cy, r: 8, class: 'hit' }));
  const select = () => onSelect?.(item.kind, rec, g);
  g.addEventListener('click', select);
  g.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); select(); } });
  return g;
}

function drawAxis(root, { y0, y, min, max, x, invert, plotLeft, plotRight, onPickDate, label }) {
  const g = svg('g', { class: 'tl-axis-group' });
  for (const tick of ticks(min, max, plotRight - plotLeft)) {
    const tx = x(tick.t);
    g.append(svg('line', { x1: tx, x2: tx, y1: y0, y2: y, class: 'grid' }),
      svg('line', { x1: tx, x2: tx, y1: y, y2: y + 5, class: 'tick' }),
      svg('text', { x: tx, y: y + 17, class: 'tick-label', 'text-anchor': 'middle', text: tick.label }));
  }
  g.append(svg('line', { x1: plotLeft, x2: plotRight, y1: y, y2: y, class: 'axis-line' }),
    svg('text', { x: 8, y: y + 17, class: 'axis-caption', text: label }));
  if (onPickDate) {
    // The axis band is the date picker: a click there asks the bank question for that UTC day.
    const band = svg('rect', { x: plotLeft, y, width: plotRight - plotLeft, height: 30, class: 'tl-axis' },
      svg('title', { text: 'Click to ask what a bank would be told for this day' }));
    const hover = svg('line', { x1: 0, x2: 0, y1: y0, y2: y, class: 'hover-line', visibility: 'hidden' });
    band.addEventListener('mousemove', (e) => {
      const px = pointerX(root, e);
      hover.setAttribute('x1', px); hover.setAttribute('x2', px); hover.setAttribute('visibility', 'visible');
    });
    band.addEventListener('mouseleave', () => hover.setAttribute('visibility', 'hidden'));
    band.addEventListener('click', (e) => onPickDate(fmtDay(invert(pointerX(root, e)))));
    g.append(hover, band);
  }
  root.append(g);
}

function pointerX(root, event) {
  const box = root.getBoundingClientRect();
  const vb = root.viewBox.baseVal;
  return ((event.clientX - box.left) / box.width) * vb.width;
}
