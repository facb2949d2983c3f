import { DIVISIONS_PACKED } from './divisions-data.js';

export interface Division {
  code: string;
  /** Name of the most specific level found (county, else city, else province). */
  name: string | null;
  province: string | null;
  city: string | null;
  county: string | null;
  /** False when the code is not in the current GB/T 2260 table (e.g. a county abolished since). */
  known: boolean;
}

let table: Map<string, string> | undefined;

function divisionTable(): Map<string, string> {
  if (!table) {
    table = new Map();
    for (const entry of DIVISIONS_PACKED.split('|')) table.set(entry.slice(0, 6), entry.slice(6));
  }
  return table;
}

// Municipalities list their districts under a placeholder city ("市辖区"); it is not a name.
const PLACEHOLDER_CITIES = new Set(['市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划']);

export function lookupDivision(code: string): Division {
  const t = divisionTable();
  const province = t.get(`${code.slice(0, 2)}0000`) ?? null;
  const cityName = code.slice(2, 4) === '00' ? null : (t.get(`${code.slice(0, 4)}00`) ?? null);
  const city = cityName && !PLACEHOLDER_CITIES.has(cityName) ? cityName : null;
  const county = code.slice(4, 6) === '00' ? null : (t.get(code) ?? null);
  const known = t.has(code);
  return { code, name: county ?? city ?? province, province, city, county, known };
}

/** Full display name, e.g. "广东省广州市番禺区". */
export function divisionFullName(code: string): string | null {
  const d = lookupDivision(code);
  const parts = [d.province, d.city, d.county].filter((p): p is string => p !== null);
  return parts.length > 0 ? parts.join('') : null;
}

export function isDivisionCode(code: string): boolean {
  return divisionTable().has(code);
}

/** Every division whose code starts with the prefix (a province "44", a city "4401"), for pickers. */
export function listDivisions(prefix = ''): { code: string; name: string }[] {
  const out: { code: string; name: string }[] = [];
  for (const [code, name] of divisionTable()) if (code.startsWith(prefix)) out.push({ code, name });
  return out;
}
