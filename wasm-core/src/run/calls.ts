// How an emulated call ended, in the words the verdict, the CLI's summary and the page's view
// tabs share. Its own small module (types only), so that the page header and tabs can use it
// without the explanation code.
import type { CallDoc } from '../document.js';

/** True when the call's code faulted as it would on the device (which halts there): not a stop
 * on request (stepping), nor the playground's own limits (the instruction budget, a function it
 * does not emulate), after which the device would still be running. */
export function callCrashed(c: CallDoc): boolean {
  const kind = c.fault?.kind;
  return kind !== undefined && kind !== 'stopped' && kind !== 'step-budget' && kind !== 'not-emulated';
}
