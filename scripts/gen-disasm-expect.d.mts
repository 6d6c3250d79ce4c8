// Types of scripts/gen-disasm-expect.mjs for the test that shares its objdump parser.
export interface ListingLine {
  section: string;
  offset: number;
  size: number;
  text: string;
}
export function parseObjdump(text: string): ListingLine[];
