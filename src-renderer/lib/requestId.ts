/**
 * A fresh id for a chat request. crypto.randomUUID exists only in secure contexts; the server UI may
 * be opened over plain http on a LAN address, so fall back to getRandomValues, which exists everywhere.
 */
export function newRequestId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
