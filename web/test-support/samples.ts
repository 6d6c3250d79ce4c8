// Test helpers: the sample catalogue and its files read from public/samples/.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { SampleEntry } from '../share/wire.js';

const SAMPLES = new URL('../../public/samples/', import.meta.url);

export interface CatalogueEntry extends SampleEntry {
  board: string;
  expect: string;
}

export const catalogue: CatalogueEntry[] = JSON.parse(readFileSync(new URL('index.json', SAMPLES), 'utf8')) as CatalogueEntry[];

export function sampleBytes(path: string): Uint8Array {
  return new Uint8Array(readFileSync(fileURLToPath(new URL(path, SAMPLES))));
}

export const fetchSample = async (path: string): Promise<Uint8Array> => sampleBytes(path);
