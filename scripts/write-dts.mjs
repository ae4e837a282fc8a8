// dist/stream-chat.d.ts: the element's types, re-exported from tsc's declarations.
import { writeFileSync } from 'node:fs';
writeFileSync('dist/stream-chat.d.ts', "export * from './types/stream-chat.js';\nexport { StreamChat as default } from './types/stream-chat.js';\n");
