import { describe, expect, it } from 'vitest';
import { formatSize, linkSizeReport } from './linkSize.js';

const link = (bytes: number): string => `https://x/#session=${'A'.repeat(bytes - 19)}`;

describe('link size report', () => {
  it('is quiet up to 8 KB, warns above, and sends to the session file above 32 KB', () => {
    expect(link(8192).length).toBe(8192);
    expect(linkSizeReport(link(8192))).toEqual({ bytes: 8192, level: 'ok', size: '8.0 KB', advice: '' });
    expect(linkSizeReport(link(8193))).toMatchObject({ bytes: 8193, level: 'long' });
    expect(linkSizeReport(link(8193)).advice).toBe(
      'This link is 8.0 KB: chat tools and issue trackers may cut links longer than 8 KB. If it does not open, share the session file instead.',
    );
    expect(linkSizeReport(link(32768)).level).toBe('long');
    expect(linkSizeReport(link(32769))).toMatchObject({ bytes: 32769, level: 'too-long', size: '32.0 KB' });
    expect(linkSizeReport(link(40000)).advice).toBe(
      'This link is 39.1 KB: browsers cut links longer than 32 KB when they are copied from the address bar. Download the session file and share that instead.',
    );
  });

  it('formats sizes', () => {
    expect(formatSize(999)).toBe('999 B');
    expect(formatSize(1536)).toBe('1.5 KB');
    expect(formatSize(3 * 1024 * 1024)).toBe('3.0 MB');
  });
});
