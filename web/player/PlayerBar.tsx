// Transport controls: start, previous step, back, play/pause, forward, next
// step, end, speed and a scrubber over every event of the run.
import { SPEEDS, usePlayer } from '../state/player.js';
import { useTimeline } from './useTimeline.js';
import { goToNextStep, goToPreviousStep } from './navigation.js';
import { describeEvent } from './describe.js';
import { ShortcutsHelp } from './ShortcutsHelp.js';
import { Icon } from '../shell/Icon.js';

export function PlayerBar() {
  const t = useTimeline();
  const { cursor, length, playing, speed, seek, stepBy, setPlaying, setSpeed } = usePlayer();
  const disabled = !t || length === 0;
  const heapName = (h: number): string => t?.heaps.find((x) => x.heap === h)?.name ?? `heap ${h}`;
  const valueText =
    t && cursor > 0 ? `Event ${cursor} of ${length}: ${describeEvent(t.events[cursor - 1], heapName)}` : `Event 0 of ${length}: start`;
  return (
    <div className="player" role="group" aria-label="Player">
      <div className="transport">
        <button
          type="button"
          className="icon ghost"
          onClick={() => seek(0)}
          disabled={disabled}
          aria-label="Go to the start"
          title="Start (Home)"
        >
          <Icon name="start" />
        </button>
        <button
          type="button"
          className="icon ghost"
          onClick={() => t && goToPreviousStep(t)}
          disabled={disabled}
          aria-label="Previous loader step"
          title="Previous step (Shift+←)"
        >
          <Icon name="prevStep" />
        </button>
        <button
          type="button"
          className="icon ghost"
          onClick={() => stepBy(-1)}
          disabled={disabled || cursor === 0}
          aria-label="Back one event"
          title="Back one event (←)"
        >
          <Icon name="back" />
        </button>
        <button
          type="button"
          className="icon primary play"
          onClick={() => setPlaying(!playing)}
          disabled={disabled}
          aria-label={playing ? 'Pause' : 'Play'}
          title={playing ? 'Pause (Space)' : 'Play (Space)'}
        >
          <Icon name={playing ? 'pause' : 'play'} />
        </button>
        <button
          type="button"
          className="icon ghost"
          onClick={() => stepBy(1)}
          disabled={disabled || cursor >= length}
          aria-label="Forward one event"
          title="Forward one event (→)"
        >
          <Icon name="forward" />
        </button>
        <button
          type="button"
          className="icon ghost"
          onClick={() => t && goToNextStep(t)}
          disabled={disabled}
          aria-label="Next loader step"
          title="Next step (Shift+→)"
        >
          <Icon name="nextStep" />
        </button>
        <button
          type="button"
          className="icon ghost"
          onClick={() => seek(length)}
          disabled={disabled}
          aria-label="Go to the end"
          title="End (End)"
        >
          <Icon name="end" />
        </button>
      </div>
      <label className="speed">
        <span className="visually-hidden">Speed</span>
        <select value={speed} onChange={(e) => setSpeed(Number(e.target.value))} disabled={disabled} aria-label="Playback speed">
          {SPEEDS.map((s) => (
            <option key={s} value={s}>
              {s}×
            </option>
          ))}
        </select>
      </label>
      <input
        type="range"
        className="scrubber"
        min={0}
        max={length}
        step={1}
        value={cursor}
        disabled={disabled}
        onChange={(e) => seek(Number(e.target.value))}
        aria-label="Position in the run"
        aria-valuetext={valueText}
        data-testid="scrubber"
      />
      <span className="counter mono" data-testid="cursor">
        {cursor} / {length}
      </span>
      <ShortcutsHelp />
    </div>
  );
}
