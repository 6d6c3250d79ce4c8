// One sentence per trace event: the text of the aria-live status line and the
// player caption. Every animated change also exists as this text.
import type { TraceEvent } from '@core/trace.js';
import { errnoName } from '../format/errno.js';
import { hex, sizeText } from '../format/numbers.js';

/** The Zephyr function an application action calls (the verbs of the engine input's `action` lines). */
const CALLS: Record<string, string> = {
  load: 'llext_load()',
  unload: 'llext_unload()',
  heap_init: 'llext_heap_init()',
  heap_init_harvard: 'llext_heap_init_harvard()',
  heap_uninit: 'llext_heap_uninit()',
  bringup: 'llext_bringup()',
  teardown: 'llext_teardown()',
  call: 'llext_call_fn()',
};

/** An `action` line ("load h_counter 0") as a sentence ("llext_load() for h_counter"). */
export function actionText(text: string): string {
  const [verb = '', ...args] = text.trim().split(/\s+/);
  const fn = CALLS[verb];
  if (!fn) return text;
  switch (verb) {
    case 'load':
    case 'unload':
    case 'bringup':
    case 'teardown':
      return `${fn} for ${args[0] ?? 'an extension'}`;
    case 'heap_init':
      return `${fn} with a ${sizeText(Number(args[0] ?? 0))} buffer`;
    case 'heap_init_harvard':
      return `${fn} with ${sizeText(Number(args[0] ?? 0))} for instructions and ${sizeText(Number(args[1] ?? 0))} for data`;
    case 'call':
      return `${fn} for ${args[1] ?? 'a function'} of ${args[0] ?? 'an extension'}`;
    default:
      return fn;
  }
}

export function describeEvent(ev: TraceEvent, heapName: (heap: number) => string): string {
  switch (ev.kind) {
    case 'log':
      return `Log: ${ev.line}`;
    case 'step':
      return `${ev.ext}: ${ev.fn}() — ${ev.title}`;
    case 'heapInit':
      return `Heap ${ev.name} initialised: ${sizeText(ev.size)} at ${hex(ev.base)}${ev.ok ? '' : ' (too small to use)'}`;
    case 'heapAlloc':
      return ev.offset < 0n
        ? `Allocation of ${ev.bytes} bytes for ${ev.purpose} on ${heapName(ev.heap)} failed (NULL)`
        : `Allocated ${ev.bytes} bytes${ev.align > 0n ? ` aligned to ${ev.align}` : ''} for ${ev.purpose} on ${heapName(ev.heap)} at offset ${hex(ev.offset)}`;
    case 'heapFree':
      return `Freed ${ev.purpose} on ${heapName(ev.heap)} (offset ${hex(ev.offset)})`;
    case 'heapUninit':
      return `Heap ${heapName(ev.heap)} released`;
    case 'heapState':
      return `${heapName(ev.heap)}: ${ev.used} bytes used, ${ev.free} free, largest free block ${ev.largest}`;
    case 'section':
      return `Section ${ev.name || `#${ev.index}`}: ${ev.note}`;
    case 'region':
      return ev.inPlace
        ? `Region ${ev.name} used in place at ${hex(ev.addr)} (${ev.memSize} bytes)`
        : `Region ${ev.name} copied to ${hex(ev.addr)} (${ev.memSize} bytes, ${ev.allocSize} allocated)`;
    case 'place':
      return `Section ${ev.name} placed at ${hex(ev.addr)}${ev.nobits ? ' (zero-filled)' : ''}`;
    case 'regionInfo':
      return `llext_get_region_info(${ev.name}): ${sizeText(Number(ev.size))} at ${hex(ev.addr)}`;
    case 'sectionInfo':
      return ev.ret === 0
        ? `llext_get_section_info(${ev.name || `#${ev.shndx}`}): region ${ev.region}, offset ${hex(ev.offset)}`
        : `llext_get_section_info(${ev.name || `#${ev.shndx}`}): ${ev.ret} (the section map was not kept)`;
    case 'symbol':
      return `${ev.table === 'exp_tab' ? 'Exported' : 'Global'} symbol ${ev.name} at ${hex(ev.addr)}`;
    case 'lookup':
      if (ev.source === 'missing') return `Symbol ${ev.name} not found`;
      return `Symbol ${ev.name}${ev.bySlid ? ` (SLID ${hex(ev.slid)})` : ''} found at ${hex(ev.addr)}${ev.provider ? ` in ${ev.provider}` : ''}`;
    case 'reloc':
      return ev.ret === 0
        ? `Relocation ${ev.typeName || `type ${ev.type}`} at ${hex(ev.P)}${ev.symbol ? ` against ${ev.symbol}` : ''}: wrote ${hex(ev.value)}`
        : `Relocation ${ev.typeName || `type ${ev.type}`} at ${hex(ev.P)} failed with ${errnoName(-ev.ret)}`;
    case 'diag':
      return `${ev.severity === 'error' ? 'Problem' : ev.severity === 'warning' ? 'Warning' : 'Note'}: ${ev.text}`;
    case 'result':
      return `${CALLS[ev.action] ?? ev.action}${ev.ext ? ` for ${ev.ext}` : ''} ${ev.ret === 0 ? 'succeeded' : `failed with ${errnoName(-ev.ret)} (${ev.ret})`}`;
    case 'extName':
      return `Zephyr keeps ${ev.max} characters of the name ${ev.full}: the extension is called ${ev.ext} from here on`;
    case 'dependency':
      return `${ev.ext} now depends on ${ev.provider}`;
    case 'image':
      return `Final bytes of ${ev.name} in ${ev.ext}`;
    case 'call':
      return `${ev.what} ${ev.index} of ${ev.ext} at ${hex(ev.addr)}`;
    case 'info':
      return `${ev.key}: ${ev.value}`;
    case 'action':
      return `The application calls ${actionText(ev.text)}`;
    case 'heapBlocks':
      return `${heapName(ev.heap)} is a pool of ${ev.blocks} blocks of ${ev.blockSize} bytes`;
    case 'run':
      return `The CPU runs ${ev.fn}(${ev.args}) of ${ev.ext} from ${hex(ev.entry)}`;
    case 'console':
      return `Console: ${ev.text.replace(/\n$/, '')}`;
    case 'runEnd':
      return ev.fault === 'none'
        ? `The call returned ${hex(ev.ret)} after ${ev.instructions} instructions`
        : `The call stopped (${ev.fault}) at ${hex(ev.pc)} after ${ev.instructions} instructions${ev.detail ? `: ${ev.detail}` : ''}`;
  }
}
