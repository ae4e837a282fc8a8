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

test('every locked package supports the oldest Node of each stated major version', () => {
  const oldest = pkg.engines.node.split('||').map((range) => semver.minVersion(range.trim()).version);
  const unsupported = Object.entries(lock.packages).flatMap(([path, entry]) =>
    oldest.filter((version) => entry.engines?.node && !semver.satisfies(version, entry.engines.node))
      .map((version) => `${path} wants node ${entry.engines.node}, not ${version}`));
  assert.deepEqual(unsupported, []);
});

test('the README names the same Node versions', () => {
  const readme = readFileSync(`${ROOT}README.md`, 'utf8');
  assert.match(readme, /Node 20\.19\+ or 22\.13\+/);
});
