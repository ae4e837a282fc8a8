// The bundle's size budget: dist/stream-chat.js at or under 60 KB gzip -9 (61,440 bytes).
// Every feature pays from it; the build fails above it. The optional highlighting add-on,
// dist/highlight.js, has a budget of its own: 15 KB gzip -9.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

export const BUDGET_BYTES = 61_440;
export const HIGHLIGHT_BUDGET_BYTES = 15_360;

/** gzip -9 size of a file, in bytes. */
export function gzipSize(file) {
  return gzipSync(readFileSync(file), { level: 9 }).length;
}

/** The one size line the build prints; throws when the file is over the budget. */
export function checkBudget(file, budget = BUDGET_BYTES) {
  const bytes = gzipSize(file);
  const line = `${file}: ${bytes.toLocaleString('en')} bytes gzip -9 (budget ${budget.toLocaleString('en')})`;
  if (bytes > budget) throw new Error(`${line}: over the budget by ${(bytes - budget).toLocaleString('en')} bytes.`);
  return line;
}

/** Vite plugin: prints the bundle's size after every build and fails the build above the budget. */
export function bundleBudget(file = 'dist/stream-chat.js', budget = BUDGET_BYTES) {
  return {
    name: 'bundle-budget',
    apply: 'build',
    closeBundle() {
      console.log(`\n${checkBudget(file, budget)}`);
    },
  };
}
