// The repository is self-contained: no test, script, build step or source reads outside
// it (a user's clone has nothing beside it). Only docs/ may mention such paths.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';

const ROOT = new URL('../..', import.meta.url).pathname;
const SKIPPED = new Set(['.git', 'node_modules', 'dist', 'docs']);
// Built from parts so this file does not match itself.
const OUTSIDE = ['..' + '/shared', '__wds-outside' + '-root__', '/work' + '/shared'];

function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIPPED.has(entry.name) && dir === ROOT) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (entry.isFile()) yield path;
  }
}

test('no file outside docs/ refers to a path outside the repository', () => {
  const offenders = [];
  for (const path of files(ROOT)) {
    const text = readFileSync(path, 'latin1');
    const found = OUTSIDE.filter((needle) => text.includes(needle));
    if (found.length) offenders.push(`${relative(ROOT, path)} (${found.join(', ')})`);
  }
  assert.deepEqual(offenders, []);
});
