// Helper for component test drivers: instantiates the component that
// build_and_run.py transpiled (`jco transpile --instantiation async`, path in
// $KILN_COMPONENT_JS), with preview2-shim's WASI 0.2 host for any wasi:*
// imports plus the driver's own imports, and returns the exports.
//
// Custom imports are keyed as jco keys them: a world-level function by its
// name (a bare JS function is accepted and wrapped as `{ default: fn }`), an
// interface by its name without version ('kiln:test/host'), holding its
// functions and resource classes in lowerCamelCase / UpperCamelCase.
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { WASIShim } from '@bytecodealliance/preview2-shim/instantiation';

export async function instantiate(custom = {}) {
  const js = process.env.KILN_COMPONENT_JS;
  if (!js) throw new Error('KILN_COMPONENT_JS is not set (run through build_and_run.py)');
  const { instantiate: inst } = await import(pathToFileURL(js).href);
  const imports = new WASIShim().getImportObject();
  for (const [name, value] of Object.entries(custom))
    imports[name] = typeof value === 'function' ? { default: value } : value;
  const dir = dirname(js);
  const getCoreModule = async (file) => WebAssembly.compile(await readFile(join(dir, file)));
  return inst(getCoreModule, imports);
}

// Prints one line per call as `label = value`, with values in a stable,
// JSON-like text (bigints, undefined and NaN survive).
export function show(label, value) {
  console.log(`${label} = ${fmt(value)}`);
}

export function fmt(v) {
  if (typeof v === 'bigint') return `${v}n`;
  if (v === undefined) return 'undefined';
  if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v);
  if (typeof v === 'string') return JSON.stringify(v);
  if (v instanceof Uint8Array || ArrayBuffer.isView(v))
    return `${v.constructor.name}[${Array.from(v, fmt).join(', ')}]`;
  if (Array.isArray(v)) return `[${v.map(fmt).join(', ')}]`;
  if (v && typeof v === 'object') {
    if (v.constructor && v.constructor !== Object)
      return `<${v.constructor.name}>`;
    return `{${Object.entries(v).map(([k, x]) => `${k}: ${fmt(x)}`).join(', ')}}`;
  }
  return String(v);
}
