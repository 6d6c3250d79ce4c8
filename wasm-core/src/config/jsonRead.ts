// Tiny runtime readers for the project's JSON data files. The files are
// imported as modules, so TypeScript only knows their inferred shape; these
// helpers check each field once at load time and report the exact path of
// anything malformed instead of failing later with an undefined.

export class DataFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DataFileError';
  }
}

export type JsonObject = { readonly [key: string]: unknown };

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function asObject(v: unknown, where: string): JsonObject {
  if (!isObject(v)) throw new DataFileError(`${where}: expected an object`);
  return v;
}

export function asArray(v: unknown, where: string): unknown[] {
  if (!Array.isArray(v)) throw new DataFileError(`${where}: expected an array`);
  return v;
}

export function reqString(o: JsonObject, key: string, where: string): string {
  const v = o[key];
  if (typeof v !== 'string') throw new DataFileError(`${where}.${key}: expected a string`);
  return v;
}

export function optString(o: JsonObject, key: string, where: string): string | undefined {
  return o[key] === undefined ? undefined : reqString(o, key, where);
}

export function reqNumber(o: JsonObject, key: string, where: string): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new DataFileError(`${where}.${key}: expected a number`);
  return v;
}

export function optNumber(o: JsonObject, key: string, where: string): number | undefined {
  return o[key] === undefined ? undefined : reqNumber(o, key, where);
}

export function reqBool(o: JsonObject, key: string, where: string): boolean {
  const v = o[key];
  if (typeof v !== 'boolean') throw new DataFileError(`${where}.${key}: expected true or false`);
  return v;
}

export function optBool(o: JsonObject, key: string, where: string, fallback: boolean): boolean {
  return o[key] === undefined ? fallback : reqBool(o, key, where);
}

export function reqOneOf<T extends string>(o: JsonObject, key: string, allowed: readonly T[], where: string): T {
  const v = reqString(o, key, where);
  const found = allowed.find((a) => a === v);
  if (found === undefined) throw new DataFileError(`${where}.${key}: "${v}" is not one of ${allowed.join(', ')}`);
  return found;
}

/** Parses "0x..." (or decimal) address text into a bigint. */
export function reqAddress(o: JsonObject, key: string, where: string): bigint {
  const text = reqString(o, key, where);
  if (!/^(0x[0-9a-fA-F]+|\d+)$/.test(text)) throw new DataFileError(`${where}.${key}: "${text}" is not an address`);
  return BigInt(text);
}
