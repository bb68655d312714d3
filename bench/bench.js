#!/usr/bin/env node
// bench.js — the measuring half of run.sh (see README.md).
//
//   node bench.js check   asks both servers every query of queries/ and checks
//                         that they answer the same data, key by key
//   node bench.js load    the same check, then autocannon in alternating rounds,
//                         and a markdown table on stdout
//
// Configuration comes from the environment that run.sh sets: RESEAU_URL,
// PEER_URL, RESEAU_TOKEN, RESEAU_PID, PEER_PID, PG_PID, BENCH_DURATION (s of work per
// run), BENCH_ROUNDS, BENCH_WARMUP (s), BENCH_TIMEOUT (s), BENCH_SCALE, BENCH_NOTE.
'use strict';

const fs = require('fs');
const path = require('path');
const autocannon = require('autocannon');

const env = (k, d) => process.env[k] ?? d;
const RESEAU_URL = env('RESEAU_URL', 'http://127.0.0.1:54331/graphql');
const PEER_URL = env('PEER_URL', 'http://127.0.0.1:54330/graphql');
const TOKEN = env('RESEAU_TOKEN', '');
const DURATION = Number(env('BENCH_DURATION', '5'));
const ROUNDS = Number(env('BENCH_ROUNDS', '3'));
const WARMUP = Number(env('BENCH_WARMUP', '2'));
const TIMEOUT = Number(env('BENCH_TIMEOUT', '60')); // s, above Réseau's 15 s request timeout

// Each benchmark: a query in each dialect (queries/NAME.reseau.graphql and
// queries/NAME.postgraphile.graphql) and, per dialect, a function that maps the
// answer's data to one canonical value; the two canonical values must be equal.
// Lists whose order is part of the meaning (pages, collaborators heaviest
// first) keep their order; lists that are sets are sorted.
const byKey = (a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
const sorted = (xs) => [...xs].sort(byKey);

const QUERIES = [
  {
    name: 'nested',
    title: '50 organisations with domains, collaborators (≤ 500), partners',
    connections: [10, 50],
    reseau: (d) =>
      d.organisations.nodes.map((o) => ({
        key: o.key, name: o.name, sector: o.sector,
        domains: sorted(o.domains.map((x) => ({ key: x.key, labelFr: x.labelFr }))),
        collaborators: o.collaborators.map((t) => ({ key: t.organisation.key, name: t.organisation.name, sector: t.organisation.sector, weight: t.weight })),
        partners: sorted(o.partners.map((p) => ({ key: p.key, name: p.name }))),
      })),
    postgraphile: (d) =>
      d.allOrganisationsList.map((o) => ({
        key: o.key, name: o.name, sector: o.sector,
        domains: sorted(o.organisationDomainsByOrgKeyList.map((x) => ({ key: x.domainByDomainKey.key, labelFr: x.domainByDomainKey.labelFr }))),
        collaborators: o.collaboratorTiesByOrgKeyList.map((t) => ({ key: t.organisationByOtherKey.key, name: t.organisationByOtherKey.name, sector: t.organisationByOtherKey.sector, weight: t.weight })),
        partners: sorted(o.partnerTiesByOrgKeyList.map((p) => ({ key: p.organisationByOtherKey.key, name: p.organisationByOtherKey.name }))),
      })),
  },
  {
    name: 'collaborations',
    title: '50 collaborations with participants and their organisations',
    connections: [10],
    reseau: (d) =>
      d.collaborations.nodes.map((c) => ({
        key: c.key, kind: c.kind, title: c.title, startDate: c.startDate, endDate: c.endDate,
        participants: sorted(c.participants.map((p) => ({ key: p.organisation.key, role: p.role, name: p.organisation.name, sector: p.organisation.sector }))),
      })),
    postgraphile: (d) =>
      d.allCollaborationsList.map((c) => ({
        key: c.key, kind: c.kind, title: c.title, startDate: c.startDate, endDate: c.endDate,
        participants: sorted(c.participationsByCollabKeyList.map((p) => ({ key: p.organisationByOrgKey.key, role: p.role, name: p.organisationByOrgKey.name, sector: p.organisationByOrgKey.sector }))),
      })),
  },
  {
    name: 'people',
    title: '50 people with memberships and organisations',
    connections: [10],
    reseau: (d) =>
      d.people.nodes.map((p) => ({
        key: p.key, name: p.name, email: p.email,
        memberships: sorted(p.memberships.map((m) => ({ key: m.organisation.key, role: m.role, since: m.since, until: m.until, name: m.organisation.name, sector: m.organisation.sector }))),
      })),
    postgraphile: (d) =>
      d.allPeopleList.map((p) => ({
        key: p.key, name: p.name, email: p.email,
        memberships: sorted(p.membershipsByPersonKeyList.map((m) => ({ key: m.organisationByOrgKey.key, role: m.role, since: m.since, until: m.until, name: m.organisationByOrgKey.name, sector: m.organisationByOrgKey.sector }))),
      })),
  },
  {
    name: 'totalcount',
    title: 'totalCount only (organisations, collaborations, people)',
    connections: [10],
    reseau: (d) => ({ organisations: d.organisations.totalCount, collaborations: d.collaborations.totalCount, people: d.people.totalCount }),
    postgraphile: (d) => ({ organisations: d.allOrganisations.totalCount, collaborations: d.allCollaborations.totalCount, people: d.allPeople.totalCount }),
  },
];

for (const q of QUERIES) {
  for (const dialect of ['reseau', 'postgraphile']) {
    const text = fs.readFileSync(path.join(__dirname, 'queries', `${q.name}.${dialect}.graphql`), 'utf8');
    q[`${dialect}Body`] = JSON.stringify({ query: text });
  }
}

const SERVERS = {
  reseau: { label: 'Réseau', url: RESEAU_URL, headers: { 'content-type': 'application/json', ...(TOKEN ? { authorization: `Bearer ${TOKEN}` } : {}) } },
  postgraphile: { label: 'PostGraphile', url: PEER_URL, headers: { 'content-type': 'application/json' } },
};

async function ask(dialect, q) {
  const s = SERVERS[dialect];
  const res = await fetch(s.url, { method: 'POST', headers: s.headers, body: q[`${dialect}Body`] });
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${s.label} ${q.name}: HTTP ${res.status}, not JSON: ${text.slice(0, 200)}`);
  }
  if (res.status !== 200 || json.errors) {
    const err = new Error(`${s.label} ${q.name}: HTTP ${res.status} ${JSON.stringify(json.errors ?? json).slice(0, 300)}`);
    err.codes = (json.errors ?? []).map((e) => e.extensions?.code);
    throw err;
  }
  return { data: json.data, bytes: Buffer.byteLength(text) };
}

// diff returns the path of the first difference between a and b, or null.
function diff(a, b, at = '') {
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return `${at}: ${a.length} items against ${b.length}`;
    for (let i = 0; i < a.length; i++) {
      const d = diff(a[i], b[i], `${at}[${a[i]?.key ?? i}]`);
      if (d) return d;
    }
    return null;
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) {
      const d = diff(a[k], b[k], `${at}.${k}`);
      if (d) return d;
    }
    return null;
  }
  return a === b ? null : `${at}: ${JSON.stringify(a)} against ${JSON.stringify(b)}`;
}

// leaves counts the scalar values compared.
function leaves(v) {
  if (Array.isArray(v)) return v.reduce((n, x) => n + leaves(x), 0);
  if (v && typeof v === 'object') return Object.values(v).reduce((n, x) => n + leaves(x), 0);
  return 1;
}

async function check() {
  let ok = true;
  for (const q of QUERIES) {
    const [r, p] = await Promise.all([ask('reseau', q), ask('postgraphile', q)]);
    const a = q.reseau(r.data);
    const b = q.postgraphile(p.data);
    const d = diff(a, b);
    q.bytes = { reseau: r.bytes, postgraphile: p.bytes };
    if (d) {
      ok = false;
      console.error(`check ${q.name}: DIFFERENT at ${d}`);
    } else {
      console.error(`check ${q.name}: same data (${leaves(a)} values compared; answers ${r.bytes} and ${p.bytes} bytes)`);
    }
  }
  return ok;
}

// cpuMs returns the CPU time (user + system, ms) used so far by pid, with its
// children when children is true: PostgreSQL's backends are the postmaster's
// children, live ones read one by one, exited ones counted in its cutime/cstime.
const TICK_MS = 10; // USER_HZ is 100 on Linux
function statFields(pid) {
  const s = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  return s.slice(s.lastIndexOf(')') + 2).split(' '); // fields from 3 (state) on
}
function cpuMs(pid, children = false) {
  if (!pid) return NaN;
  const f = statFields(pid);
  let ticks = Number(f[11]) + Number(f[12]); // utime, stime
  if (children) {
    ticks += Number(f[13]) + Number(f[14]); // cutime, cstime
    for (const d of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(d)) continue;
      try {
        const g = statFields(d);
        if (g[1] === String(pid)) ticks += Number(g[11]) + Number(g[12]);
      } catch {
        // gone meanwhile
      }
    }
  }
  return ticks * TICK_MS;
}

function status(pid, field) {
  const m = fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'));
  return m ? Number(m[1]) / 1024 : NaN; // MiB
}

// pgPssMiB is the proportional memory of the PostgreSQL cluster now (PSS counts
// shared buffers once, not once per backend).
function pgPssMiB(pid) {
  if (!pid) return NaN;
  const pids = [String(pid)];
  for (const d of fs.readdirSync('/proc')) {
    if (/^\d+$/.test(d)) {
      try {
        if (statFields(d)[1] === String(pid)) pids.push(d);
      } catch {}
    }
  }
  let kb = 0;
  for (const p of pids) {
    try {
      const m = fs.readFileSync(`/proc/${p}/smaps_rollup`, 'utf8').match(/^Pss:\s+(\d+) kB/m);
      if (m) kb += Number(m[1]);
    } catch {}
  }
  return kb / 1024;
}

const PIDS = { reseau: Number(env('RESEAU_PID', '0')), postgraphile: Number(env('PEER_PID', '0')), pg: Number(env('PG_PID', '0')) };

function cpuOf(dialect) {
  return dialect === 'reseau' ? cpuMs(PIDS.reseau) : cpuMs(PIDS.postgraphile) + cpuMs(PIDS.pg, true);
}

// fire sends amount requests over connections and measures until the last
// answer: a run by count, not by duration, so that no request is left running
// on a server when the other one's round starts (a server may keep working for
// a client that went away), and so that slow queries complete in every round.
async function fire(dialect, q, connections, amount) {
  const s = SERVERS[dialect];
  const before = cpuOf(dialect);
  const t0 = performance.now();
  let last = t0;
  const r = await new Promise((resolve, reject) => {
    const run = autocannon({
      url: s.url, method: 'POST', headers: s.headers, body: q[`${dialect}Body`],
      connections, amount, timeout: TIMEOUT,
    }, (err, res) => (err ? reject(err) : resolve(res)));
    run.on('response', () => { last = performance.now(); });
  });
  // From the first request to the last answer: autocannon's own duration, and
  // the moment it resolves, are rounded up to its 1 s sampling tick.
  const seconds = (last - t0) / 1000;
  const cpu = cpuOf(dialect) - before;
  const n = r.requests.total;
  return {
    n,
    seconds,
    rps: n / seconds,
    p99: r.latency.p99,
    cpuPerReq: n ? cpu / n : NaN,
    bytesPerReq: n ? r.throughput.total / n : 0,
    errors: r.errors + r.non2xx,
    timeouts: r.timeouts,
  };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const fmt = (x, d = 0) => (Number.isFinite(x) ? x.toFixed(d) : '–');

async function load() {
  if (!(await check())) {
    console.error('the two servers do not answer the same data: no load run');
    process.exit(1);
  }
  const rows = [];
  const plan = [];
  for (const c of [10, 50]) for (const q of QUERIES) if (q.connections.includes(c)) plan.push({ q, c });
  for (const { q, c } of plan) {
    // Warm-up and calibration, once per query: one request per connection on
    // each server, then about WARMUP seconds of requests at the rate that
    // showed; the rounds then send as many requests as the two servers'
    // geometric mean rate serves in DURATION seconds (at least one per
    // connection), the same number to both.
    if (!q.rate) {
      const w = {};
      for (const d of ['reseau', 'postgraphile']) {
        const first = await fire(d, q, c, c);
        w[d] = await fire(d, q, c, Math.max(c, Math.round(first.rps * WARMUP)));
      }
      q.rate = Math.sqrt(w.reseau.rps * w.postgraphile.rps);
      console.error(`${q.name} warm-up: ${fmt(w.reseau.rps, 1)} and ${fmt(w.postgraphile.rps, 1)} req/s`);
    }
    const amount = Math.max(c, Math.round(q.rate * DURATION));
    const runs = { reseau: [], postgraphile: [] };
    for (let i = 0; i < ROUNDS; i++) {
      for (const d of ['reseau', 'postgraphile']) {
        const r = await fire(d, q, c, amount);
        runs[d].push(r);
        console.error(`${q.name} c=${c} round ${i + 1} ${SERVERS[d].label}: ${r.n} requests in ${fmt(r.seconds, 1)} s, ${fmt(r.rps, 1)} req/s, p99 ${r.p99} ms, ${fmt(r.cpuPerReq, 1)} ms CPU/req, ${r.errors} errors, ${r.timeouts} timeouts`);
      }
    }
    const m = {};
    for (const d of ['reseau', 'postgraphile']) {
      const rs = runs[d];
      m[d] = {
        rps: median(rs.map((r) => r.rps)),
        p99: median(rs.map((r) => r.p99)),
        cpu: median(rs.map((r) => r.cpuPerReq)),
        errors: rs.reduce((n, r) => n + r.errors, 0),
        timeouts: rs.reduce((n, r) => n + r.timeouts, 0),
        // an answer much smaller than the checked one is an error body
        short: rs.some((r) => r.n > 0 && r.bytesPerReq < 0.9 * q.bytes[d]),
        ratios: null,
      };
    }
    const ratios = runs.reseau.map((r, i) => r.rps / runs.postgraphile[i].rps);
    rows.push({
      q, c, m, amount, ratio: median(ratios), ratios,
      rss: { reseau: status(PIDS.reseau, 'VmHWM'), postgraphile: status(PIDS.postgraphile, 'VmHWM'), pg: pgPssMiB(PIDS.pg) },
    });
  }

  const out = [];
  out.push(`Scale ${env('BENCH_SCALE', '?')}; autocannon, ${ROUNDS} alternating rounds (Réseau, PostGraphile, Réseau, ...) of the same number of requests (about ${DURATION} s of work), after a warm-up; medians. ${new Date().toISOString()}`);
  if (env('BENCH_NOTE', '')) out.push('', env('BENCH_NOTE', ''));
  out.push('');
  out.push('| query | conns | requests per run | Réseau req/s | PostGraphile req/s | **Réseau / PostGraphile** (per round) | p99 ms Réseau / PostGraphile | CPU ms per request Réseau / PostGraphile+PostgreSQL | **CPU ratio** PostGraphile+PostgreSQL / Réseau | errors, timeouts Réseau / PostGraphile |');
  out.push('|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const e = (d) => `${r.m[d].errors}, ${r.m[d].timeouts}${r.m[d].short ? ' (short answers!)' : ''}`;
    out.push(`| ${r.q.title} | ${r.c} | ${r.amount} | ${fmt(r.m.reseau.rps, 1)} | ${fmt(r.m.postgraphile.rps, 1)} | **${fmt(r.ratio, 2)}** (${r.ratios.map((x) => fmt(x, 2)).join(', ')}) | ${fmt(r.m.reseau.p99)} / ${fmt(r.m.postgraphile.p99)} | ${fmt(r.m.reseau.cpu, 1)} / ${fmt(r.m.postgraphile.cpu, 1)} | **${fmt(r.m.postgraphile.cpu / r.m.reseau.cpu, 2)}** | ${e('reseau')} / ${e('postgraphile')} |`);
  }
  out.push('');
  out.push('| memory after | Réseau peak RSS (VmHWM) | PostGraphile (node) peak RSS (VmHWM) | PostgreSQL cluster PSS now |');
  out.push('|---|---|---|---|');
  for (const r of rows) out.push(`| ${r.q.name}, ${r.c} conns | ${fmt(r.rss.reseau)} MiB | ${fmt(r.rss.postgraphile)} MiB | ${fmt(r.rss.pg)} MiB |`);
  out.push('');
  out.push('Answer sizes (bytes, Réseau / PostGraphile): ' + QUERIES.map((q) => `${q.name} ${q.bytes.reseau} / ${q.bytes.postgraphile}`).join('; '));
  console.log(out.join('\n'));
}

const cmd = process.argv[2];
if (cmd === 'check') {
  check().then((ok) => process.exit(ok ? 0 : 1), (e) => { console.error(e.message); process.exit(e.codes?.includes('COMPLEXITY_LIMIT_EXCEEDED') ? 3 : 2); });
} else if (cmd === 'load') {
  load().catch((e) => { console.error(e.message); process.exit(2); });
} else {
  console.error('usage: node bench.js check|load');
  process.exit(2);
}
