// The oracle: every sample that should load is linked by the architecture's GNU ld at
// exactly the addresses the engine chose, with every import pinned where the engine
// resolved it. The engine's psABI bytes (abiImage) must equal ld's, section by section.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simulate } from '../../src/engine.js';
import { loadOrderOf, readCatalogue, SAMPLES_DIR, sessionFor } from '../catalogue.js';
import { allocSections, haveLinker, linkAt, linkerExists, type SectionAddress } from './ld.js';
import { readElf } from './elf.js';

const catalogue = readCatalogue();
// Samples of an architecture without a GNU ld in Debian (OpenRISC) are checked against
// hand-computed values in their own tests instead (openrisc-load.test.ts, arch-openrisc.test.ts).
const candidates = catalogue.filter((e) => e.expect === 'loads' && e.elfType === 'ET_REL' && linkerExists(e.arch));

function hex(b: Uint8Array): string {
  return Buffer.from(b).toString('hex');
}

describe('engine psABI bytes equal GNU ld output', () => {
  it('covers every architecture with a loading sample', () => {
    expect(new Set(candidates.map((c) => c.arch))).toEqual(new Set(['arm', 'riscv', 'x86_64', 'x86', 'arm64', 'xtensa', 'arc']));
  });

  for (const entry of candidates) {
    it(`${entry.id} (${entry.arch}, ${entry.board})`, async () => {
      expect(
        haveLinker(entry.arch, entry.elfClass),
        `GNU ld for ${entry.arch} is not installed (npm test installs it when run as root)`,
      ).toBe(true);
      const paths = loadOrderOf(entry).map((p) => join(SAMPLES_DIR, p));
      // The entry's board, files and prjConf (MMU boards need a larger heap).
      const session = await sessionFor(entry);
      const { document: doc } = await simulate({ files: session.files, config: session.config });
      expect(doc.ok, `${entry.id} failed to load: ${doc.message}`).toBe(true);

      let compared = 0;
      for (const [i, path] of paths.entries()) {
        // Zephyr keeps the first LLEXT_MAX_NAME_LEN (15) characters of the name.
        const ext = session.names[i]!.slice(0, 15);
        const elf = readElf(new Uint8Array(readFileSync(path)));
        const mapped = new Map<string, bigint>();
        const duplicate = new Set<string>();
        for (const s of doc.sections.filter((x) => x.ext === ext)) {
          if (mapped.has(s.name)) duplicate.add(s.name);
          mapped.set(s.name, BigInt(s.addr));
        }
        expect([...duplicate], 'section names must be unique to compare by name').toEqual([]);
        // Sections Zephyr does not place (empty ones) still need an address for ld.
        let spare = 0x7f000000n;
        const sections: SectionAddress[] = allocSections(elf).map((s) => {
          const addr = mapped.get(s.name);
          if (addr !== undefined) return { name: s.name, addr };
          spare = (spare + s.align - 1n) & ~(s.align - 1n);
          const placed = { name: s.name, addr: spare };
          spare += BigInt(s.size) + 0x100n;
          return placed;
        });
        // CONFIG_LLEXT_VENEERS: an out-of-range Thumb call goes through Zephyr's veneer, where ld
        // would add a long-branch stub of its own (and refuse here, the section growing). With
        // the symbol pinned at the veneer, ld's branch must encode exactly Zephyr's. A symbol
        // also used by relocations that did not go through the veneer cannot be pinned: skip.
        const ownRelocs = doc.relocations.filter((r) => r.ext === ext);
        const throughVeneer = (r: (typeof ownRelocs)[number]) => r.quirk?.includes('LLEXT_MEM_VENEER') ?? false;
        const pinned = new Map(ownRelocs.filter(throughVeneer).map((r) => [r.symbol, BigInt(r.S)]));
        if (ownRelocs.some((r) => pinned.has(r.symbol) && !throughVeneer(r))) continue;
        const defsyms = doc.imports
          .filter((im) => im.ext === ext && im.addr !== null)
          .map((im) => ({ name: im.name, addr: pinned.get(im.name) ?? BigInt(im.addr!) }));
        const request = { object: path, arch: entry.arch, elfClass: entry.elfClass, sections, defsyms };
        const abiFailures = doc.relocations.filter((r) => r.ext === ext && r.abiRet !== 0);
        if (abiFailures.length > 0) {
          // The engine says the psABI value does not fit (Zephyr writes it anyway): ld must refuse too.
          expect(() => linkAt(request), abiFailures.map((r) => `${r.typeName} ${r.symbol}`).join(', ')).toThrow(
            /out of range|truncated|overflow/,
          );
          compared++;
          continue;
        }
        const linked = linkAt(request);
        for (const [name, bytes] of linked.sections) {
          const img = doc.images.find((m) => m.ext === ext && m.section === name);
          if (!img) {
            // Zephyr did not load this section (size 0): nothing to compare.
            expect(bytes.length, `${name} has bytes but the engine did not place it`).toBe(0);
            continue;
          }
          expect(img.abiHex, `${ext} ${name} at ${img.addr}`).toBe(hex(bytes));
          compared++;
        }
      }
      expect(compared).toBeGreaterThan(0);
      // Where no quirk applies, Zephyr writes exactly the psABI value.
      for (const r of doc.relocations) {
        if (r.quirk === null && r.ret === 0) expect(r.after, `${r.ext} ${r.section}+${r.offset} ${r.typeName}`).toBe(r.abiAfter);
      }
    });
  }
});
