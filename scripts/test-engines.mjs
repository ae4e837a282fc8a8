// `npm test`: the whole suite in each engine in turn — Chromium, Firefox, WebKit — one
// web-test-runner run each (engines one after another: on 2 cores, concurrent engines make
// timing-sensitive tests flaky). Prints each engine's results and time, then the total;
// fails if any engine failed. ENGINES=webkit,firefox picks some; other arguments go to wtr
// (e.g. --files test/sse.test.ts).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const engines = (process.env.ENGINES ?? 'chromium,firefox,webkit').split(',').map((name) => name.trim()).filter(Boolean);
const dir = mkdtempSync(join(tmpdir(), 'stream-chat-engines-'));
const results = [];
for (const engine of engines) {
  console.log(`\n=== ${engine} ===`);
  const summaryFile = join(dir, `${engine}.json`);
  const started = Date.now();
  const run = spawnSync(process.execPath, ['node_modules/@web/test-runner/dist/bin.js', ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, ENGINE: engine, SUMMARY_FILE: summaryFile },
  });
  const seconds = Math.round((Date.now() - started) / 1000);
  let summary;
  try {
    summary = JSON.parse(readFileSync(summaryFile, 'utf8'));
  } catch {
    summary = { engine, browser: engine, passed: 0, failed: 1, skipped: 0 }; // it never reported
  }
  results.push({ ...summary, seconds, ok: run.status === 0 && summary.failed === 0 });
}
rmSync(dir, { recursive: true, force: true });

console.log('\n=== every engine ===');
for (const r of results) {
  console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${r.browser.padEnd(24)} ${String(r.passed).padStart(4)} passed, ${r.failed} failed, ${r.skipped} skipped  in ${r.seconds} s`);
  for (const title of r.failedTitles ?? []) console.log(`       failed: ${title}`); // repeated here: CI logs keep the tail
}
const total = (key) => results.reduce((sum, r) => sum + r[key], 0);
console.log(`total: ${total('passed')} passed, ${total('failed')} failed, ${total('skipped')} skipped`);
process.exit(results.every((r) => r.ok) ? 0 : 1);
