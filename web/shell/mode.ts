// How the page is shown: the full playground, a read-only embed for docs
// iframes (?view=embed), or a read-only presenter view with large type for
// slides (?view=present).
export type AppMode = 'full' | 'embed' | 'present';

export function appMode(search: string = typeof location === 'undefined' ? '' : location.search): AppMode {
  const view = new URLSearchParams(search).get('view');
  return view === 'embed' || view === 'present' ? view : 'full';
}

/** The same page in another mode (the fragment, which holds the session, is kept). */
export function urlInMode(href: string, mode: AppMode): string {
  const url = new URL(href);
  if (mode === 'full') url.searchParams.delete('view');
  else url.searchParams.set('view', mode);
  return url.href;
}
