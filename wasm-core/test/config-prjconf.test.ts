import { describe, expect, it } from 'vitest';
import { defaultPrjConf, parsePrjConf } from '../src/config/prjConf.js';

/** [line, severity, message] of each diagnostic, for compact exact assertions. */
function brief(text: string): [number, string, string][] {
  return parsePrjConf(text).diagnostics.map((d) => [d.range?.line ?? 0, d.severity, d.message]);
}

describe('prj.conf parser', () => {
  it('reads bool, int, hex and string values, comments and "is not set"', () => {
    const text = [
      '# heap',
      'CONFIG_LLEXT=y',
      '',
      'CONFIG_LLEXT_HEAP_SIZE=64',
      '# CONFIG_LLEXT_STORAGE_WRITABLE is not set',
      'CONFIG_LLEXT_EDK_NAME="my \\"edk\\""',
      'CONFIG_MMU_PAGE_SIZE=0x1000',
      '   # indented comment',
    ].join('\n');
    const { assignments, diagnostics } = parsePrjConf(text);
    expect(diagnostics).toEqual([]);
    expect(assignments.map((a) => [a.name, a.value, a.line])).toEqual([
      ['CONFIG_LLEXT', true, 2],
      ['CONFIG_LLEXT_HEAP_SIZE', 64, 4],
      ['CONFIG_LLEXT_STORAGE_WRITABLE', false, 5],
      ['CONFIG_LLEXT_EDK_NAME', 'my "edk"', 6],
      ['CONFIG_MMU_PAGE_SIZE', 4096, 7],
    ]);
  });

  it('keeps 1-based line/column ranges of names and values (end exclusive)', () => {
    const [a] = parsePrjConf('\n  CONFIG_LLEXT_HEAP_SIZE=16').assignments;
    expect(a.nameRange).toEqual({ line: 2, startColumn: 3, endColumn: 25 });
    expect(a.valueRange).toEqual({ line: 2, startColumn: 26, endColumn: 28 });
  });

  it('reports bad values with the expected type', () => {
    expect(
      brief('CONFIG_LLEXT=1\nCONFIG_LLEXT_HEAP_SIZE=0x10\nCONFIG_LLEXT_HEAP_SIZE="8"\nCONFIG_LLEXT_EDK_NAME=edk\nCONFIG_LLEXT_SHELL=m'),
    ).toEqual([
      [1, 'error', "CONFIG_LLEXT is a bool option: expected y or n, got '1'"],
      [2, 'error', "CONFIG_LLEXT_HEAP_SIZE is an int option: expected a decimal number, got '0x10'"],
      [3, 'error', `CONFIG_LLEXT_HEAP_SIZE is an int option: expected a decimal number, got '"8"' (int values are not quoted)`],
      [4, 'error', 'CONFIG_LLEXT_EDK_NAME is a string option: the value must be in double quotes'],
      [5, 'error', "CONFIG_LLEXT_SHELL is a bool option: 'm' (module) is not supported, use y or n"],
    ]);
  });

  it('rejects malformed lines', () => {
    expect(brief('CONFIG_LLEXT = y\nLLEXT=y\nCONFIG_LLEXT=y # on\nCONFIG_LLEXT\nCONFIG_LLEXT=')).toEqual([
      [1, 'error', "No spaces are allowed around '=' in prj.conf; Kconfig ignores this line."],
      [2, 'error', 'Option names start with CONFIG_: did you mean CONFIG_LLEXT?'],
      [3, 'error', 'Unexpected text after the value: prj.conf has no end-of-line comments, put comments on their own line.'],
      [4, 'error', 'Not a Kconfig assignment: expected CONFIG_NAME=value.'],
      [5, 'error', 'CONFIG_LLEXT has no value.'],
    ]);
  });

  it('tells unknown LLEXT options (warning, with a suggestion) from unmodelled ones (info)', () => {
    expect(brief('CONFIG_LLEXT_HEAP_SIZ=8\nCONFIG_GPIO=y\nCONFIG_LLEXT_FOO_BAR_BAZ=y')).toEqual([
      [1, 'warning', 'Unknown LLEXT option CONFIG_LLEXT_HEAP_SIZ. Did you mean CONFIG_LLEXT_HEAP_SIZE?'],
      [2, 'info', 'CONFIG_GPIO is not modelled by the simulator and is ignored.'],
      [3, 'warning', 'Unknown LLEXT option CONFIG_LLEXT_FOO_BAR_BAZ.'],
    ]);
  });

  it('lets a repeated option win with a warning, like Kconfig', () => {
    const result = parsePrjConf('CONFIG_LLEXT_HEAP_SIZE=8\nCONFIG_LLEXT=y\nCONFIG_LLEXT_HEAP_SIZE=32');
    expect(result.diagnostics.map((d) => [d.range?.line, d.severity, d.code, d.message])).toEqual([
      [3, 'warning', 'duplicate', 'CONFIG_LLEXT_HEAP_SIZE is set more than once: this value (32) replaces 8 from line 1.'],
    ]);
    expect(result.assignments.map((a) => [a.name, a.value, a.line])).toEqual([
      ['CONFIG_LLEXT', true, 2],
      ['CONFIG_LLEXT_HEAP_SIZE', 32, 3],
    ]);
  });

  it('only accepts "is not set" for bools', () => {
    expect(brief('# CONFIG_LLEXT_HEAP_SIZE is not set')).toEqual([
      [1, 'warning', '"is not set" only applies to bool options; CONFIG_LLEXT_HEAP_SIZE is an int option and this line is ignored.'],
    ]);
  });

  it('accepts Windows line endings', () => {
    expect(parsePrjConf('CONFIG_LLEXT=y\r\nCONFIG_LOG=y\r\n').assignments.map((a) => a.line)).toEqual([1, 2]);
  });

  it('ships a default prj.conf that parses cleanly', () => {
    const { assignments, diagnostics } = parsePrjConf(defaultPrjConf());
    expect(diagnostics).toEqual([]);
    expect(assignments.map((a) => a.name)).toEqual(['CONFIG_LLEXT', 'CONFIG_LOG', 'CONFIG_LLEXT_LOG_LEVEL_INF']);
  });
});
