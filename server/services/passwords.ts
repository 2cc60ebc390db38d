import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

/** Cheap scrypt parameters: strong enough to show the idea, fast enough for a classroom server. */
const PARAMS = { N: 1024, r: 8, p: 1 };
const KEY_LENGTH = 32;

/** `scrypt$<salt>$<hash>`, both hex: what a lesson's `users.password_hash` column stores. */
export function hashPassword(password: string): string {
  const salt = randomBytes(16);
  return `scrypt$${salt.toString('hex')}$${scryptSync(password, salt, KEY_LENGTH, PARAMS).toString('hex')}`;
}

export function verifyPassword(password: string, stored: string): boolean {
  const [scheme, saltHex, hashHex] = stored.split('$');
  if (scheme !== 'scrypt' || !saltHex || !hashHex || !/^[0-9a-f]+$/.test(saltHex + hashHex)) return false;
  const expected = Buffer.from(hashHex, 'hex');
  const actual = scryptSync(password, Buffer.from(saltHex, 'hex'), expected.length, PARAMS);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
