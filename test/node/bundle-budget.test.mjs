// The bundle budget (60 KB gzip -9): the build fails above it and prints one size figure.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { randomBytes } from 'node:crypto';
import { BUDGET_BYTES, HIGHLIGHT_BUDGET_BYTES, bundleBudget, gzipSize } from '../../scripts/bundle-budget.mjs';

const ROOT = new URL('../..', import.meta.url).pathname;

test('the budget is 61,440 bytes and the built bundle is within it', () => {
  assert.equal(BUDGET_BYTES, 61_440);
  const bytes = gzipSize(join(ROOT, 'dist/stream-chat.js'));
  assert.ok(bytes <= BUDGET_BYTES, `dist/stream-chat.js is ${bytes} bytes gzip -9, over ${BUDGET_BYTES}`);
});

test('a bundle over the budget fails the build step, naming its size', () => {
  const dir = mkdtempSync(join(tmpdir(), 'budget-'));
  try {
    const file = join(dir, 'big.js');
    writeFileSync(file, randomBytes(70_000).toString('base64')); // incompressible enough: > 61,440 gzip
    assert.throws(() => bundleBudget(file).closeBundle(), /over the budget/);
    const small = join(dir, 'small.js');
    writeFileSync(small, 'export {};');
    bundleBudget(small).closeBundle();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('vite.config.ts uses the budget plugin and vite prints no size figure of its own', () => {
  const out = execFileSync('npx', ['vite', 'build'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const figures = out.match(/\d[\d.,]* ?(kB|KB|bytes)\b/g) ?? [];
  assert.equal(figures.length, 1, `expected one size figure, got: ${figures.join(' | ')}`);
  assert.match(out, /dist\/stream-chat\.js: [\d,]+ bytes gzip -9 \(budget 61,440\)/);
});

test('the highlighting add-on has its own budget, 15,360 bytes, and its own build', () => {
  assert.equal(HIGHLIGHT_BUDGET_BYTES, 15_360);
  const out = execFileSync('npx', ['vite', 'build', '--mode', 'highlight'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  assert.match(out, /dist\/highlight\.js: [\d,]+ bytes gzip -9 \(budget 15,360\)/);
  const bytes = gzipSize(join(ROOT, 'dist/highlight.js'));
  assert.ok(bytes <= HIGHLIGHT_BUDGET_BYTES, `dist/highlight.js is ${bytes} bytes gzip -9, over ${HIGHLIGHT_BUDGET_BYTES}`);
});
