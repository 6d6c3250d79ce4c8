import { describe, expect, it } from 'vitest';
import { callText, parseCallArgument, parseCallText, sameAppSettings, DEFAULT_APP_SETTINGS } from './appCallsModel.js';

const exports = [
  { ext: 'data_mix', name: 'test_entry' },
  { ext: 'data_mix', name: 'ext_count' },
  { ext: 'other', name: 'ext_count' },
];

describe('typed calls', () => {
  it('read a name with integer arguments', () => {
    expect(parseCallText('ext_count(2)', exports, 4)).toEqual({ ok: true, call: { ext: 'data_mix', fn: 'ext_count', args: [2n] } });
    expect(parseCallText(' test_entry ', exports, 4)).toEqual({ ok: true, call: { ext: 'data_mix', fn: 'test_entry', args: [] } });
    expect(parseCallText('test_entry()', exports, 4)).toEqual({ ok: true, call: { ext: 'data_mix', fn: 'test_entry', args: [] } });
    expect(parseCallText('ext_count(-1, 0x10, 0b101, +7)', exports, 4, 'other')).toEqual({
      ok: true,
      call: { ext: 'other', fn: 'ext_count', args: [-1n, 16n, 5n, 7n] },
    });
  });

  it('say what is wrong in plain words', () => {
    expect(parseCallText('', exports, 4)).toEqual({ ok: false, message: 'Type a function name, for example test_entry or ext_count(2).' });
    expect(parseCallText('ext_count(2', exports, 4)).toEqual({
      ok: false,
      message: 'Write the call as name(arg, arg, ...): for example ext_count(2).',
    });
    expect(parseCallText('nope(1)', exports, 4)).toEqual({
      ok: false,
      message: 'No loaded extension exports "nope". Exported: test_entry, ext_count.',
    });
    expect(parseCallText('ext_count(two)', exports, 4)).toEqual({
      ok: false,
      message: 'Argument 1: "two" is not an integer (write 42, -1 or 0x2a).',
    });
    expect(parseCallText('ext_count(1,)', exports, 4)).toEqual({ ok: false, message: 'Argument 2: an argument is empty.' });
    expect(parseCallText('ext_count(4294967296)', exports, 4)).toEqual({
      ok: false,
      message: 'Argument 1: 4294967296 does not fit in a 32-bit register.',
    });
    expect(parseCallText('ext_count(4294967296)', exports, 8)).toMatchObject({ ok: true, call: { args: [4294967296n] } });
    expect(parseCallText('test_entry', [], 4)).toEqual({
      ok: false,
      message: 'No loaded extension exports a function to call, so test_entry cannot be called.',
    });
    expect(parseCallText(`ext_count(${Array(17).fill('1').join(',')})`, exports, 4)).toEqual({
      ok: false,
      message: 'A call passes at most 16 arguments; this one has 17.',
    });
  });

  it('limit arguments to the register width, signed or unsigned', () => {
    expect(parseCallArgument('-2147483648', 4)).toBe(-2147483648n);
    expect(parseCallArgument('-2147483649', 4)).toBe('-2147483649 does not fit in a 32-bit register');
    expect(parseCallArgument('0xffffffff', 4)).toBe(0xffffffffn);
  });

  it('compare settings with their calls', () => {
    const a = { ...DEFAULT_APP_SETTINGS, calls: [{ ext: 'x', fn: 'f', args: [1n] }] };
    expect(sameAppSettings(a, { ...DEFAULT_APP_SETTINGS, calls: [{ ext: 'x', fn: 'f', args: [1n] }] })).toBe(true);
    expect(sameAppSettings(a, { ...DEFAULT_APP_SETTINGS, calls: [{ ext: 'x', fn: 'f', args: [2n] }] })).toBe(false);
    expect(sameAppSettings(a, DEFAULT_APP_SETTINGS)).toBe(false);
    expect(callText(a.calls[0]!)).toBe('f(1)');
  });
});
