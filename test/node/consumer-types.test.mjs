// The package as a consumer gets it: `npm pack`, installed from the tarball into a fresh
// project (offline: the package has no dependencies), then `tsc --strict` with
// skipLibCheck off and no Lit installed, on typed usage (test/consumer/usage.ts) and on
// mistakes that must not compile (test/consumer/mistakes.ts). Needs a build (npm test runs one).
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

const ROOT = new URL('../..', import.meta.url).pathname;
const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');
let project;
let packed;

before(() => {
  project = mkdtempSync(join(tmpdir(), 'stream-chat-consumer-'));
  // The build just ran (npm test): pack what it made, without building again.
  const [info] = JSON.parse(
    execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', project], { cwd: ROOT, encoding: 'utf8' }),
  );
  packed = info;
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', `./${info.filename}`], { cwd: project, stdio: 'pipe' });
  const compilerOptions = {
    strict: true, skipLibCheck: false, noEmit: true, target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext',
    lib: ['ES2022', 'DOM', 'DOM.Iterable'], types: [],
  };
  for (const name of ['usage', 'mistakes']) {
    copyFileSync(join(ROOT, `test/consumer/${name}.ts`), join(project, `${name}.ts`));
    writeFileSync(join(project, `tsconfig.${name}.json`), JSON.stringify({ compilerOptions, files: [`${name}.ts`] }));
  }
});

after(() => rmSync(project, { recursive: true, force: true }));

const tsc = (name) => spawnSync(process.execPath, [TSC, '-p', `tsconfig.${name}.json`, '--pretty', 'false'], { cwd: project, encoding: 'utf8' });

test('a git install builds dist/: prepare runs the build (dist/ is not in git)', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  assert.equal(pkg.scripts.prepare, 'npm run build');
  assert.match(readFileSync(join(ROOT, '.gitignore'), 'utf8'), /^dist\/$/m);
  assert.ok(pkg.files.includes('dist'));
});

test('the tarball holds the bundle, its types and the manifest, nothing else of the build', () => {
  const files = packed.files.map((f) => f.path).sort();
  const dist = files.filter((f) => f.startsWith('dist/'));
  assert.deepEqual(dist.filter((f) => !f.startsWith('dist/server/')), ['dist/highlight.d.ts', 'dist/highlight.js', 'dist/stream-chat.d.ts', 'dist/stream-chat.js']);
  // The relay (`stream-chat-element/server`, the CLI): its modules and their types only.
  assert.ok(dist.includes('dist/server/index.js') && dist.includes('dist/server/index.d.ts') && dist.includes('dist/server/cli.js'));
  assert.deepEqual(dist.filter((f) => f.startsWith('dist/server/') && !/\.(js|d\.ts)$/.test(f)), []);
  for (const file of ['custom-elements.json', 'README.md', 'package.json']) assert.ok(files.includes(file), `${file} is not packed`);
  const installed = join(project, 'node_modules/stream-chat-element');
  assert.ok(existsSync(join(installed, 'dist/stream-chat.js')));
  // The bundle exports the element's class and the headless ChatSession, and only them (both declared in the .d.ts).
  const exports = readFileSync(join(installed, 'dist/stream-chat.js'), 'utf8').match(/export\s*\{([^}]*)\};?\s*$/)?.[1] ?? '';
  assert.deepEqual(exports.split(',').map((name) => name.trim().split(/\s+as\s+/).pop()).sort(), ['ChatSession', 'StreamChat']);
  assert.equal(existsSync(join(project, 'node_modules/lit')), false, 'lit must not come with the package');
  // The highlighting add-on (`stream-chat-element/highlight`): one module apart, with highlight.js inside.
  const addOn = readFileSync(join(installed, 'dist/highlight.js'), 'utf8');
  assert.doesNotMatch(addOn, /^\s*import\b|\bimport\s*\(|\bfrom\s*["']/m, 'dist/highlight.js imports nothing');
  const addOnExports = addOn.match(/export\s*\{([^}]*)\};?\s*$/)?.[1] ?? '';
  assert.deepEqual(addOnExports.split(',').map((name) => name.trim().split(/\s+as\s+/).pop()).sort(), ['highlight', 'registerLanguage']);
  assert.equal(existsSync(join(project, 'node_modules/highlight.js')), false, 'highlight.js must not come with the package');
  assert.doesNotMatch(readFileSync(join(installed, 'dist/stream-chat.js'), 'utf8'), /hljs/, 'the widget bundle holds no highlight.js');
  // custom-elements.json types each event with a detail type the .d.ts exports.
  const dts = readFileSync(join(installed, 'dist/stream-chat.d.ts'), 'utf8');
  const manifest = JSON.parse(readFileSync(join(installed, 'custom-elements.json'), 'utf8'));
  const element = manifest.modules.flatMap((m) => m.declarations ?? []).find((d) => d.tagName === 'stream-chat');
  for (const event of element.events) {
    const detail = event.type?.text.match(/^CustomEvent<(\w+)>$/)?.[1];
    assert.ok(detail && dts.includes(`export interface ${detail} `), `${event.name}: ${event.type?.text} is not an exported detail type`);
  }
});

test('typed usage compiles: strict, skipLibCheck false, lit not installed', () => {
  const result = tsc('usage');
  assert.equal(result.status, 0, result.stdout + result.stderr);
});

test('mistakes do not compile, each with the expected error', () => {
  const result = tsc('mistakes');
  const source = readFileSync(join(project, 'mistakes.ts'), 'utf8').split('\n');
  const expected = source.flatMap((line, i) => {
    const code = line.match(/\/\/ error (TS\d+)/)?.[1];
    return code ? [`${i + 1} ${code}`] : [];
  });
  const got = [...result.stdout.matchAll(/^mistakes\.ts\((\d+),\d+\): error (TS\d+)/gm)].map((m) => `${m[1]} ${m[2]}`);
  assert.deepEqual(got, expected, result.stdout);
});

test('every public member of the element is declared in the published types', () => {
  const result = spawnSync(process.execPath, [TSC, '-p', 'test/consumer/tsconfig.json', '--pretty', 'false'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(result.status, 0, result.stdout + result.stderr);
});
