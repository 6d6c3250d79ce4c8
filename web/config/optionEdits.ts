// prj.conf edits the options panel makes, expressed on the schema's types.
import type { KconfigChoice, KconfigOption } from '@core/config/index.js';
import { setOption } from './prjConfEdit.js';

export function setBool(text: string, opt: KconfigOption, on: boolean): string {
  return setOption(text, opt.name, on ? 'y' : 'n');
}

export function setNumber(text: string, opt: KconfigOption, value: string): string {
  return setOption(text, opt.name, value.trim() === '' ? null : value.trim());
}

export function setString(text: string, opt: KconfigOption, value: string): string {
  return setOption(text, opt.name, JSON.stringify(value));
}

/** Picks one member of a choice: it becomes =y and the other members' lines go. */
export function pickChoice(text: string, choice: KconfigChoice, member: string): string {
  let out = text;
  for (const m of choice.members) if (m !== member) out = setOption(out, m, null);
  return setOption(out, member, 'y');
}

/** Forgets the user's value (back to the default). */
export function resetOption(text: string, name: string): string {
  return setOption(text, name, null);
}
