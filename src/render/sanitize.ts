import createDOMPurify, { type Config } from 'dompurify';
import { trustedTypesPolicy } from './trusted-types.js';

/**
 * Model output is untrusted: it is rendered into someone else's page, and a
 * prompt-injected answer can try to run script or leak the conversation. Only the
 * elements markdown produces survive, each with only the attributes marked gives it;
 * links are http(s)/mailto/#/relative only and open in a new tab; images load only from
 * origins the page allowed (a remote image is an exfiltration channel: its URL can carry
 * the conversation). docs/SECURITY.md explains the profile.
 */
const ALLOWED_TAGS = [
  'a', 'p', 'br', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'strong', 'em', 'del', 's', 'code', 'pre',
  'blockquote', 'ul', 'ol', 'li', 'input', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'img', 'span', 'sup', 'sub',
];
/** Attributes per element, as marked writes them; `title` is allowed everywhere. */
const ATTRIBUTES_BY_TAG: Record<string, readonly string[]> = {
  a: ['href'],
  img: ['src', 'alt'],
  th: ['align'],
  td: ['align'],
  ol: ['start'],
  input: ['type', 'checked', 'disabled'],
  code: ['class'],
  // A highlight hook's token classes (marked writes no spans: raw HTML is shown as text).
  span: ['class'],
};
/**
 * DOMPurify checks every attribute that is not "URI safe" against ALLOWED_URI_REGEXP:
 * without this, `align="center"`, `start="3"` and `type="checkbox"` would be dropped as
 * unsafe URLs (and tables lose alignment, lists their numbering, task lists their boxes).
 */
const NOT_URLS = ['align', 'start', 'type', 'checked', 'disabled'];
const SAFE_URL = /^(?:https?:|mailto:|#|\/(?![/\\])|\.{1,2}\/)/i;
const LINK_REL = 'noopener noreferrer nofollow ugc';

const purify = createDOMPurify(window);

/**
 * DOMPurify walks the `<body>` it parsed into as the first node; a body not allowed is
 * "unwrapped" by deep-cloning all of its children beside it, a copy of every fragment that
 * is thrown away. Allowing it skips the copy and changes nothing else: the parser never
 * makes a second body (a `<body>` tag anywhere only adds attributes to this one, which are
 * sanitized as any element's), and only the body's children are returned.
 */
const PARSE_ROOT = 'body';

let configured = false;

/**
 * Set once, on first use (so that loading the bundle creates no Trusted Types policy by
 * itself): DOMPurify re-parses a config passed to every sanitize() call, which cost
 * ~40 ms over a 200 KB answer.
 */
function configure(): void {
  if (configured) return;
  configured = true;
  const policy = trustedTypesPolicy();
  purify.setConfig({
    ALLOWED_TAGS: [...ALLOWED_TAGS, PARSE_ROOT],
    ALLOWED_ATTR: ['title'],
    ADD_ATTR: (attribute, tag) => ATTRIBUTES_BY_TAG[tag]?.includes(attribute) ?? false,
    ADD_URI_SAFE_ATTR: NOT_URLS,
    ALLOWED_URI_REGEXP: SAFE_URL,
    ALLOW_DATA_ATTR: false,
    ALLOW_ARIA_ATTR: false,
    RETURN_DOM_FRAGMENT: true,
    // DOMPurify parses inside our `stream-chat` policy instead of creating its own
    // `dompurify` one; without ours (forbidden by the page) it falls back to its own.
    ...(policy ? { TRUSTED_TYPES_POLICY: policy as Config['TRUSTED_TYPES_POLICY'] } : {}),
  });
}

/** Origins images may load from during the current sanitize call (`*`: any http(s) origin). */
let imageOrigins: ReadonlySet<string> = new Set();

purify.addHook('afterSanitizeAttributes', (node) => {
  const el = node as Element;
  if (el.tagName === 'A') {
    if (el.hasAttribute('href')) {
      el.setAttribute('target', '_blank');
      el.setAttribute('rel', LINK_REL);
    }
  } else if (el.tagName === 'IMG') {
    if (!imageAllowed(el.getAttribute('src'))) replaceImage(el);
  } else if (el.tagName === 'INPUT') {
    // Only GFM task-list checkboxes, never an editable control.
    if (el.getAttribute('type') !== 'checkbox') el.remove();
    else el.setAttribute('disabled', '');
  } else if (el.tagName === 'CODE') {
    const cls = el.getAttribute('class');
    if (cls !== null && !/^language-[\w+#.-]{1,40}$/.test(cls)) el.removeAttribute('class');
  }
});

function imageAllowed(src: string | null): boolean {
  if (!src) return false;
  let url: URL;
  try {
    url = new URL(src, location.href);
  } catch {
    return false;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return false;
  return imageOrigins.has('*') || imageOrigins.has(url.origin);
}

/** A blocked image becomes a link to it, so the reader still sees what it was. */
function replaceImage(img: Element): void {
  const src = img.getAttribute('src') ?? '';
  const label = img.getAttribute('alt') || 'image';
  const doc = img.ownerDocument;
  if (src && SAFE_URL.test(src) && !src.startsWith('#')) {
    const link = doc.createElement('a');
    link.setAttribute('href', src);
    link.setAttribute('target', '_blank');
    link.setAttribute('rel', LINK_REL);
    link.textContent = `[${label}]`;
    img.replaceWith(link);
  } else {
    img.replaceWith(doc.createTextNode(`[${label}]`));
  }
}

/** `https://cdn.example.com/` and `https://cdn.example.com` name the same origin. */
function toOrigins(list: readonly string[]): Set<string> {
  const origins = new Set<string>();
  for (const entry of list) {
    try {
      origins.add(entry === '*' ? entry : new URL(entry).origin);
    } catch {
      // not a URL: allows nothing
    }
  }
  return origins;
}

export interface SanitizeOptions {
  /** Origins images may load from; `*` allows any http(s) origin; none by default. */
  imageOrigins?: readonly string[];
}

/** Sanitizes rendered markdown HTML into a fragment ready to insert. */
export function sanitizeToFragment(html: string, options: SanitizeOptions = {}): DocumentFragment {
  configure();
  imageOrigins = toOrigins(options.imageOrigins ?? []);
  try {
    // DOMPurify returns null for a few inputs (a `<frameset>`): an empty fragment, never "null".
    const fragment = (purify.sanitize(html) as unknown as DocumentFragment | null) ?? document.createDocumentFragment();
    // A link whose URL was unsafe (`javascript:`…) lost its href: it reads as plain text,
    // not as an underlined link that does nothing.
    for (const link of fragment.querySelectorAll('a:not([href])')) link.replaceWith(...link.childNodes);
    return fragment;
  } finally {
    imageOrigins = new Set();
  }
}

/**
 * Sanitizes several blocks' HTML in one call, a fragment per block: DOMPurify parses
 * each call into a new document, and one per block made most of a burst's DOM garbage.
 * Each block is wrapped in a `<span>` to be told apart again; marked's HTML is balanced
 * and raw HTML is escaped, so no block can close its wrapper.
 */
export function sanitizeBlocks(htmls: readonly string[], options: SanitizeOptions = {}): DocumentFragment[] {
  if (htmls.length < 2) return htmls.map((html) => sanitizeToFragment(html, options));
  const wrappers = [...sanitizeToFragment(htmls.map((html) => `<span>${html}</span>`).join(''), options).childNodes];
  if (wrappers.length !== htmls.length || wrappers.some((node) => node.nodeName !== 'SPAN')) {
    return htmls.map((html) => sanitizeToFragment(html, options)); // never expected; correct anyway
  }
  return wrappers.map((wrapper) => {
    const fragment = document.createDocumentFragment();
    fragment.append(...wrapper.childNodes);
    return fragment;
  });
}
