import { Directive, directive } from 'lit/directive.js';

/**
 * A copy of the page's avatar (what it slotted as `user-avatar` or `assistant-avatar`)
 * beside one message: a slotted node shows in one place only, so each message shows
 * clones of it, made once per message and per change of the avatar (not at every frame
 * of a streaming answer).
 */
class AvatarCopy extends Directive {
  #source?: readonly Element[];
  #copies: Node[] = [];

  render(source: readonly Element[]) {
    if (source !== this.#source) {
      this.#source = source;
      this.#copies = source.map((node) => node.cloneNode(true));
    }
    return this.#copies;
  }
}

export const avatarCopy = directive(AvatarCopy);
