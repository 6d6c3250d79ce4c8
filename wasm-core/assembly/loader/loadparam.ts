// struct llext_load_param (include/zephyr/llext/llext.h): the advanced parameters of
// llext_load(). The engine input passes them on the load action (config/FORMAT.md); absent
// ones take LLEXT_LOAD_PARAM_DEFAULT ({ .relocate_local = true }).

export class LoadParam {
  /** Perform local relocation: llext_link() runs only when set. */
  relocateLocal: bool = true;
  /** Sections already at their final (ELF) addresses; no allocation or copy. */
  preLocated: bool = false;
  /** Keep ldr->sect_map after the load, for the inspection API (llext/inspect.h). */
  keepSectionInfo: bool = false;
  /** The section_detached() callback, as the names of the sections it returns true for. */
  detached: string[] = [];

  isDetached(name: string): bool {
    return this.detached.includes(name);
  }
}

/**
 * Reads `key=value` words of a load action into `p`. Returns "" or what is wrong with a word.
 * Keys: relocate_local, pre_located, keep_section_info (0/1), section_detached (section names
 * separated by commas).
 */
export function parseLoadParam(words: string[], p: LoadParam): string {
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    const eq = w.indexOf("=");
    if (eq <= 0) return "'" + w + "' is not key=value";
    const key = w.substring(0, eq),
      value = w.substring(eq + 1);
    if (key == "section_detached") {
      p.detached = value.length == 0 ? [] : value.split(",");
      continue;
    }
    if (value != "0" && value != "1") return "'" + w + "': the value must be 0 or 1";
    const on = value == "1";
    if (key == "relocate_local") p.relocateLocal = on;
    else if (key == "pre_located") p.preLocated = on;
    else if (key == "keep_section_info") p.keepSectionInfo = on;
    else return "unknown load parameter '" + key + "'";
  }
  return "";
}
