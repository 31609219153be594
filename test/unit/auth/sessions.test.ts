/** Signed session values and one-time links: tampering, expiry, revocation, single use. */
import { describe, expect, it } from 'vitest';
import { createLoginLinks } from '../../../src-main/core/auth/loginLinks';
import { createSessionTokens } from '../../../src-main/core/auth/sessionTokens';

const TOKEN = 'x'.repeat(43);

describe('session values', () => {
  it('read back what was issued until expiry, and nothing tampered with or signed with another token', () => {
    let now = 1_000;
    const sessions = createSessionTokens(TOKEN, () => now);
    const { value } = sessions.issue({ kind: 'account', sub: 'alice', pwd: 'p1' }, 60_000);
    expect(sessions.read(value)).toMatchObject({ kind: 'account', sub: 'alice', pwd: 'p1' });
    // The claims are readable by the browser's owner but not changeable: another name breaks the signature.
    const [payload, signature] = value.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    const forged = Buffer.from(JSON.stringify({ ...claims, sub: 'root' })).toString('base64url');
    expect(sessions.read(`${forged}.${signature}`)).toBeNull();
    expect(createSessionTokens('y'.repeat(43), () => now).read(value)).toBeNull();
    now += 60_000;
    expect(sessions.read(value)).toBeNull();
  });

  it('stop being accepted once revoked (sign-out)', () => {
    const sessions = createSessionTokens(TOKEN);
    const { value, claims } = sessions.issue({ kind: 'owner', sub: 'owner' }, 60_000);
    sessions.revoke(claims);
    expect(sessions.read(value)).toBeNull();
  });
});

describe('one-time links', () => {
  it('work once, and not after a day', () => {
    let now = 0;
    const links = createLoginLinks(() => now);
    const code = links.issue();
    expect(links.redeem(code)).toBe(true);
    expect(links.redeem(code)).toBe(false);
    const late = links.issue();
    now += 24 * 60 * 60 * 1000;
    expect(links.redeem(late)).toBe(false);
    expect(links.redeem('made-up')).toBe(false);
  });
});
