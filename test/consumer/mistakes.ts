// Each marked line must NOT compile against the published types (checked by
// test/node/consumer-types.test.mjs, which expects exactly these errors).
import DefaultExport from 'stream-chat-element'; // error TS1192: there is no default export
import 'stream-chat-element';

const el = document.querySelector('stream-chat')!;
el.addEventListener('stream-complete', (e) => e.detail.message.statuz); // error TS2551
el.addEventListener('stream-error', (e) => e.detail.error.toUpperCase()); // error TS2339
el.protocol = 'ndjosn'; // error TS2820: did you mean ndjson
void el.chatConfig; // error TS2339: internal, not published
void el.send(42); // error TS2345
el.highlight = (code: number) => String(code); // error TS2322: the hook takes (code: string, language: string)
el.highlight = '<span>'; // error TS2322: a function, not HTML

export { DefaultExport };
