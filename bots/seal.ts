/**
 * Sealing secrets at rest (Slack installations' tokens): AES-256-GCM under a key derived from TALKWATCH_SECRET_KEY.
 * A sealed value is `v1.<iv>.<tag>.<ciphertext>` in base64url; anything altered, or sealed under another key,
 * fails to open rather than yielding garbage.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const VERSION = 'v1';

export class SealError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SealError';
  }
}

/** The 32-byte key: a hash of the configured secret, so any long random string will do. */
export function sealKey(secret: string): Buffer {
  return createHash('sha256').update(`talkwatch-seal:${secret}`).digest();
}

export function seal(plain: string, key: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return [VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
}

export function unseal(sealed: string, key: Buffer): string {
  const [version, iv, tag, body] = sealed.split('.');
  if (version !== VERSION || !iv || !tag || body === undefined) throw new SealError('not a sealed value talkwatch can read');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    throw new SealError('a sealed value could not be opened: TALKWATCH_SECRET_KEY is not the key it was sealed with, or the value was altered');
  }
}
