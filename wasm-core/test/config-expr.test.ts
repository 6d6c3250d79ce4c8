import { describe, expect, it } from 'vitest';
import { ExprSyntaxError, type SymbolValue, conjuncts, evalBool, formatExpr, parseExpr, symbolsOf } from '../src/config/kconfigExpr.js';

function env(values: Record<string, SymbolValue>): (name: string) => SymbolValue {
  return (name) => values[name];
}

describe('Kconfig expression parser', () => {
  it('gives && precedence over || and ! over both', () => {
    expect(formatExpr(parseExpr('A || B && !C'))).toBe('A || B && !C');
    expect(parseExpr('A || B && !C')).toEqual({
      type: 'or',
      left: { type: 'symbol', name: 'A' },
      right: { type: 'and', left: { type: 'symbol', name: 'B' }, right: { type: 'not', operand: { type: 'symbol', name: 'C' } } },
    });
  });

  it('keeps parentheses only where needed when formatting', () => {
    expect(formatExpr(parseExpr('(A || B) && C'))).toBe('(A || B) && C');
    expect(formatExpr(parseExpr('((A))&&(B)'))).toBe('A && B');
    expect(formatExpr(parseExpr('!(A && B)'))).toBe('!(A && B)');
    expect(formatExpr(parseExpr('SRAM_SIZE<=256'))).toBe('SRAM_SIZE <= 256');
    expect(formatExpr(parseExpr('!LLEXT_HEAP_DYNAMIC'), 'CONFIG_')).toBe('!CONFIG_LLEXT_HEAP_DYNAMIC');
  });

  it('treats 64BIT as a symbol, y/n as constants, digits and 0x as numbers', () => {
    expect(parseExpr('64BIT')).toEqual({ type: 'symbol', name: '64BIT' });
    expect(parseExpr('y')).toEqual({ type: 'literal', value: true });
    expect(parseExpr('n')).toEqual({ type: 'literal', value: false });
    expect(parseExpr('A = 0x800')).toEqual({
      type: 'compare',
      op: '=',
      left: { type: 'symbol', name: 'A' },
      right: { type: 'literal', value: 2048 },
    });
    expect(parseExpr('NAME = "llext-edk"')).toEqual({
      type: 'compare',
      op: '=',
      left: { type: 'symbol', name: 'NAME' },
      right: { type: 'literal', value: 'llext-edk' },
    });
  });

  it('reports syntax errors with the column', () => {
    expect(() => parseExpr('A &&')).toThrow(new ExprSyntaxError('unexpected end of expression', 'A &&', 4));
    expect(() => parseExpr('A && (B')).toThrow('expected \')\' at column 8 of "A && (B"');
    expect(() => parseExpr('A B')).toThrow("unexpected 'B' at column 3");
    expect(() => parseExpr('A & B')).toThrow("unexpected character '&' at column 3");
  });

  it('lists symbols and splits top-level conjuncts', () => {
    const e = parseExpr('LLEXT && !LLEXT_HEAP_DYNAMIC && (HARVARD || X)');
    expect([...symbolsOf(e)].sort()).toEqual(['HARVARD', 'LLEXT', 'LLEXT_HEAP_DYNAMIC', 'X']);
    expect(conjuncts(e).map((c) => formatExpr(c))).toEqual(['LLEXT', '!LLEXT_HEAP_DYNAMIC', 'HARVARD || X']);
  });
});

describe('Kconfig expression evaluation', () => {
  const values = env({ ARM: true, RISCV: false, SRAM_SIZE: 256, PAGE: 4096, NAME: 'llext-edk', UNSET: undefined });

  it('evaluates bool logic', () => {
    expect(evalBool(parseExpr('ARM && !RISCV'), values)).toBe(true);
    expect(evalBool(parseExpr('RISCV || !ARM'), values)).toBe(false);
    expect(evalBool(parseExpr('!(ARM && RISCV)'), values)).toBe(true);
  });

  it('treats int and string symbols as n in bool context', () => {
    expect(evalBool(parseExpr('SRAM_SIZE'), values)).toBe(false);
    expect(evalBool(parseExpr('NAME'), values)).toBe(false);
  });

  it('compares numbers numerically (not as text)', () => {
    expect(evalBool(parseExpr('SRAM_SIZE <= 256'), values)).toBe(true);
    expect(evalBool(parseExpr('SRAM_SIZE < 256'), values)).toBe(false);
    // "4096" < "256" as text, but 4096 > 256 as numbers
    expect(evalBool(parseExpr('PAGE > SRAM_SIZE'), values)).toBe(true);
    expect(evalBool(parseExpr('PAGE = 0x1000'), values)).toBe(true);
  });

  it('compares strings and bools as text', () => {
    expect(evalBool(parseExpr('NAME = "llext-edk"'), values)).toBe(true);
    expect(evalBool(parseExpr('ARM = y'), values)).toBe(true);
    expect(evalBool(parseExpr('RISCV != n'), values)).toBe(false);
  });

  it('makes comparisons with a value-less symbol false', () => {
    expect(evalBool(parseExpr('UNSET < 2048'), values)).toBe(false);
    expect(evalBool(parseExpr('UNSET = 0'), values)).toBe(false);
    expect(evalBool(parseExpr('UNSET != 0'), values)).toBe(false);
  });
});
