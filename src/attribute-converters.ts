/** Attribute converters of `<stream-chat>`. */

/** `headers`: a JSON object; anything else is ignored with a warning. */
export const headersConverter = {
  fromAttribute(value: string | null): Record<string, string> {
    if (!value) return {};
    try {
      const parsed = JSON.parse(value);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed;
    } catch {
      /* reported below */
    }
    console.warn('<stream-chat>: the headers attribute is not a JSON object; it is ignored.');
    return {};
  },
};

/** A whitespace-separated list. */
export const listConverter = {
  fromAttribute: (value: string | null) => (value ?? '').split(/\s+/).filter(Boolean),
  toAttribute: (value: string[]) => value.join(' '),
};
