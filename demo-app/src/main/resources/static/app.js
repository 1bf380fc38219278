// The live page: polls the executors Actuator endpoint (each pool's settings and statistics) and
// /api/latency (the percentiles of each pool's timers), and charts each pool with Chart.js (from
// its WebJar). Resizing goes through the endpoint's own write operation. The latest figures are
// also written to data-* attributes of each pool's <section>, which the browser test reads.
'use strict';

const POLL_MS = 500;
const POINTS = 120; // one minute of history
const COLORS = {
  queued: '#d9480f', remaining: '#94a3b8', active: '#1971c2', size: '#2f9e44', max: '#862e9c',
  completed: '#2f9e44', rejected: '#e03131', callerRuns: '#f08c00', queuedMs: '#d9480f', runningMs: '#1971c2'
};
const pools = new Map(); // name -> { section, charts, previous }

function line(label, color, extra = {}) {
  return { label, data: [], borderColor: color, backgroundColor: color, borderWidth: 1.5,
    pointRadius: 0, tension: 0.3, cubicInterpolationMode: 'monotone', ...extra };
}

// Until a chart has a value to draw, it says so instead of showing empty axes.
const waiting = {
  id: 'waiting',
  afterDraw(c) {
    const empty = c.data.datasets.every((ds) => ds.data.every((v) => v === null || v === undefined));
    c.canvas.closest('figure').dataset.waiting = empty;
    if (!empty || !c.chartArea) return;
    const { ctx, chartArea: a } = c;
    ctx.save();
    ctx.fillStyle = '#5a6478';
    ctx.font = '12px system-ui, sans-serif';
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillText('waiting for the first sample', (a.left + a.right) / 2, (a.top + a.bottom) / 2);
    ctx.restore();
  }
};

function chart(canvas, datasets, scales = {}) {
  return new Chart(canvas, {
    type: 'line',
    plugins: [waiting],
    data: { labels: [], datasets },
    options: {
      animation: false, responsive: true, maintainAspectRatio: false,
      interaction: { mode: 'index', intersect: false },
      plugins: { legend: { labels: { boxWidth: 10, font: { size: 10 } } } },
      scales: { x: { ticks: { maxTicksLimit: 4, font: { size: 9 } } },
        y: { beginAtZero: true, ticks: { font: { size: 9 } } }, ...scales }
    }
  });
}

function figure(dl, key, label) {
  const div = document.createElement('div');
  div.innerHTML = '<dt></dt><dd></dd>';
  div.querySelector('dt').textContent = label;
  div.querySelector('dd').dataset.figure = key;
  dl.appendChild(div);
}

function createPool(view) {
  const name = view.stats.name;
  const node = document.getElementById('pool-template').content.firstElementChild.cloneNode(true);
  node.id = 'pool-' + name;
  node.dataset.pool = name;
  node.querySelector('h2').textContent = name;
  const dl = node.querySelector('.figures');
  [['queued', 'queued'], ['remaining', 'room'], ['active', 'active'], ['max', 'max'],
    ['completedPerSec', 'done/s'], ['rejectedPerSec', 'rejected/s'], ['queuedP95', 'p95 queued ms'],
    ['runningP95', 'p95 run ms']].forEach(([k, l]) => figure(dl, k, l));
  document.getElementById('pools').appendChild(node);

  const c = (kind) => node.querySelector(`canvas[data-chart="${kind}"]`);
  const charts = {
    queue: chart(c('queue'), [line('queued', COLORS.queued, { fill: 'origin', backgroundColor: '#d9480f33' }),
      line('remaining', COLORS.remaining, { yAxisID: 'y1', borderDash: [4, 3] })],
    { y1: { position: 'right', beginAtZero: true, grid: { drawOnChartArea: false }, ticks: { font: { size: 9 } } } }),
    workers: chart(c('workers'), [line('active', COLORS.active, { fill: 'origin', backgroundColor: '#1971c233' }),
      line('pool size', COLORS.size), line('max', COLORS.max, { stepped: true, borderDash: [5, 3] })]),
    rate: chart(c('rate'), [line('completed/s', COLORS.completed), line('rejected/s', COLORS.rejected),
      line('caller-runs/s', COLORS.callerRuns)]),
    latency: chart(c('latency'), [line('queued p95', COLORS.queuedMs), line('running p95', COLORS.runningMs)])
  };

  const form = node.querySelector('form.resize');
  form.core.value = view.stats.coreWorkers;
  form.max.value = view.stats.maxWorkers;
  form.queueCapacity.value = view.stats.queueCapacity;
  form.addEventListener('submit', (e) => { e.preventDefault(); resize(name, form); });

  const pool = { section: node, charts, previous: null };
  pools.set(name, pool);
  return pool;
}

async function resize(name, form) {
  const out = form.querySelector('output');
  const body = { coreSize: Number(form.core.value), maxSize: Number(form.max.value),
    queueCapacity: Number(form.queueCapacity.value) };
  const response = await fetch(`/actuator/executors/${encodeURIComponent(name)}`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const answer = await response.json().catch(() => ({}));
  out.className = response.ok ? 'resize-result ok' : 'resize-result';
  out.textContent = response.ok
    ? `resized: core ${answer.stats.coreWorkers}, max ${answer.stats.maxWorkers}, queue ${answer.stats.queueCapacity}`
    : (answer.message || `HTTP ${response.status}`);
}

function push(chartObj, label, values) {
  chartObj.data.labels.push(label);
  chartObj.data.datasets.forEach((ds, i) => ds.data.push(values[i]));
  if (chartObj.data.labels.length > POINTS) {
    chartObj.data.labels.shift();
    chartObj.data.datasets.forEach((ds) => ds.data.shift());
  }
  chartObj.update('none');
}

// A rate needs two samples: null (nothing to draw) until then.
function perSecond(now, before, field, seconds) {
  return before && seconds > 0 ? Math.max(0, (now[field] - before[field]) / seconds) : null;
}

// The value kept for the percentile nearest p, in ms; null before the timer has one.
function percentile(values, p) {
  let best = null;
  for (const v of values || []) {
    if (best === null || Math.abs(v.percentile - p) < Math.abs(best.percentile - p)) best = v;
  }
  return best === null ? null : Math.round(best.millis * 10) / 10;
}

const fixed = (v) => (v === null ? '–' : v.toFixed(1));

function update(view, at) {
  const s = view.stats;
  const pool = pools.get(s.name) || createPool(view);
  const prev = pool.previous;
  const seconds = prev ? (at - prev.at) / 1000 : 0;
  const ran = (x) => ({ ...x, ran: x.completed + x.failed });
  const completedPerSec = perSecond(ran(s), prev && ran(prev.stats), 'ran', seconds);
  const rejectedPerSec = perSecond(s, prev && prev.stats, 'rejected', seconds);
  const callerRunsPerSec = perSecond(s, prev && prev.stats, 'callerRuns', seconds);
  pool.previous = { stats: s, at };

  const label = new Date(at).toLocaleTimeString([], { hour12: false });
  const unbounded = s.queueCapacity === 2147483647;
  push(pool.charts.queue, label, [s.queueDepth, unbounded ? null : s.queueRemaining]);
  push(pool.charts.workers, label, [s.activeWorkers, s.poolSize, s.maxWorkers]);
  push(pool.charts.rate, label, [completedPerSec, rejectedPerSec, callerRunsPerSec]);
  push(pool.charts.latency, label, [view.queuedP95, view.runningP95]);

  const figures = {
    queued: s.queueDepth, remaining: unbounded ? '∞' : s.queueRemaining, active: s.activeWorkers,
    max: s.maxWorkers, completedPerSec: fixed(completedPerSec), rejectedPerSec: fixed(rejectedPerSec),
    queuedP95: fixed(view.queuedP95), runningP95: fixed(view.runningP95)
  };
  for (const [k, v] of Object.entries(figures)) {
    pool.section.querySelector(`[data-figure="${k}"]`).textContent = v;
  }
  const d = pool.section.dataset;
  d.queued = s.queueDepth;
  d.peakQueued = Math.max(Number(d.peakQueued || 0), s.queueDepth);
  d.active = s.activeWorkers;
  d.max = s.maxWorkers;
  d.rejected = s.rejected;
  d.updates = Number(d.updates || 0) + 1;
}

// Distributed pools (the hazelcast profile): one table row per pool and member, from the
// executors endpoint's `distributed` section (stats.members; a durable pool has no per-member row).
function updateDistributed(distributed) {
  const names = Object.keys(distributed || {}).sort();
  document.getElementById('distributed').hidden = names.length === 0;
  const rows = [];
  names.forEach((name) => {
    const stats = distributed[name].stats;
    const members = stats.members.length ? stats.members : [Object.assign({ member: 'any' }, stats)];
    members.forEach((m) => {
      const tr = document.createElement('tr');
      [name, m.member, m.submitted, m.completed, m.failed, m.cancelled, m.inFlight].forEach((v) => {
        const td = document.createElement('td');
        td.textContent = String(v);
        tr.appendChild(td);
      });
      rows.push(tr);
    });
  });
  document.getElementById('distributed-rows').replaceChildren(...rows);
}

async function poll() {
  try {
    const [executors, latency] = await Promise.all([
      fetch('/actuator/executors', { cache: 'no-store' }).then((r) => r.json()),
      fetch('/api/latency', { cache: 'no-store' }).then((r) => r.json())]);
    const at = Date.now();
    Object.keys(executors.pools).sort().forEach((name) => {
      const timers = latency[name] || {};
      update({ stats: executors.pools[name].stats, queuedP95: percentile(timers.queued, 0.95),
        runningP95: percentile(timers.running, 0.95) }, at);
    });
    updateDistributed(executors.distributed);
    document.getElementById('waiting').hidden = true;
    document.getElementById('status').textContent = '';
    document.body.dataset.polls = Number(document.body.dataset.polls || 0) + 1;
  } catch (e) {
    document.getElementById('status').textContent = 'demo not reachable';
  } finally {
    setTimeout(poll, POLL_MS);
  }
}

async function loadState(enabled) {
  const init = enabled === undefined ? {} : { method: 'POST' };
  const url = enabled === undefined ? '/api/load' : `/api/load?enabled=${enabled}`;
  const state = await (await fetch(url, init)).json();
  document.getElementById('load-toggle').checked = state.enabled;
}

document.getElementById('load-toggle').addEventListener('change', (e) => loadState(e.target.checked));
document.getElementById('burst').addEventListener('click',
  () => fetch('/api/work/submit?tasks=150&millis=150', { method: 'POST' }));
loadState();
poll();
