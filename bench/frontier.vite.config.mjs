// The widget's build (vite.config.ts) with another pacing budget, for `BENCH=frontier`:
// FRONTIER_BUDGET_MS replaces the time one update may take (a number, or Infinity for
// updates that show all the text waiting), with no cap on the characters per update; the
// bundle goes to FRONTIER_OUT_DIR. Only the bench builds with it.
import { defineConfig } from 'vite';
import widgetConfig from '../vite.config.ts';
import { MAX_FRAME_CHARS, UPDATE_BUDGET } from './pacing-constants.mjs';

/** Rewrites the two constants of src/render/pacing.ts; fails loudly if they changed. */
function pacingBudget(budgetMs) {
  return {
    name: 'frontier-pacing-budget',
    enforce: 'pre',
    transform(code, id) {
      if (!id.endsWith('/src/render/pacing.ts')) return;
      if (!UPDATE_BUDGET.test(code) || !MAX_FRAME_CHARS.test(code)) throw new Error(`${id}: UPDATE_BUDGET_MS or MAX_FRAME_CHARS not found`);
      return code.replace(UPDATE_BUDGET, `const UPDATE_BUDGET_MS = ${budgetMs};`).replace(MAX_FRAME_CHARS, 'const MAX_FRAME_CHARS = Infinity;');
    },
  };
}

export default defineConfig((env) => {
  const widget = widgetConfig(env);
  return {
    ...widget,
    build: { ...widget.build, outDir: process.env.FRONTIER_OUT_DIR, emptyOutDir: true },
    // The size line and budget check are the shipped bundle's, not a variant's.
    plugins: [pacingBudget(Number(process.env.FRONTIER_BUDGET_MS)), ...widget.plugins.filter((plugin) => plugin.name !== 'bundle-budget')],
  };
});
