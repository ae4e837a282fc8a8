import { transform as transformCss } from 'lightningcss';
import { minify } from 'terser';
import { defineConfig, type Plugin } from 'vite';
import { HIGHLIGHT_BUDGET_BYTES, bundleBudget } from './scripts/bundle-budget.mjs';

/**
 * Minifies the CSS of Lit's css`` templates in our sources, which the JS minifier leaves as
 * written (comments, indentation), with lightningcss (Vite's own CSS minifier). A template
 * that is a bare declaration list is minified inside a rule; each `${}` (declarations of
 * another template) stands in as a custom property meanwhile.
 */
function minifyLitCss(): Plugin {
  return {
    name: 'minify-lit-css',
    apply: 'build',
    transform(code, id) {
      if (!/\/src\/.*\.ts$/.test(id) || !code.includes('css`')) return;
      return code.replace(/\bcss`((?:[^`$]|\$\{\w+\})*)`/g, (_, text: string) => {
        const slots: string[] = [];
        const css = text.replace(/\$\{\w+\}/g, (slot) => `--lit-slot-${slots.push(slot) - 1}:0;`);
        const list = !css.includes('{'); // a declaration list, for another template's rule
        const { code: min } = transformCss({ filename: 'lit.css', code: Buffer.from(list ? `x{${css}}` : css), minify: true });
        const body = (list ? `${min.toString().slice(2, -1)};` : min.toString()).replace(/[`\\]/g, '\\$&');
        return `css\`${body.replace(/--lit-slot-(\d+):0;?/g, (_m, i) => slots[Number(i)])}\``;
      });
    },
  };
}

/**
 * marked's module builds a default instance and the `marked()` function with a dozen
 * static properties at load, which the bundler keeps (writes to a function's properties
 * count as side effects) although the widget uses only `Lexer` and `Marked`: cut them.
 * The shape is checked, so a marked release that changes it fails the build loudly.
 */
function markedWithoutDefaultInstance(): Plugin {
  return {
    name: 'marked-without-default-instance',
    apply: 'build',
    transform(code, id) {
      if (!id.endsWith('/marked/lib/marked.esm.js')) return;
      const start = code.search(/;var \w+=new \w+;function \w+\(/);
      const end = code.indexOf(';export{');
      if (start < 0 || end < start) throw new Error(`${id}: not the shape this plugin cuts (var … = new Marked; function marked(…) … export{…})`);
      const kept = code.slice(end + 8, code.indexOf('}', end)).split(',').filter((entry) => / as (Lexer|Marked)$/.test(entry));
      return `${code.slice(0, start)};export{${kept.join(',')}};`;
    },
  };
}

/**
 * A second pass over the minified bundle with terser, whose compressor finds what oxc's
 * leaves (≈0.7 KB gzip on this bundle: folded constants, joined declarations, shorter
 * conditionals) — oxc alone keeps builds fast, terser alone gives a larger file.
 */
function terserPass(): Plugin {
  return {
    name: 'terser-pass',
    apply: 'build',
    async generateBundle(_options, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk') continue;
        const { code } = await minify(chunk.code, { module: true, ecma: 2020, compress: { passes: 2, unsafe_arrows: true } });
        if (code) chunk.code = code;
      }
    },
  };
}

/**
 * Two separate builds, so that each file is one self-contained module with nothing shared:
 * the widget (`vite build`), and the optional highlighting add-on (`vite build --mode
 * highlight`, dist/highlight.js, see src/highlight.ts), each with its own budget.
 */
export default defineConfig(({ mode }) => {
  const addOn = mode === 'highlight';
  const file = addOn ? 'highlight.js' : 'stream-chat.js';
  return {
    // Vite's own report (raw and gzip sizes at another level) is left out: the one size
    // figure printed is bundleBudget's, counted as the budget is (gzip -9).
    logLevel: 'warn',
    build: {
      lib: { entry: addOn ? 'src/highlight.ts' : 'src/stream-chat.ts', formats: ['es'], fileName: () => file },
      target: 'es2022',
      minify: 'oxc',
      sourcemap: false,
      reportCompressedSize: false,
      emptyOutDir: false,
      // The terser pass takes seconds by design: no timing warning about it.
      rolldownOptions: { output: { codeSplitting: false, minify: true }, checks: { pluginTimings: false } },
    },
    plugins: [minifyLitCss(), markedWithoutDefaultInstance(), terserPass(), addOn ? bundleBudget(`dist/${file}`, HIGHLIGHT_BUDGET_BYTES) : bundleBudget()],
  };
});
