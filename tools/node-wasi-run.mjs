// node-wasi-run: run a wasm32-wasi (WASI preview 1) core module under
// Node's built-in `node:wasi`, as the reference the kiln tests compare
// against.  Options mirror `kiln run`:
//
//   node --single-threaded-gc --no-warnings tools/node-wasi-run.mjs \
//       [--dir HOST[::GUEST]] [--env K=V] [--] prog.wasm ARGS...
//
// As with kiln and wasmtime, everything after the module is the guest's.
// The process exits with the guest's exit code.  A WebAssembly trap
// (RuntimeError) is reported on stderr as "trap: ..." and exits with 134,
// the status kiln uses for traps.  Failures of this script itself print
// "node-wasi-run: ..." and exit with 126.  argv[0] seen by the guest is the
// module's file name, as wasmtime does.
//
// --single-threaded-gc avoids a Node 20 crash at exit after a guest grew
// its memory to tens of megabytes.

import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { WASI } from 'node:wasi';
import process from 'node:process';

function usage(msg) {
  process.stderr.write(`node-wasi-run: ${msg}\n` +
    'usage: node-wasi-run.mjs [--dir HOST[::GUEST]] [--env K=V] [--] prog.wasm ARGS...\n');
  process.exit(126);
}

function parse(argv) {
  const opts = { preopens: {}, env: {}, wasm: null, args: [] };
  let i = 0;
  for (; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--dir' || a === '--env') {
      if (i + 1 >= argv.length) usage(`${a} needs a value`);
      const v = argv[++i];
      if (a === '--dir') {
        const sep = v.indexOf('::');
        const host = sep < 0 ? v : v.slice(0, sep);
        const guest = sep < 0 ? v : v.slice(sep + 2);
        opts.preopens[guest] = host;
      } else {
        const eq = v.indexOf('=');
        if (eq <= 0) usage(`--env wants K=V, got ${v}`);
        opts.env[v.slice(0, eq)] = v.slice(eq + 1);
      }
    } else if (a.startsWith('--dir=')) {
      argv.splice(i + 1, 0, a.slice(6));
      argv[i] = '--dir';
      i--;
    } else if (a.startsWith('--env=')) {
      argv.splice(i + 1, 0, a.slice(6));
      argv[i] = '--env';
      i--;
    } else if (a === '--') {
      if (i + 1 >= argv.length) usage('no module given');
      opts.wasm = argv[i + 1];
      i += 2;
      break;
    } else if (a.startsWith('-') && a !== '-') {
      usage(`unknown option ${a}`);
    } else {
      opts.wasm = a;
      i++;
      break;
    }
  }
  if (!opts.wasm) usage('no module given');
  opts.args = argv.slice(i);
  return opts;
}

async function main() {
  const opts = parse(process.argv.slice(2));
  const wasi = new WASI({
    version: 'preview1',
    args: [basename(opts.wasm), ...opts.args],
    env: opts.env,
    preopens: opts.preopens,
    returnOnExit: true,
  });
  let code;
  try {
    const module = await WebAssembly.compile(readFileSync(opts.wasm));
    const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
    code = wasi.start(instance);
  } catch (e) {
    if (e instanceof WebAssembly.RuntimeError) {
      process.stderr.write(`trap: RuntimeError: ${e.message}\n`);
      process.exit(134);
    }
    process.stderr.write(`node-wasi-run: ${e && e.stack ? e.stack : e}\n`);
    process.exit(126);
  }
  process.exit(code ?? 0);
}

main();
