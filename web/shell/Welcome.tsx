// The first visit's orientation: what the playground is and three ways to
// start. Dismissing it (or taking one of the ways) is remembered in
// localStorage, so it shows once per browser.
import { useState } from 'react';
import { usePlayer } from '../state/player.js';
import { loadIndex, openLessonById, useLessons } from '../lessons/ui/lessonStore.js';

const KEY = 'llext-welcome';

function seenBefore(): boolean {
  try {
    return localStorage.getItem(KEY) === 'dismissed';
  } catch {
    return false;
  }
}

function remember(): void {
  try {
    localStorage.setItem(KEY, 'dismissed');
  } catch {
    /* private mode: shown again next time */
  }
}

export function Welcome() {
  const [shown, setShown] = useState(() => !seenBefore() && !location.hash.includes('lesson='));
  if (!shown) return null;
  const done = (): void => {
    remember();
    setShown(false);
  };
  const play = (): void => {
    const p = usePlayer.getState();
    p.seek(0);
    p.setPlaying(true);
    done();
  };
  const openFile = (): void => {
    document.querySelector<HTMLInputElement>('[data-testid="file-input"]')?.click();
    done();
  };
  const firstLesson = async (): Promise<void> => {
    done();
    await loadIndex();
    const first = useLessons.getState().index?.[0];
    if (first) await openLessonById(first.id);
  };
  return (
    <section className="welcome" data-testid="welcome" aria-labelledby="welcome-title">
      <h2 id="welcome-title" className="visually-hidden">
        Getting started
      </h2>
      <p className="welcome-text">
        This playground shows, step by step, what Zephyr&apos;s LLEXT loader does with an extension (heap allocations, sections, symbols,
        relocations), simulated in your browser.
      </p>
      <div className="welcome-actions">
        <button type="button" className="primary" onClick={play}>
          Play the sample
        </button>
        <button type="button" onClick={openFile}>
          Open or drop your own file…
        </button>
        <button type="button" onClick={() => void firstLesson()}>
          Start lesson 1
        </button>
        <button type="button" className="ghost" onClick={done}>
          Dismiss
        </button>
      </div>
    </section>
  );
}
