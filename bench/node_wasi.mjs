// Runs a wasm32-wasi command module under Node's node:wasi (preview 1):
// node node_wasi.mjs MODULE.wasm ARGS...  The guest's argv[0] is the module
// path; its exit status becomes the process's.
import { WASI } from 'node:wasi';
import { readFile } from 'node:fs/promises';

const [file, ...args] = process.argv.slice(2);
const wasi = new WASI({ version: 'preview1', args: [file, ...args], env: {}, returnOnExit: true });
const module = await WebAssembly.compile(await readFile(file));
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
process.exitCode = wasi.start(instance);
