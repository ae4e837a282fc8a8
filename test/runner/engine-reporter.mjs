// After the run, one plain line for the engine — `firefox: 226 passed, 0 failed, 2 skipped`
// — the titles of skipped and failed tests, and the same figures as JSON for
// scripts/test-engines.mjs when it asks for them (SUMMARY_FILE).
import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';

function* tests(suite, path = []) {
  for (const test of suite?.tests ?? []) yield { ...test, title: [...path, test.name].join(' > ') };
  for (const child of suite?.suites ?? []) yield* tests(child, [...path, child.name]);
}

export function engineReporter(engine) {
  let browser = engine;
  let launchers = [];
  return {
    start({ browsers }) {
      launchers = browsers;
    },
    async stop({ sessions }) {
      // Puppeteer's launchers know their browser's version once it runs; WebKit's names it.
      const versions = await Promise.all(launchers.map((launcher) => launcher.browser?.version?.().catch(() => undefined)));
      browser = launchers.map((launcher, i) => versions[i] ?? launcher.name).join(', ');
      const summary = { engine, browser, passed: 0, failed: 0, skipped: 0, skippedTitles: [], failedTitles: [] };
      for (const session of sessions) {
        for (const test of tests(session.testResults)) {
          if (test.skipped) (summary.skipped++, summary.skippedTitles.push(`${relative(process.cwd(), session.testFile)}: ${test.title}`));
          else if (test.passed) summary.passed++;
          else (summary.failed++, summary.failedTitles.push(`${relative(process.cwd(), session.testFile)}: ${test.title}`));
        }
        // A file that failed outside its tests (it did not load, a hook threw) counts once.
        const testFailed = [...tests(session.testResults)].some((test) => !test.passed && !test.skipped);
        if (!testFailed && (session.errors.length || !session.passed)) {
          summary.failed++;
          summary.failedTitles.push(`${relative(process.cwd(), session.testFile)}: ${session.errors[0]?.message ?? 'failed outside its tests'}`);
        }
      }
      for (const title of summary.skippedTitles) console.log(`  skipped in ${browser}: ${title}`);
      for (const title of summary.failedTitles) console.log(`  FAILED in ${browser}: ${title}`);
      console.log(`${engine}: ${summary.passed} passed, ${summary.failed} failed, ${summary.skipped} skipped`);
      if (process.env.SUMMARY_FILE) writeFileSync(process.env.SUMMARY_FILE, JSON.stringify(summary));
    },
  };
}
