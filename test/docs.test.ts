import { expect } from '@open-wc/testing';

interface Manifest {
  modules: { declarations?: { tagName?: string; attributes?: { name: string }[]; events?: { name: string }[]; cssParts?: { name: string }[]; cssProperties?: { name: string }[]; slots?: { name: string }[] }[] }[];
}

describe('README reference', () => {
  it('names every attribute, event, part, custom property and slot of custom-elements.json', async () => {
    const manifest = (await (await fetch('/custom-elements.json')).json()) as Manifest;
    const readme = await (await fetch('/README.md')).text();
    const element = manifest.modules.flatMap((m) => m.declarations ?? []).find((d) => d.tagName === 'stream-chat')!;
    expect(element, 'custom-elements.json has no stream-chat').to.exist;
    const names = [
      ...(element.attributes ?? []),
      ...(element.events ?? []),
      ...(element.cssParts ?? []),
      ...(element.cssProperties ?? []),
      ...(element.slots ?? []),
    ].map((item) => item.name);
    expect(element.attributes!.length).to.be.greaterThan(20);
    expect(element.events!.length).to.equal(7);
    const missing = names.filter((name) => !readme.includes(`\`${name}\``));
    expect(missing, `missing from README.md: ${missing.join(', ')}`).to.deep.equal([]);
  });
});

describe('custom-elements.json', () => {
  it('types every event with its CustomEvent detail (test/node/consumer-types checks the .d.ts exports it)', async () => {
    const manifest = (await (await fetch('/custom-elements.json')).json()) as {
      modules: { declarations?: { tagName?: string; events?: { name: string; type?: { text: string } }[]; members?: { name: string }[] }[] }[];
    };
    const element = manifest.modules.flatMap((m) => m.declarations ?? []).find((d) => d.tagName === 'stream-chat')!;
    for (const event of element.events!) {
      const detail = event.type?.text.match(/^CustomEvent<(\w+)>$/)?.[1];
      expect(detail, `${event.name} has no CustomEvent<…> type`).to.be.a('string');
    }
    expect(element.members!.map((m) => m.name)).not.to.include('chatConfig');
  });
});
