import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Grows the composer with its text where CSS `field-sizing: content` is missing (WebKit,
 * Firefox): the textarea's height follows its content, up to its CSS max-height, after
 * each input and after the host changed its value (cleared once a send was accepted).
 * Where the engine sizes the field itself, this does nothing.
 */
export class ComposerSizeController implements ReactiveController {
  #fitted?: string;

  constructor(
    private readonly host: ReactiveControllerHost & { renderRoot: HTMLElement | DocumentFragment },
    private readonly input: () => HTMLTextAreaElement | undefined,
  ) {
    if (!CSS.supports('field-sizing', 'content')) host.addController(this);
  }

  hostConnected(): void {
    this.host.renderRoot.addEventListener('input', this.#fit);
  }

  hostDisconnected(): void {
    this.host.renderRoot.removeEventListener('input', this.#fit);
  }

  hostUpdated(): void {
    if (this.input()?.value !== this.#fitted) this.#fit();
  }

  readonly #fit = (): void => {
    const input = this.input();
    if (!input) return;
    this.#fitted = input.value;
    // Back to its one-row size first, so scrollHeight measures the text alone.
    input.style.height = 'auto';
    const borders = input.offsetHeight - input.clientHeight;
    input.style.height = `${input.scrollHeight + borders}px`;
  };
}
