// Sends one message once the element is defined and reports what happened to the test
// page that framed this one.
const probe = window.__cspProbe;
// Everything loaded so far (scripts, fetches) by Resource Timing.
const loaded = () => performance.getEntriesByType('resource').map((entry) => entry.name);

await customElements.whenDefined('stream-chat');
const atLoad = loaded();
const el = document.querySelector('stream-chat');
const message = await el.send('Show me some markdown');
await el.updateComplete;
// Violation events are dispatched asynchronously: let them arrive.
await new Promise((resolve) => setTimeout(resolve, 100));
const content = el.shadowRoot.querySelector('.message.assistant [part~=content]');
parent.postMessage(
  {
    type: 'stream-chat-csp',
    status: message.status,
    length: message.content.length,
    tags: [...new Set([...content.querySelectorAll('*')].map((node) => node.localName))],
    text: content.textContent.length,
    enforced: probe.enforced,
    violations: probe.violations,
    policies: probe.policies,
    errors: probe.errors,
    atLoad,
    after: [...new Set([...loaded(), ...probe.fetched])],
  },
  '*',
);
