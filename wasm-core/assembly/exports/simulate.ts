// Whole-simulation entry point: input files + a config document -> binary trace.
const files: Uint8Array[] = [];

export function clearInputFiles(): void { files.length = 0; }

export function addInputFile(data: Uint8Array): i32 {
  files.push(data);
  return files.length - 1;
}

export function simulate(config: string): Uint8Array {
  return new Uint8Array(0);
}
