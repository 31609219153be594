/**
 * Compares a secret a client sent with the one we hold in constant time. Both sides are hashed first
 * so the comparison takes the same time whatever their lengths (timingSafeEqual needs equal lengths,
 * and an early length check would tell an attacker the token's length).
 */
import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

export function secretEquals(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}
