import { describe, expect, it } from 'vitest';
import { allowList, isBlockedAddress, resolvePublicAddresses } from './address-guard.js';

const none = allowList([]);

describe('webhook address guard (SSRF)', () => {
  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.16.0.1',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '::1',
    'fd00::1',
    'fe80::1',
    '::ffff:127.0.0.1',
  ])('refuses %s', (address) => {
    expect(isBlockedAddress(address, none)).toBe(true);
  });

  it.each(['93.184.216.34', '1.1.1.1', '2606:4700:4700::1111', '172.32.0.1'])('allows %s', (address) => {
    expect(isBlockedAddress(address, none)).toBe(false);
  });

  it('lets an operator allow-list a network', () => {
    const allowed = allowList(['127.0.0.1', '10.0.0.0/8']);
    expect(isBlockedAddress('127.0.0.1', allowed)).toBe(false);
    expect(isBlockedAddress('10.9.9.9', allowed)).toBe(false);
    expect(isBlockedAddress('127.0.0.2', allowed)).toBe(true);
  });

  it('refuses a hostname that resolves to 127.0.0.1, and IP literals, by resolving them', async () => {
    await expect(resolvePublicAddresses('localhost', none)).rejects.toThrow(/non-public address/);
    await expect(resolvePublicAddresses('[::1]', none)).rejects.toThrow(/non-public address/);
    await expect(resolvePublicAddresses('169.254.169.254', none)).rejects.toThrow(/non-public/);
    await expect(resolvePublicAddresses('127.0.0.1', allowList(['127.0.0.1']))).resolves.toEqual([
      '127.0.0.1',
    ]);
  });
});
