// What the application does around the loads, from the session's settings (appCallsModel.ts):
// llext_heap_init() when the heap is dynamic, the load parameters, the calls and the calls'
// instruction budget. One conversion for the runner (the worker's runs) and for a shared
// session's request (share/request.ts: lessons, links in tests), so both run the same actions.
import { checkPrjConf } from '../config/configModel.js';
import { detachedNames, type AppSettings } from '../config/appCallsModel.js';
import { DEFAULT_CPU_BUDGET, type LoadParams } from '@core/config/index.js';
import type { AppCalls } from './protocol.js';

/** The session's load parameters, only when one differs from LLEXT_LOAD_PARAM_DEFAULT. */
function loadParamsOf(app: AppSettings): { loadParams?: LoadParams } {
  const detached = detachedNames(app.sectionDetached);
  if (app.relocateLocal && !app.preLocated && !app.keepSectionInfo && detached.length === 0) return {};
  return {
    loadParams: {
      relocateLocal: app.relocateLocal,
      preLocated: app.preLocated,
      keepSectionInfo: app.keepSectionInfo,
      sectionDetached: detached,
    },
  };
}

/** The application's actions for `app` on a board with that prj.conf (the heap is initialised
 * only when CONFIG_LLEXT_HEAP_DYNAMIC is on, as two heaps on a Harvard board). */
export function appCallsOf(boardId: string, prjConf: string, app: AppSettings): AppCalls {
  const check = checkPrjConf(boardId, prjConf);
  const dynamic = check?.config.isEnabled('CONFIG_LLEXT_HEAP_DYNAMIC') ?? false;
  const harvard = check?.config.isEnabled('CONFIG_HARVARD') ?? false;
  const heapInit = dynamic && app.heapInit ? (harvard ? { instrKiB: app.instrKiB, dataKiB: app.dataKiB } : { kib: app.heapKiB }) : null;
  return {
    heapInit,
    unloadAll: app.unloadAll,
    calls: app.calls.map((c) => ({ ext: c.ext, fn: c.fn, args: [...c.args] })),
    ...loadParamsOf(app),
  };
}

/** The calls' instruction budget, when it is not the engine's default. */
export function cpuBudgetOf(app: AppSettings): { cpuBudget?: number } {
  return app.cpuBudget !== DEFAULT_CPU_BUDGET ? { cpuBudget: app.cpuBudget } : {};
}
