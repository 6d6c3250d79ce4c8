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
}

export const DEFAULT_APP_SETTINGS: Readonly<AppSettings> = { heapInit: true, heapKiB: 16, instrKiB: 8, dataKiB: 16, unloadAll: false };

/** Largest heap the application can hand the loader, in KiB (the engine models up to 64 MiB). */
export const APP_HEAP_KIB_MAX = 65536;

export function sameAppSettings(a: AppSettings, b: AppSettings): boolean {
  return (
    a.heapInit === b.heapInit &&
    a.heapKiB === b.heapKiB &&
    a.instrKiB === b.instrKiB &&
    a.dataKiB === b.dataKiB &&
    a.unloadAll === b.unloadAll
  );
}
