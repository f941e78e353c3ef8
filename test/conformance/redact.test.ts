import { describe, expect, it } from 'vitest';
import { createRedactor, maskKey } from '../../conformance/probe/redact.ts';

describe('createRedactor', () => {
  it.each([
    [
      'a distinctive key anywhere, even inside a longer string',
      'rt_live_secret123',
      'key=rt_live_secret123;Bearer rt_live_secret123x',
      `key=${maskKey('rt_live_secret123')};Bearer ${maskKey('rt_live_secret123')}x`,
    ],
    ['a short key as a header value', 'k', 'k', maskKey('k')],
    ['a short key quoted in JSON', 'k', '{"apiKey":"k"}', `{"apiKey":"${maskKey('k')}"}`],
    ['a short key after a colon and space', 'k', 'X-API-Key: k', `X-API-Key: ${maskKey('k')}`],
    ['not a short key inside words', 'k', 'Check that the key works', 'Check that the key works'],
    [
      'not a short key inside a path or id',
      'k',
      '/.well-known/aip/agent sess_k9 k-1 k.v',
      '/.well-known/aip/agent sess_k9 k-1 k.v',
    ],
    ['a short key with regex characters, literally', 'a+b', 'key a+b and aab', `key ${maskKey('a+b')} and aab`],
  ])('redacts %s', (_what, key, text, expected) => {
    expect(createRedactor([key])(text)).toBe(expected);
  });

  it('redacts both keys of a run, the longer first', () => {
    const redact = createRedactor(['abcdefgh', 'abcdefghij']);
    expect(redact('abcdefghij abcdefgh')).toBe(`${maskKey('abcdefghij')} ${maskKey('abcdefgh')}`);
  });

  it('passes text through unchanged without keys', () => {
    expect(createRedactor([undefined, ''])('anything')).toBe('anything');
  });
});
