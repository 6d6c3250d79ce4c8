import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { COMMIT_PAUSE_MS, DeferredCommit } from './deferredCommit.js';

describe('DeferredCommit', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('typing 1 then 6 commits 16 once, after the pause', () => {
    const seen: string[] = [];
    const d = new DeferredCommit((v) => seen.push(v));
    d.schedule('1');
    vi.advanceTimersByTime(200);
    d.schedule('16');
    vi.advanceTimersByTime(COMMIT_PAUSE_MS - 1);
    expect(seen).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(seen).toEqual(['16']);
    vi.advanceTimersByTime(5 * COMMIT_PAUSE_MS);
    expect(seen).toEqual(['16']);
  });

  it('Enter or blur commits at once, and only once', () => {
    const seen: string[] = [];
    const d = new DeferredCommit((v) => seen.push(v));
    d.schedule('12');
    d.flush();
    expect(seen).toEqual(['12']);
    d.flush();
    vi.advanceTimersByTime(COMMIT_PAUSE_MS);
    expect(seen).toEqual(['12']);
  });
});
