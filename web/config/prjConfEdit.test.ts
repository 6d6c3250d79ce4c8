import { describe, expect, it } from 'vitest';
import { setOption } from './prjConfEdit.js';

describe('setOption', () => {
  it('appends a new option with a final newline', () => {
    expect(setOption('CONFIG_LLEXT=y', 'CONFIG_LOG', 'y')).toBe('CONFIG_LLEXT=y\nCONFIG_LOG=y\n');
    expect(setOption('', 'CONFIG_LOG', 'y')).toBe('CONFIG_LOG=y\n');
  });

  it('replaces the last assignment in place and drops earlier ones, keeping comments', () => {
    const text = '# heap\nCONFIG_LLEXT_HEAP_SIZE=4\nCONFIG_LLEXT=y\nCONFIG_LLEXT_HEAP_SIZE=8\n';
    expect(setOption(text, 'CONFIG_LLEXT_HEAP_SIZE', '12')).toBe('# heap\nCONFIG_LLEXT=y\nCONFIG_LLEXT_HEAP_SIZE=12\n');
  });

  it('treats "# CONFIG_X is not set" as an assignment', () => {
    expect(setOption('# CONFIG_LOG is not set\nCONFIG_LLEXT=y\n', 'CONFIG_LOG', 'y')).toBe('CONFIG_LOG=y\nCONFIG_LLEXT=y\n');
  });

  it('does not touch options whose name merely starts the same', () => {
    expect(setOption('CONFIG_LLEXT_HEAP_SIZE_X=1\n', 'CONFIG_LLEXT_HEAP_SIZE', '2')).toBe(
      'CONFIG_LLEXT_HEAP_SIZE_X=1\nCONFIG_LLEXT_HEAP_SIZE=2\n',
    );
  });

  it('removes an option', () => {
    expect(setOption('CONFIG_A=y\nCONFIG_B=y\n', 'CONFIG_A', null)).toBe('CONFIG_B=y\n');
  });
});
