// The AI SDK recipe in docs/backends.md is the file the AI SDK test server runs
// (test/servers/ai-sdk-server.mjs imports docs/examples/ai-sdk-chat-route.mjs): the docs
// must show it verbatim, so what the suite tests against the current `ai` is what users copy.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

const ROOT = new URL('../..', import.meta.url).pathname;

test('docs/backends.md shows the tested AI SDK route verbatim', () => {
  const recipe = readFileSync(`${ROOT}docs/examples/ai-sdk-chat-route.mjs`, 'utf8');
  const docs = readFileSync(`${ROOT}docs/backends.md`, 'utf8');
  assert.ok(docs.includes('```js\n' + recipe + '```'), 'the recipe in docs/backends.md differs from docs/examples/ai-sdk-chat-route.mjs');
  assert.match(readFileSync(`${ROOT}test/servers/ai-sdk-server.mjs`, 'utf8'), /from '\.\.\/\.\.\/docs\/examples\/ai-sdk-chat-route\.mjs'/);
});

test('the recipe awaits convertToModelMessages and keeps system messages out of `messages` (ai ≥ 6, ai 7)', () => {
  const recipe = readFileSync(`${ROOT}docs/examples/ai-sdk-chat-route.mjs`, 'utf8');
  assert.match(recipe, /await convertToModelMessages\(/);
  assert.match(recipe, /streamText\(\{ model, instructions, messages/);
});

test('the devDependency `ai` is 7.x', () => {
  const pkg = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8'));
  const installed = JSON.parse(readFileSync(`${ROOT}node_modules/ai/package.json`, 'utf8'));
  assert.match(pkg.devDependencies.ai, /^\^?7\./);
  assert.match(installed.version, /^7\./);
});
