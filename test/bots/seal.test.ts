import { describe, expect, it } from 'vitest';
import { seal, sealKey, unseal } from '../../bots/seal.ts';

describe('sealing secrets at rest', () => {
  const key = sealKey('a-key-of-at-least-32-characters-for-sealing');

  it('opens what it sealed, and never shows the secret in the sealed form', () => {
    const sealed = seal('{"bot":{"token":"xoxb-secret"}}', key);
    expect(sealed).toMatch(/^v1\./);
    expect(sealed).not.toContain('xoxb');
    expect(unseal(sealed, key)).toBe('{"bot":{"token":"xoxb-secret"}}');
    expect(seal('same', key)).not.toBe(seal('same', key));
  });

  it('refuses a value sealed under another key, or altered', () => {
    const sealed = seal('xoxb-secret', key);
    expect(() => unseal(sealed, sealKey('another-key-of-at-least-32-characters!'))).toThrow(/not the key it was sealed with/);
    const parts = sealed.split('.');
    parts[3] = Buffer.from('tampered').toString('base64url');
    expect(() => unseal(parts.join('.'), key)).toThrow(/altered/);
    expect(() => unseal('plain text', key)).toThrow(/not a sealed value/);
  });
});
