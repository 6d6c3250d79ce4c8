// The sample gallery's data: public/samples/index.json and the files it names.
import type { RunFile } from '../engine/protocol.js';

export interface SampleFile {
  path: string;
  role: 'extension' | 'zephyr-elf';
}

export interface Sample {
  id: string;
  title: string;
  description: string;
  arch: string;
  board: string;
  files: SampleFile[];
  sources: string[];
  flags: string;
  expect: 'loads' | 'fails';
  expectNote?: string;
  tags: string[];
  loadOrder?: string[];
}

const BASE = 'samples/';

function isSample(v: unknown): v is Sample {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return (
    typeof o.id === 'string' &&
    typeof o.title === 'string' &&
    typeof o.board === 'string' &&
    Array.isArray(o.files) &&
    Array.isArray(o.sources)
  );
}

let catalogue: Promise<Sample[]> | null = null;

export function loadCatalogue(): Promise<Sample[]> {
  catalogue ??= fetch(`${BASE}index.json`)
    .then((r) => {
      if (!r.ok) throw new Error(`samples/index.json: HTTP ${r.status}`);
      return r.json() as Promise<unknown>;
    })
    .then((data) => {
      if (!Array.isArray(data)) throw new Error('samples/index.json is not a list');
      return data.filter(isSample);
    });
  return catalogue;
}

export async function fetchBytes(path: string): Promise<Uint8Array> {
  const r = await fetch(BASE + path);
  if (!r.ok) throw new Error(`${path}: HTTP ${r.status}`);
  return new Uint8Array(await r.arrayBuffer());
}

export async function fetchSampleFiles(sample: Sample): Promise<RunFile[]> {
  return Promise.all(
    sample.files.map(async (f) => ({
      name: f.path.split('/').pop() ?? f.path,
      role: f.role,
      bytes: await fetchBytes(f.path),
    })),
  );
}

export async function fetchSource(path: string): Promise<string> {
  const r = await fetch(BASE + path);
  if (!r.ok) throw new Error(`${path}: HTTP ${r.status}`);
  return r.text();
}

export function defaultSample(samples: Sample[], boardDefault?: string): Sample | undefined {
  return samples.find((s) => s.id === boardDefault) ?? samples.find((s) => s.tags.includes('default')) ?? samples[0];
}
