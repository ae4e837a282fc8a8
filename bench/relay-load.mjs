#!/usr/bin/env node
// `npm run bench:relay`: 1,000 concurrent streams through ONE relay instance (a CLI process)
// against the fake OpenAI-compatible upstream, all on 127.0.0.1, first straight to the
// upstream (the baseline), then through the relay with its in-memory store, then with
// Redis (when redis-server is installed). Reports events per second, the latency each
// event gains on its way (upstream send → client receive, p50/p99), and the relay's memory.
// Bounded: STREAMS streams of WORDS events each, and a 120 s deadline per run.
import { existsSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { startFakeUpstream } from '../test/servers/fake-upstream.mjs';
import { readSse } from '../dist/server/sse.js';
import { startRedis, startRelay } from '../test/relay/harness.mjs';

const STREAMS = Number(process.env.STREAMS ?? 1000);
const WORDS = Number(process.env.WORDS ?? 50);
const DELAY_MS = Number(process.env.DELAY ?? 50);
const DEADLINE_MS = 120_000;

const now = () => performance.timeOrigin + performance.now();
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

/** CPU time (user + system) a process has used, in seconds (Linux /proc, 100 ticks/s). */
function cpuSecondsOf(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** RSS and its peak of a process, in MB (Linux /proc). */
function memoryOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field) => Number(status.match(new RegExp(`${field}:\\s+(\\d+)`))[1]);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

/** Runs STREAMS concurrent streams against `url`; returns the figures. */
async function load(url, { relay } = {}) {
  const latencies = [];
  let events = 0;
  let failed = 0;
  let peakRss = 0;
  const sampler = relay && setInterval(() => (peakRss = Math.max(peakRss, memoryOf(relay.pid).rss)), 100);
  const deadline = AbortSignal.timeout(DEADLINE_MS);
  const cpuBefore = relay && cpuSecondsOf(relay.pid);
  const started = now();
  await Promise.all(
    Array.from({ length: STREAMS }, async (_, i) => {
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-stream-id': `bench-${process.pid}-${started}-${i}` },
          body: JSON.stringify({ model: 'bench-model', stream: true, messages: [{ role: 'user', content: `stream ${i}` }] }),
          signal: deadline,
        });
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        for await (const event of readSse(response.body)) {
          if (!event.data.startsWith('{')) continue;
          const { t } = JSON.parse(event.data);
          if (typeof t === 'number') latencies.push(now() - t);
          events++;
        }
      } catch {
        failed++;
      }
    }),
  );
  const seconds = (now() - started) / 1000;
  clearInterval(sampler);
  latencies.sort((a, b) => a - b);
  return {
    seconds,
    events,
    failed,
    eventsPerSecond: events / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    peakRss: relay ? Math.max(peakRss, memoryOf(relay.pid).rss) : undefined,
    cpu: relay ? cpuSecondsOf(relay.pid) - cpuBefore : undefined,
  };
}

const loadBefore = loadavg().map((l) => l.toFixed(1)).join(', ');
const upstream = await startFakeUpstream();
const upstreamUrl = `${upstream.url}/v1/chat/completions?words=${WORDS}&delay=${DELAY_MS}&stamp=1`;
const rows = [];
const row = (name, r, idleRss) =>
  rows.push(
    `| ${name} | ${STREAMS - r.failed}/${STREAMS} | ${r.events} | ${r.seconds.toFixed(1)} | ${Math.round(r.eventsPerSecond)} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${idleRss === undefined ? '–' : `${idleRss.toFixed(0)} → ${r.peakRss.toFixed(0)}`} | ${r.cpu === undefined ? '–' : r.cpu.toFixed(1)} |`,
  );

console.log(`${STREAMS} concurrent streams × ${WORDS + 3} events (one every ${DELAY_MS} ms), all on 127.0.0.1…`);
row('straight to the upstream (baseline)', await load(upstreamUrl));

async function throughRelay(name, extraArgs = []) {
  const relay = await startRelay(['--upstream', upstreamUrl, '--model', 'bench-model', ...extraArgs]);
  try {
    const idle = memoryOf(relay.pid).rss;
    row(name, await load(relay.url, { relay }), idle);
  } finally {
    await relay.stop();
  }
}
await throughRelay('relay, in-memory store');
const redisServer = process.env.REDIS_SERVER ?? '/usr/bin/redis-server';
if (existsSync(redisServer)) {
  const redis = await startRedis();
  try {
    await throughRelay('relay, Redis store', ['--redis', redis.url]);
  } finally {
    await redis.stop();
  }
}
await upstream.close();

console.log(`\nload average before the runs: ${loadBefore}; after: ${loadavg().map((l) => l.toFixed(1)).join(', ')} (${cpus().length} CPUs)`);
console.log('\n| run | streams ok | events | seconds | events/s | latency p50 (ms) | latency p99 (ms) | relay RSS idle → peak (MB) | relay CPU (s) |');
console.log('|---|---|---|---|---|---|---|---|---|');
for (const line of rows) console.log(line);
