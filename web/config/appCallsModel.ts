// What the application does around llext_load(), as the user sets it: with a dynamic heap
// it hands the loader a buffer first (llext_heap_init), and it may unload everything
// afterwards. Part of a session: the same files and options with other calls are another run.

/** Sizes in KiB. */
export interface AppSettings {
  heapInit: boolean;
  heapKiB: number;
  instrKiB: number;
  dataKiB: number;
  unloadAll: boolean;
  /** struct llext_load_param of every llext_load() (include/zephyr/llext/llext.h). */
  relocateLocal: boolean;
  preLocated: boolean;
  keepSectionInfo: boolean;
  /** Section names the application's section_detached() callback returns true for, comma-separated. */
  sectionDetached: string;
}

export const DEFAULT_APP_SETTINGS: Readonly<AppSettings> = {
  heapInit: true,
  heapKiB: 16,
  instrKiB: 8,
  dataKiB: 16,
  unloadAll: false,
  relocateLocal: true,
  preLocated: false,
  keepSectionInfo: false,
  sectionDetached: '',
};

/** The detached section names of `text`: split at commas and spaces, empty entries dropped. */
export function detachedNames(text: string): string[] {
  return text.split(/[\s,]+/).filter((n) => n !== '');
}

/** Largest heap the application can hand the loader, in KiB (the engine models up to 64 MiB). */
export const APP_HEAP_KIB_MAX = 65536;

export function sameAppSettings(a: AppSettings, b: AppSettings): boolean {
  return (
    a.heapInit === b.heapInit &&
    a.heapKiB === b.heapKiB &&
    a.instrKiB === b.instrKiB &&
    a.dataKiB === b.dataKiB &&
    a.unloadAll === b.unloadAll &&
    a.relocateLocal === b.relocateLocal &&
    a.preLocated === b.preLocated &&
    a.keepSectionInfo === b.keepSectionInfo &&
    a.sectionDetached === b.sectionDetached
  );
}
