// llext-sim load --call / --bringup / --teardown: the emulated calls as a user sees them.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { parseCall, UsageError } from '../src/cli/args.js';

const root = join(import.meta.dirname, '..', '..');
const samples = join(root, 'public', 'samples');
const launcher = join(root, 'scripts', 'llext-sim.mjs');
const dataMix32 = join(samples, 'data_mix', 'data_mix.riscv32-medlow.llext');

function cli(...args: string[]): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [launcher, ...args], { encoding: 'utf8', cwd: root, maxBuffer: 64 << 20 });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

describe('--call values', () => {
  it('reads FN, FN(args) and EXT:FN(args)', () => {
    expect(parseCall('test_entry')).toEqual({ ext: undefined, fn: 'test_entry', args: [] });
    expect(parseCall(' ext_count( 2, -1 ,0x10 ) ')).toEqual({ ext: undefined, fn: 'ext_count', args: [2n, -1n, 16n] });
    expect(parseCall('provider:shared_counter_inc(5)')).toEqual({ ext: 'provider', fn: 'shared_counter_inc', args: [5n] });
  });

  it('says what is wrong with a bad call', () => {
    expect(() => parseCall('f(1.5)')).toThrow(
      new UsageError("--call 'f(1.5)': argument '1.5' is not an integer (decimal, 0x hex, or negative)"),
    );
    expect(() => parseCall('f(')).toThrow(UsageError);
    expect(() => parseCall('f(18446744073709551616)')).toThrow('does not fit in 64 bits');
  });
});

describe('llext-sim load --call', () => {
  it('runs an exported function after the load and prints its result', () => {
    const r = cli('load', dataMix32, '--board', 'qemu_riscv32', '--call', 'test_entry', '--json');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out) as {
      calls: { ext: string; fn: string; args: string; ret: string; fault: unknown; instructions: number }[];
    };
    expect(doc.calls).toHaveLength(1);
    expect(doc.calls[0]).toEqual({
      ext: 'data_mix.riscv3',
      fn: 'test_entry',
      args: '',
      console: 'add -> 5\nsub -> -20\ncalls made: 7, scratch at 0x8002c94c\n',
      ret: '0xfffffff1',
      fault: null,
      instructions: 81,
    });
  });

  it('names a function no extension exports, with -ENOENT', () => {
    const r = cli('load', dataMix32, '--board', 'qemu_riscv32', '--call', 'nosuch');
    expect(r.code).toBe(2);
    expect(r.out).toContain("error: [call-not-found] No loaded extension exports 'nosuch': llext_call_fn() would return -ENOENT.");
    expect(r.out).toContain('Result: failed with -2 (call nosuch returned -2)');
  });

  it('rejects an EXT: that is not loaded before running anything', () => {
    const r = cli('load', dataMix32, '--board', 'qemu_riscv32', '--call', 'other:test_entry');
    expect(r.code).not.toBe(0);
    expect(r.err).toContain("--call other:test_entry: no extension is named 'other' (loaded: data_mix.riscv32-medlow)");
  });

  it('--quiet prints the Loaded line, then the calls', () => {
    const r = cli('load', dataMix32, '--board', 'qemu_riscv32', '--call', 'test_entry', '--quiet');
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines[0]).toBe('Loaded data_mix.riscv32-medlow on board qemu_riscv32 (riscv)');
    expect(lines[1]).toBe('Calls:');
    expect(lines.slice(2)).toEqual([
      '  data_mix.riscv3: test_entry()',
      '    | add -> 5',
      '    | sub -> -20',
      '    | calls made: 7, scratch at 0x8002c94c',
      '    returned 0xfffffff1 after 81 instructions',
      '',
    ]);
  });
});
