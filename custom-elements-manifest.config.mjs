export default {
  globs: ['src/stream-chat.ts'],
  outdir: '.',
  litelement: true,
};
