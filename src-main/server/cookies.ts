/**
 * The session cookie: HttpOnly (no script can read it, an injected one included), SameSite=Strict
 * (no other site's page sends it), Path=/, Secure under TLS. Its name carries the port, because cookies
 * do not tell ports apart: two servers on 127.0.0.1 would otherwise overwrite each other's sessions.
 */
export function sessionCookieName(port: number): string {
  return `phare_session_${port}`;
}

/** The value of cookie `name` in a Cookie header, or null. */
export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() !== name) continue;
    const value = part.slice(eq + 1).trim();
    return value.length > 0 ? value : null;
  }
  return null;
}

export function sessionCookie(name: string, value: string, options: { maxAgeSeconds: number; secure: boolean }): string {
  return [`${name}=${value}`, 'Path=/', 'HttpOnly', 'SameSite=Strict', `Max-Age=${Math.max(0, Math.floor(options.maxAgeSeconds))}`, ...(options.secure ? ['Secure'] : [])].join(
    '; ',
  );
}

/** Tells the browser to drop the cookie (sign-out). */
export function clearedSessionCookie(name: string, secure: boolean): string {
  return sessionCookie(name, '', { maxAgeSeconds: 0, secure });
}
