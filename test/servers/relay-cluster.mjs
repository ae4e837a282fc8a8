// Relay clusters for the browser tests, started on demand through the test runner:
//   GET /__relay/cluster          a fresh pair of relay instances (CLI processes) sharing one
//                                 redis-server, before a slow fake OpenAI upstream:
//                                 { a, b, answer, model }
//   GET /__relay/kill?url=<relay> kills that instance (SIGKILL), as a crash would
//   GET /__relay/upstream         what the fake upstream received (bodies, abort times)
// Nothing starts unless a test asks, so other test files pay nothing.
import { answerFor, startFakeUpstream } from './fake-upstream.mjs';
import { startRedis, startRelay } from '../relay/harness.mjs';

const WORDS = 40;
const MODEL = 'test-model';

export function relayClusterPlugin() {
  let shared; // { redis, upstream }, once
  const relays = new Map(); // url → relay process

  async function cluster() {
    shared ??= Promise.all([startRedis(), startFakeUpstream()]).then(([redis, upstream]) => ({ redis, upstream }));
    const { redis, upstream } = await shared;
    const args = ['--upstream', `${upstream.url}/v1/chat/completions?delay=60&words=${WORDS}`, '--model', MODEL, '--redis', redis.url, '--cors', '*'];
    const pair = await Promise.all([startRelay(args), startRelay(args)]);
    for (const relay of pair) relays.set(relay.url, relay);
    return { a: pair[0].url, b: pair[1].url, answer: answerFor(WORDS).join(''), model: MODEL };
  }

  return {
    name: 'relay-cluster',
    async serve(context) {
      if (context.path === '/__relay/cluster') return { body: JSON.stringify(await cluster()), type: 'json' };
      if (context.path === '/__relay/upstream') {
        const { upstream } = await shared;
        return { body: JSON.stringify(upstream.requests.map(({ body, startedAt, abortedAt, completed }) => ({ body, startedAt, abortedAt, completed }))), type: 'json' };
      }
      if (context.path === '/__relay/kill') {
        const relay = relays.get(context.URL.searchParams.get('url'));
        await relay?.kill();
        return { body: JSON.stringify({ killed: Boolean(relay) }), type: 'json' };
      }
    },
    async serverStop() {
      await Promise.all([...relays.values()].map((relay) => relay.stop()));
      if (!shared) return;
      const { redis, upstream } = await shared;
      await Promise.all([redis.stop(), upstream.close()]);
    },
  };
}
