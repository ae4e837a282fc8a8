// The built bundle under a strict Content-Security-Policy with Trusted Types enforced:
// test/csp/index.html, served by the backend with its CSP header, framed here; its
// scripts report back by postMessage. Needs `npm run build` (npm test builds first).
import { expect } from '@open-wc/testing';
import { BACKEND } from './helpers.js';

const BUNDLE = `${BACKEND}/dist/stream-chat.js`;

interface Report {
  status: string;
  length: number;
  tags: string[];
  text: number;
  enforced: boolean;
  violations: { directive: string; blocked: string; sample: string }[];
  policies: string[];
  errors: string[];
  atLoad: string[];
  after: string[];
}

/** Frames a CSP page and resolves with its report. */
function runPage(page: string): Promise<Report> {
  return new Promise((resolve, reject) => {
    const frame = document.createElement('iframe');
    const timer = setTimeout(() => reject(new Error('The CSP page sent no report (is dist/ built?)')), 12_000);
    window.addEventListener('message', function onMessage(event) {
      if (event.origin !== new URL(BACKEND).origin || event.data?.type !== 'stream-chat-csp') return;
      window.removeEventListener('message', onMessage);
      clearTimeout(timer);
      frame.remove();
      resolve(event.data);
    });
    frame.src = page;
    document.body.append(frame);
  });
}

for (const [name, page] of [
  ['strict CSP and Trusted Types (built bundle)', `${BACKEND}/test/csp/index.html`],
  ['strict CSP, only the documented Trusted Types policy names allowed', `${BACKEND}/test/csp/named.html`],
]) {
describe(name, function () {
  this.timeout(20_000);
  let report: Report;

  before(async () => {
    report = await runPage(page);
  });

  it('the page really enforces its policy: a string into innerHTML throws and is reported', () => {
    // (The CSP header itself is not readable cross-origin: its effect is what counts.)
    expect(report.enforced).to.be.true;
    expect(report.violations.filter((v) => v.sample.includes('csp-probe'))).to.have.length(1);
  });

  it('streams a markdown answer into the shadow DOM with no CSP violation and no error', () => {
    expect(report.status).to.equal('complete');
    expect(report.text).to.be.greaterThan(100);
    expect(report.tags.some((tag) => ['h2', 'h3', 'table', 'pre', 'ul', 'ol'].includes(tag)), report.tags.join()).to.be.true;
    expect(report.violations.filter((v) => !v.sample.includes('csp-probe'))).to.deep.equal([]);
    expect(report.errors).to.deep.equal([]);
  });

  it('creates exactly the expected Trusted Types policies: stream-chat once, lit-html per copy, no dompurify', () => {
    // The bundle is loaded twice: each copy's Lit creates `lit-html`; only the copy that
    // defined the element sanitizes, and DOMPurify runs inside our `stream-chat` policy.
    expect([...report.policies].sort()).to.deep.equal(['lit-html', 'lit-html', 'stream-chat']);
  });

  it('loading the bundle twice does not throw', () => {
    expect(report.atLoad.filter((url) => url.startsWith(BUNDLE))).to.have.length(2);
    expect(report.errors).to.deep.equal([]);
  });

  it('the bundle has no import statement and fetches nothing at load but itself', async () => {
    const code = await (await fetch(BUNDLE)).text();
    expect(code.length).to.be.greaterThan(10_000);
    // `import x from`, `import {`, `import "x"`, `import(…)`, `import.meta` — not `.importNode`.
    expect(code.match(/(?:^|[^\w$.])import(?:\s+[\w${*"']|\s*[{*"'(]|\s*\.\s*meta)/gm) ?? []).to.deep.equal([]);
    const origin = new URL(page).origin;
    expect(report.atLoad.map((url) => url.replace(origin, ''))).to.have.members([
      '/test/csp/probe.js',
      '/dist/stream-chat.js',
      '/dist/stream-chat.js?copy=2',
      '/test/csp/page.js',
    ]);
    // After a whole answer: only the chat request itself was added.
    expect(report.after.filter((url) => !report.atLoad.includes(url)).map((url) => url.replace(origin, ''))).to.deep.equal([
      '/api/chat?format=openai&speed=1',
    ]);
  });
});
}
