export default {
  globs: ['src/stream-chat.ts', 'src/stream-chat-attributes.ts'],
  outdir: '.',
  litelement: true,
};
