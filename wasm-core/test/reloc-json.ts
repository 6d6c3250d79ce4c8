// Calls the engine's single-relocation entry points and parses their JSON answer.
import type { EngineInstance } from '../src/wasm.js';
import type { TestEngineInstance } from './test-engine.js';

export interface RelocResult {
  known: boolean;
  typeName: string;
  width: number;
  zephRet: number;
  zephWrote: boolean;
  /** Bytes Zephyr leaves at P (hex, `width` bytes). */
  zeph: string;
  abiRet: number;
  /** Bytes the psABI (GNU ld) gives at P. */
  abi: string;
  value: string;
  abiValue: string;
  quirk: string;
  errorLog: string;
  hint: string;
  rangeFailed: boolean;
  rangeMin: string;
  rangeMax: string;
  /** Log lines Zephyr prints besides errorLog ("err:…", "wrn:…", "dbg:…"). */
  extraLogs: string[];
}

export interface RelocInput {
  arch: string;
  type: number;
  before?: number[];
  S?: bigint;
  A?: bigint;
  P?: bigint;
  B?: bigint;
  rela?: boolean;
  bigEndian?: boolean;
  ptrSize?: number;
  sym?: string;
}

/** relocateOne(): no RelocEnv, no symbol details. */
export function relocate(e: EngineInstance, i: RelocInput): RelocResult {
  const json = e.relocateOne(
    i.arch,
    i.type,
    new Uint8Array(i.before ?? [0, 0, 0, 0]),
    i.S ?? 0n,
    i.A ?? 0n,
    i.P ?? 0n,
    i.B ?? 0n,
    i.rela ?? true,
    i.bigEndian ?? false,
    i.ptrSize ?? 4,
    i.sym ?? 'sym',
  );
  return JSON.parse(json) as RelocResult;
}

export interface EnvInput extends RelocInput {
  /** [shndx, sh_addr, sh_size, loaded address] */
  sections?: Array<[number, bigint, bigint, bigint]>;
  useEnv?: boolean;
  symIndex?: number;
  symValue?: bigint;
  symShndx?: number;
  /** 0 STB_LOCAL, 1 STB_GLOBAL */
  symBind?: number;
  rOffset?: bigint;
}

/** testRelocateWithEnv() (test build only): a section table as RelocEnv, symbol fields, and the extra log lines. */
export function relocateWithEnv(e: TestEngineInstance, i: EnvInput): RelocResult {
  e.testEnvClear();
  for (const [shndx, shAddr, size, loaded] of i.sections ?? []) e.testEnvAddSection(shndx, shAddr, size, loaded);
  const json = e.testRelocateWithEnv(
    i.arch,
    i.type,
    new Uint8Array(i.before ?? [0, 0, 0, 0]),
    i.S ?? 0n,
    i.A ?? 0n,
    i.P ?? 0n,
    i.rela ?? true,
    i.bigEndian ?? false,
    i.symIndex ?? 1,
    i.sym ?? 'sym',
    i.symValue ?? 0n,
    i.symShndx ?? 0,
    i.symBind ?? 0,
    i.rOffset ?? 0n,
    i.useEnv ?? true,
  );
  return JSON.parse(json) as RelocResult;
}
