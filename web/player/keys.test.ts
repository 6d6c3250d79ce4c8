import { describe, expect, it } from 'vitest';
import { shortcutFor } from './keys.js';

describe('shortcutFor', () => {
  it('gives the player keys when nothing in particular has the focus', () => {
    expect(shortcutFor(' ', false, 'none')).toBe('toggle-play');
    expect(shortcutFor('ArrowRight', false, 'none')).toBe('step-forward');
    expect(shortcutFor('ArrowRight', true, 'none')).toBe('next-step');
    expect(shortcutFor('Home', false, 'none')).toBe('start');
    expect(shortcutFor('End', false, 'none')).toBe('end');
    expect(shortcutFor('3', false, 'none')).toEqual({ view: 'symbols' });
    expect(shortcutFor('5', false, 'none')).toEqual({ view: 'run' });
    expect(shortcutFor('?', false, 'none')).toBe('help');
  });
  it('leaves every key to text fields, editors and dialogs', () => {
    for (const key of [' ', 'k', 'ArrowRight', 'Home', '1', '?']) {
      expect(shortcutFor(key, false, 'text')).toBeNull();
      expect(shortcutFor(key, false, 'dialog')).toBeNull();
    }
  });
  it('leaves ←/→/Home/End to a tablist, but the other player keys work there', () => {
    for (const key of ['ArrowLeft', 'ArrowRight', 'Home', 'End']) expect(shortcutFor(key, false, 'tablist')).toBeNull();
    expect(shortcutFor(' ', false, 'tablist')).toBeNull();
    expect(shortcutFor('k', false, 'tablist')).toBe('toggle-play');
    expect(shortcutFor(']', false, 'tablist')).toBe('next-step');
    expect(shortcutFor('PageDown', false, 'tablist')).toBe('next-step');
    expect(shortcutFor('?', false, 'tablist')).toBe('help');
  });
  it("in the relocation grid, ←/→/Home/End still move the player; Space stays the grid's", () => {
    expect(shortcutFor('End', false, 'grid')).toBe('end');
    expect(shortcutFor('ArrowLeft', false, 'grid')).toBe('step-back');
    expect(shortcutFor(' ', false, 'grid')).toBeNull();
    expect(shortcutFor('ArrowDown', false, 'grid')).toBeNull();
  });
  it('on buttons Space presses the button, and on sliders the arrows move the slider', () => {
    expect(shortcutFor(' ', false, 'control')).toBeNull();
    expect(shortcutFor('Home', false, 'control')).toBe('start');
    expect(shortcutFor('Home', false, 'range')).toBeNull();
    expect(shortcutFor('.', false, 'range')).toBe('step-forward');
  });
});
