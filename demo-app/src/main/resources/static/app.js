// The live page: polls /api/pools and charts each pool with Chart.js (from its WebJar).
// The latest figures are also written to data-* attributes of each pool's <section>, which the
// browser test reads.
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

function chart(canvas, datasets, scales = {}) {
  return new Chart(canvas, {
    type: 'line',
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
  const params = new URLSearchParams({ core: form.core.value, max: form.max.value,
    queueCapacity: form.queueCapacity.value });
  const response = await fetch(`/api/pools/${encodeURIComponent(name)}/resize?${params}`, { method: 'POST' });
  const body = await response.json().catch(() => ({}));
  out.className = response.ok ? 'resize-result ok' : 'resize-result';
  out.textContent = response.ok
    ? `resized: core ${body.stats.coreWorkers}, max ${body.stats.maxWorkers}, queue ${body.stats.queueCapacity}`
    : (body.error || `HTTP ${response.status}`);
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

function perSecond(now, before, field, seconds) {
  return before && seconds > 0 ? Math.max(0, (now[field] - before[field]) / seconds) : 0;
}

const ms = (v) => (v < 0 ? null : Math.round(v * 10) / 10);

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
  push(pool.charts.latency, label, [ms(view.queuedP95), ms(view.runningP95)]);

  const figures = {
    queued: s.queueDepth, remaining: unbounded ? '∞' : s.queueRemaining, active: s.activeWorkers,
    max: s.maxWorkers, completedPerSec: completedPerSec.toFixed(1), rejectedPerSec: rejectedPerSec.toFixed(1),
    queuedP95: view.queuedP95 < 0 ? '–' : view.queuedP95.toFixed(1),
    runningP95: view.runningP95 < 0 ? '–' : view.runningP95.toFixed(1)
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

async function poll() {
  try {
    const response = await fetch('/api/pools', { cache: 'no-store' });
    const views = await response.json();
    const at = Date.now();
    views.forEach((v) => update(v, at));
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
