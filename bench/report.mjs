// Formatting of the bench's summary.

export const median = (values) => {
  const sorted = values.filter((v) => v !== undefined && !Number.isNaN(v)).sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor(sorted.length / 2)] : NaN;
};
export const fmt = (ms) => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));
export const kb = (bytes) => `${bytes / 1000} KB`;
export const mb = (bytes) => `${(bytes / 1048576).toFixed(1)} MB`;
/** A heap change, signed. */
export const growth = (bytes) => `${bytes < 0 ? '−' : '+'}${mb(Math.abs(bytes))}`;

/** A markdown table. */
export function table(head, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}
