// Colours of region kinds and heap block purposes, shared by every view so
// the same thing has the same colour everywhere. Values are CSS variables
// defined per theme in theme.css.

const REGION_VARS: Record<string, string> = {
  TEXT: '--r-text',
  // The veneer table (CONFIG_LLEXT_VENEERS) is code too.
  VENEER: '--r-text',
  DATA: '--r-data',
  RODATA: '--r-rodata',
  RODATA_NO_RELOC: '--r-rodata',
  BSS: '--r-bss',
  EXPORT: '--r-export',
  PREINIT: '--r-other',
  INIT: '--r-other',
  FINI: '--r-other',
};

export function regionColor(region: string): string {
  return `var(${REGION_VARS[region] ?? '--r-other'})`;
}

/** Heap blocks are labelled by what they hold: "region TEXT" or metadata such as "struct llext". */
export function purposeColor(purpose: string): string {
  const m = /^region (\w+)/.exec(purpose);
  return m ? regionColor(m[1]) : 'var(--r-meta)';
}
