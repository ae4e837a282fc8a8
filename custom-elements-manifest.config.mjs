/**
 * The analyzer reads Lit's `static properties` but not their `state: true`: the element's
 * private reactive state would show as attributes. This plugin drops them.
 */
function dropPrivateAttributes() {
  return {
    name: 'drop-private-attributes',
    packageLinkPhase({ customElementsManifest }) {
      for (const declaration of customElementsManifest.modules.flatMap((m) => m.declarations ?? [])) {
        const privateFields = new Set((declaration.members ?? []).filter((m) => m.privacy === 'private').map((m) => m.name));
        if (!declaration.attributes) continue;
        declaration.attributes = declaration.attributes.filter((a) => !privateFields.has(a.fieldName));
        for (const member of declaration.members) if (privateFields.has(member.name)) delete member.attribute;
      }
    },
  };
}

export default {
  globs: ['src/stream-chat.ts', 'src/stream-chat-attributes.ts'],
  outdir: '.',
  litelement: true,
  plugins: [dropPrivateAttributes()],
};
