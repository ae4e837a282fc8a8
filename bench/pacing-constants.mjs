// How src/render/pacing.ts writes the two constants `BENCH=frontier` reads (the shipped
// budget) and rewrites (bench/frontier.vite.config.mjs): one definition for both.
export const UPDATE_BUDGET = /const UPDATE_BUDGET_MS = ([\d.]+);/;
export const MAX_FRAME_CHARS = /const MAX_FRAME_CHARS = \d+;/;
