// The Node versions package.json states are the ones every installed package supports: no
// EBADENGINE warning on `npm ci` with the oldest Node the README names.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
// semver comes with the dev tooling (@web/test-runner, the manifest analyzer); npm uses the same.
import semver from 'semver';

const ROOT = new URL('../..', import.meta.url).pathname;
const pkg = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8'));
const lock = JSON.parse(readFileSync(`${ROOT}package-lock.json`, 'utf8'));

test('package.json states the Node versions, and this Node is one of them', () => {
  assert.ok(pkg.engines?.node, 'no engines.node');
  assert.ok(semver.satisfies(process.version, pkg.engines.node), `${process.version} is outside ${pkg.engines.node}`);
});

/**
 * `ai` 7 (and its @ai-sdk packages) declares Node >= 22 although it runs on Node 20 (the
 * AI SDK test server runs it there in every `npm test`); the README names this one
 * exception. Any other package that declares it needs a newer Node fails this test.
 */
const DECLARED_NODE_22 = /^node_modules\/(ai|@ai-sdk\/[\w-]+)$/;

test('every locked package supports the oldest Node of each stated major version (but the ai 7 exception)', () => {
  const oldest = pkg.engines.node.split('||').map((range) => semver.minVersion(range.trim()).version);
  const unsupported = Object.entries(lock.packages).flatMap(([path, entry]) =>
    oldest.filter((version) => entry.engines?.node && !semver.satisfies(version, entry.engines.node) && !DECLARED_NODE_22.test(path))
      .map((version) => `${path} wants node ${entry.engines.node}, not ${version}`));
  assert.deepEqual(unsupported, []);
  // The exception is only a devDependency, never something a consumer installs.
  for (const [path, entry] of Object.entries(lock.packages)) if (DECLARED_NODE_22.test(path)) assert.equal(entry.dev, true, path);
});

test('the README names the same Node versions', () => {
  const readme = readFileSync(`${ROOT}README.md`, 'utf8');
  assert.match(readme, /Node 20\.19\+ or 22\.13\+/);
  assert.match(readme, /`ai` 7 and its `@ai-sdk\/\*` packages declare Node 22/);
});
