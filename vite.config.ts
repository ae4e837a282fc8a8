import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';

/** Prints the bundle's gzip size on every build: the size budget is 45 KB. */
function reportGzipSize(): Plugin {
  return {
    name: 'report-gzip-size',
    apply: 'build',
    closeBundle() {
      const code = readFileSync('dist/stream-chat.js');
      const gzip = gzipSync(code, { level: 9 }).length;
      console.log(`\nbundle: dist/stream-chat.js ${(code.length / 1024).toFixed(1)} KB, ${(gzip / 1024).toFixed(1)} KB gzip (${gzip} bytes; budget 46080)`);
    },
  };
}

export default defineConfig({
  build: {
    lib: { entry: 'src/stream-chat.ts', formats: ['es'], fileName: () => 'stream-chat.js' },
    target: 'es2022',
    minify: 'oxc',
    sourcemap: false,
    emptyOutDir: false,
    rolldownOptions: { output: { codeSplitting: false, minify: true } },
  },
  plugins: [reportGzipSize()],
});
