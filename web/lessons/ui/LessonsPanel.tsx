// The lessons panel: the list of lessons, then the current lesson's step with
// its text, its checkpoint and the way to the next step.
import { useEffect, useState } from 'react';
import { Icon } from '../../shell/Icon.js';
import { lessonLink } from '../loader.js';
import { CheckpointStatus } from './CheckpointStatus.js';
import { LessonText } from './LessonText.js';
import { closeLesson, goToStep, loadIndex, openLessonById, useLessons } from './lessonStore.js';

function LessonList() {
  const index = useLessons((s) => s.index);
  const error = useLessons((s) => s.error);
  useEffect(() => {
    void loadIndex();
  }, []);
  if (error)
    return (
      <p className="message error">
        <span>{error}</span>
      </p>
    );
  if (!index) return <p className="muted">Loading the lessons…</p>;
  return (
    <ol className="lesson-list">
      {index.map((l) => (
        <li key={l.id}>
          <button type="button" className="lesson-item" onClick={() => void openLessonById(l.id)}>
            <span className="lesson-title">{l.title}</span>
            <span className="muted">{l.summary}</span>
          </button>
        </li>
      ))}
    </ol>
  );
}

function CurrentStep() {
  const lesson = useLessons((s) => s.lesson);
  const i = useLessons((s) => s.step);
  const opening = useLessons((s) => s.opening);
  const [copied, setCopied] = useState(false);
  if (!lesson) return null;
  const step = lesson.steps[i];
  const copy = async (): Promise<void> => {
    await navigator.clipboard?.writeText(lessonLink(location.href, lesson.id, i + 1)).catch(() => undefined);
    setCopied(true);
    setTimeout(() => setCopied(false), 1500);
  };
  return (
    <div className="lesson-step" data-testid="lesson-step" aria-busy={opening}>
      <p className="muted lesson-crumb">
        <button type="button" className="small ghost" onClick={closeLesson}>
          All lessons
        </button>
        <span>{lesson.title}</span>
      </p>
      <h3>
        Step {i + 1} of {lesson.steps.length}: {step.title}
      </h3>
      {step.text.map((t, k) => (
        <LessonText key={k} text={t} />
      ))}
      {step.checkpoint && <CheckpointStatus checkpoint={step.checkpoint} />}
      <div className="lesson-nav">
        <button type="button" onClick={() => void goToStep(i - 1)} disabled={i === 0}>
          Back
        </button>
        <button type="button" className="small ghost" onClick={() => void copy()}>
          {copied ? 'Link copied' : 'Copy link to this step'}
        </button>
        <button type="button" className="primary" onClick={() => void goToStep(i + 1, true)} disabled={i + 1 >= lesson.steps.length}>
          Next
        </button>
      </div>
    </div>
  );
}

export function LessonsPanel() {
  const open = useLessons((s) => s.open);
  const lesson = useLessons((s) => s.lesson);
  const setOpen = useLessons((s) => s.setOpen);
  // On phones the panel is a sheet under the views; folded, it keeps only Back and Next.
  const [folded, setFolded] = useState(false);
  if (!open) return null;
  return (
    <aside className={`lesson-panel${folded ? ' folded' : ''}`} aria-labelledby="lesson-panel-title" data-testid="lesson-panel">
      <div className="dialog-head">
        <h2 id="lesson-panel-title">Lessons</h2>
        <span className="lesson-head-tools">
          <button type="button" className="small ghost lesson-fold" aria-expanded={!folded} onClick={() => setFolded(!folded)}>
            {folded ? 'Show the step' : 'Fold'}
          </button>
          <button type="button" className="icon ghost" onClick={() => setOpen(false)} aria-label="Close the lessons">
            <Icon name="close" />
          </button>
        </span>
      </div>
      <div className="lesson-body">{lesson ? <CurrentStep /> : <LessonList />}</div>
    </aside>
  );
}

export function LessonsButton() {
  const open = useLessons((s) => s.open);
  const setOpen = useLessons((s) => s.setOpen);
  return (
    <button type="button" aria-pressed={open} onClick={() => setOpen(!open)}>
      Lessons
    </button>
  );
}
