// The load context `L` every step of the load passes around: struct llext_loader's state
// (LoaderState, loaderstate.ts) plus what llext_link() caches about the symbols
// relocations name. Split so that the cache (symnames.ts), which reads the symbol table
// through LoaderState, sits below the context that holds it. Constructed with
// LoaderState's constructor.
import { LoaderState } from "./loaderstate";
import { SymbolNames } from "./symnames";

export class LoadCtx extends LoaderState {
  /** Names of the symbols relocations refer to, cached while linking (null before). */
  symNames: SymbolNames | null = null;
}
