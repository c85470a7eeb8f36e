// jco_golden.mjs: computes the results of a component-wat golden file's
// `invoke:` cases with jco, as the reference for `kiln run --invoke`.
//
//   node jco_golden.mjs WORK COMPONENT.wasm WIT.txt CASES.json
//
// The component was transpiled beforehand (`jco transpile --instantiation
// async`, into WORK/js/c.js) and WIT.txt is `jco wit` of it plus any extra
// WIT the golden gives (`wit:` lines, for functions of exported
// interfaces).  CASES.json is a list of WAVE call texts such as
// `f(1, "x")` or `test:wat/api#f(1)`.  For each it prints one JSON line:
// {"result": WAVE text} (empty text for a function without result),
// {"error": WAVE text} when the function returned result::err (jco throws
// it), or {"trap": message}.  Every call gets a fresh instance.  Values cross into JS with jco's shapes
// (tests/components/README.md) and come back printed as WAVE (strings and
// chars with \" \' \\ \n \r \t and \u{X} escapes for other controls,
// floats in the shortest form that reads back to the same value, in plain
// decimal, nan/inf, records without their `none` fields, variants,
// options and results in explicit form: docs/components.md).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { WASIShim } from '@bytecodealliance/preview2-shim/instantiation';

// ---- WIT (the subset `jco wit` prints) -----------------------------------

function witTokens(text) {
  const toks = [];
  const re = /\s+|\/\/[^\n]*|(->|[{}()<>,:;=_*])|(%?[A-Za-z][\w-]*(?::[\w-]+\/[\w-]+(?:@[\w.\-+]+)?)?(?:@[\w.\-+]+)?)|(\d+)|(\S)/gy;
  let m;
  while ((m = re.exec(text))) {
    if (m[1] || m[2] || m[3]) toks.push(m[1] || m[2] || m[3]);
    else if (m[4]) toks.push(m[4]);
  }
  return toks;
}

export function parseWit(text) {
  const types = new Map();
  const funcs = new Map();
  const t = witTokens(text);
  let i = 0;
  const peek = () => t[i];
  const next = () => t[i++];
  const expect = (x) => { const y = next(); if (y !== x) throw new Error(`WIT: expected ${x}, got ${y}`); };
  const ident = () => { const x = next(); return x.startsWith('%') ? x.slice(1) : x; };
  function type() {
    const n = ident();
    const prim = ['bool', 'u8', 'u16', 'u32', 'u64', 's8', 's16', 's32', 's64',
      'f32', 'f64', 'char', 'string'];
    if (prim.includes(n)) return { k: n };
    if (n === 'list' || n === 'option' || n === 'own' || n === 'borrow') {
      expect('<'); const e = type(); expect('>');
      return { k: n, t: e };
    }
    if (n === 'tuple') {
      expect('<'); const ts = [type()];
      while (peek() === ',') { next(); if (peek() === '>') break; ts.push(type()); }
      expect('>');
      return { k: 'tuple', ts };
    }
    if (n === 'result') {
      let ok = null, err = null;
      if (peek() === '<') {
        next();
        if (peek() === '_') next(); else ok = type();
        if (peek() === ',') { next(); err = type(); }
        expect('>');
      }
      return { k: 'result', ok, err };
    }
    return { k: 'ref', n };
  }
  function body(prefix) {
    expect('{');
    while (peek() !== '}') {
      const kw = next();
      if (kw === 'record' || kw === 'flags' || kw === 'enum' || kw === 'variant') {
        const name = ident();
        expect('{');
        const items = [];
        while (peek() !== '}') {
          const f = ident();
          if (kw === 'record') { expect(':'); items.push([f, type()]); }
          else if (kw === 'variant') {
            let p = null;
            if (peek() === '(') { next(); p = type(); expect(')'); }
            items.push([f, p]);
          } else items.push(f);
          if (peek() === ',') next();
        }
        expect('}');
        types.set(name, { k: kw, items });
      } else if (kw === 'type') {
        const name = ident(); expect('='); types.set(name, type()); expect(';');
      } else if (kw === 'resource') {
        const name = ident();
        types.set(name, { k: 'resource', name });
        if (peek() === '{') {
          next();
          while (peek() !== '}') {
            const m = ident();
            if (m === 'constructor') {
              const f = func(false);
              f.result = { k: 'own', t: { k: 'ref', n: name } };
              funcs.set(`${prefix}[constructor]${name}`, f);
              continue;
            }
            expect(':');
            const isStatic = peek() === 'static';
            if (isStatic) next();
            expect('func');
            const f = func();
            if (!isStatic) f.params.unshift(['self', { k: 'borrow', t: { k: 'ref', n: name } }]);
            funcs.set(`${prefix}[${isStatic ? 'static' : 'method'}]${name}.${m}`, f);
          }
          expect('}');
        } else expect(';');
      } else if (kw === 'export' || kw === 'import') {
        const name = ident();
        if (peek() === ':') {
          next();
          if (peek() === 'func') {
            next(); const f = func(); if (kw === 'export') funcs.set(prefix + name, f);
          } else if (peek() === 'interface') {
            next(); body(name + '#');
          }
        } else expect(';'); // export ns:pkg/iface;
      } else if (kw === 'use' || kw === 'include') {
        while (next() !== ';');
      } else if (kw === 'interface') {
        const name = ident(); body(name + '#');
      } else {
        // a plain `name: func(...)` inside an interface
        const name = kw.startsWith('%') ? kw.slice(1) : kw;
        expect(':'); expect('func'); funcs.set(prefix + name, func());
      }
    }
    expect('}');
  }
  function func(hasResult = true) {
    void hasResult;
    expect('(');
    const params = [];
    while (peek() !== ')') { const n = ident(); expect(':'); params.push([n, type()]); if (peek() === ',') next(); }
    expect(')');
    let result = null;
    if (peek() === '->') { next(); result = type(); }
    expect(';');
    return { params, result };
  }
  while (i < t.length) {
    const kw = next();
    if (kw === 'package') { while (next() !== ';'); }
    else if (kw === 'world') { const name = ident(); body(''); void name; }
    else if (kw === 'interface') { const name = ident(); body(name + '#'); }
    else throw new Error(`WIT: unexpected ${kw}`);
  }
  return { types, funcs };
}

// ---- WAVE text ------------------------------------------------------------

class Wave {
  constructor(s) { this.s = s; this.i = 0; }
  ws() { while (this.i < this.s.length && /\s/.test(this.s[this.i])) this.i++; }
  peek() { this.ws(); return this.s[this.i]; }
  eat(c) { if (this.peek() !== c) throw new Error(`WAVE: expected ${c} at ${this.i} in ${this.s}`); this.i++; }
  word(re = /^%?[A-Za-z0-9_.+\-]+/) {
    this.ws();
    const m = re.exec(this.s.slice(this.i));
    if (!m) throw new Error(`WAVE: expected a word at ${this.i} in ${this.s}`);
    this.i += m[0].length;
    return m[0];
  }
  label() { const w = this.word(); return w.startsWith('%') ? w.slice(1) : w; }
  quoted(q) {
    this.eat(q);
    let out = '';
    for (;;) {
      const c = this.s[this.i++];
      if (c === undefined) throw new Error('WAVE: unterminated text');
      if (c === q) break;
      if (c !== '\\') { out += c; continue; }
      const e = this.s[this.i++];
      if (e === 'u') {
        const end = this.s.indexOf('}', this.i);
        out += String.fromCodePoint(parseInt(this.s.slice(this.i + 1, end), 16));
        this.i = end + 1;
      } else out += { n: '\n', r: '\r', t: '\t' }[e] ?? e;
    }
    // surrogate pairs of \u{...} escapes stay separate code units: fine
    return out;
  }
}

const camel = (s) => s.replace(/-([a-z0-9])/g, (_, c) => c.toUpperCase());

function resolve(types, ty) {
  while (ty && ty.k === 'ref') {
    const d = types.get(ty.n);
    if (!d) throw new Error(`WIT: unknown type ${ty.n}`);
    ty = d;
  }
  return ty;
}

const TYPED = { u8: Uint8Array, s8: Int8Array, u16: Uint16Array, s16: Int16Array,
  u32: Uint32Array, s32: Int32Array, u64: BigUint64Array, s64: BigInt64Array,
  f32: Float32Array, f64: Float64Array };

// Parses one WAVE value of type ty into jco's JS shape.  `nested` is set
// inside an option, where jco represents an inner option as {tag, val}.
function toJs(types, ty, w, nested = false) {
  ty = resolve(types, ty);
  switch (ty.k) {
    case 'bool': { const x = w.word(); return x === 'true'; }
    case 'u8': case 'u16': case 'u32': case 's8': case 's16': case 's32':
      return Number(w.word());
    case 'u64': case 's64': return BigInt(w.word());
    case 'f32': case 'f64': {
      const x = w.word();
      const v = x === 'nan' ? NaN : x === 'inf' ? Infinity : x === '-inf' ? -Infinity : Number(x);
      return ty.k === 'f32' ? Math.fround(v) : v;
    }
    case 'char': case 'string': return w.quoted(ty.k === 'char' ? "'" : '"');
    case 'list': {
      w.eat('['); const xs = [];
      while (w.peek() !== ']') { xs.push(toJs(types, ty.t, w)); if (w.peek() === ',') w.eat(','); }
      w.eat(']');
      const et = resolve(types, ty.t);
      return TYPED[et.k] ? TYPED[et.k].from(xs) : xs;
    }
    case 'tuple': {
      w.eat('('); const xs = [];
      for (let j = 0; j < ty.ts.length; j++) { xs.push(toJs(types, ty.ts[j], w)); if (w.peek() === ',') w.eat(','); }
      w.eat(')'); return xs;
    }
    case 'record': {
      w.eat('{'); const o = {};
      while (w.peek() !== '}') {
        const f = w.label(); w.eat(':');
        const ft = ty.items.find(([n]) => n === f);
        if (!ft) throw new Error(`WAVE: no field ${f}`);
        o[camel(f)] = toJs(types, ft[1], w);
        if (w.peek() === ',') w.eat(',');
      }
      w.eat('}'); return o;
    }
    case 'flags': {
      w.eat('{'); const o = {};
      for (const f of ty.items) o[camel(f)] = false;
      while (w.peek() !== '}') { o[camel(w.label())] = true; if (w.peek() === ',') w.eat(','); }
      w.eat('}'); return o;
    }
    case 'enum': return w.label();
    case 'variant': {
      const tag = w.label();
      const c = ty.items.find(([n]) => n === tag);
      if (!c) throw new Error(`WAVE: no case ${tag}`);
      if (c[1]) { w.eat('('); const val = toJs(types, c[1], w); w.eat(')'); return { tag, val }; }
      return { tag };
    }
    case 'option': {
      const tag = w.label();
      if (tag === 'none') return nested ? { tag: 'none' } : undefined;
      w.eat('('); const val = toJs(types, ty.t, w, true); w.eat(')');
      return nested ? { tag: 'some', val } : val;
    }
    case 'result': {
      const tag = w.label();
      const pt = tag === 'ok' ? ty.ok : ty.err;
      if (pt && w.peek() === '(') { w.eat('('); const val = toJs(types, pt, w); w.eat(')'); return { tag, val }; }
      return { tag, val: undefined };
    }
    default: throw new Error(`WAVE: cannot pass a ${ty.k} from the command line`);
  }
}

function fmtFloat(v, single) {
  if (Number.isNaN(v)) return 'nan';
  if (v === Infinity) return 'inf';
  if (v === -Infinity) return '-inf';
  if (Object.is(v, -0)) return '-0';
  let s = String(v);
  if (single) {
    for (let p = 1; p <= 9; p++) {
      const c = Number(v.toPrecision(p));
      if (Math.fround(c) === v) { s = String(c); break; }
    }
  }
  return plainDecimal(s);
}

// JS writes 1e21 and 1e-7 with exponents; WAVE as wasm-wave writes it
// (and kiln) spells every float out in plain decimal.
function plainDecimal(s) {
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(s);
  if (!m) return s;
  const digits = m[2] + (m[3] || '');
  const exp = Number(m[4]);
  if (exp >= 0) {
    const int = digits.padEnd(exp + 1, '0');
    const frac = digits.slice(exp + 1);
    return m[1] + int.slice(0, exp + 1) + (frac ? '.' + frac : '');
  }
  return m[1] + '0.' + '0'.repeat(-exp - 1) + digits;
}

function escapeText(s, quote) {
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0);
    if (ch === quote || ch === '\\') out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (cp < 0x20 || cp === 0x7f || (cp >= 0xd800 && cp <= 0xdfff)) out += `\\u{${cp.toString(16)}}`;
    else out += ch;
  }
  return quote + out + quote;
}

const KEYWORDS = new Set(['true', 'false', 'inf', 'nan', 'some', 'none', 'ok', 'err']);
const lab = (s) => (KEYWORDS.has(s) ? '%' + s : s);

function toWave(types, ty, v, nested = false) {
  ty = resolve(types, ty);
  switch (ty.k) {
    case 'bool': return v ? 'true' : 'false';
    case 'u8': case 'u16': case 'u32': case 's8': case 's16': case 's32':
    case 'u64': case 's64': return String(v);
    case 'f32': case 'f64': return fmtFloat(v, ty.k === 'f32');
    case 'char': return escapeText(v, "'");
    case 'string': return escapeText(v, '"');
    case 'list': return `[${Array.from(v, (x) => toWave(types, ty.t, x)).join(', ')}]`;
    case 'tuple': return `(${ty.ts.map((t, j) => toWave(types, t, v[j])).join(', ')})`;
    case 'record': {
      // as wasm-wave writes records: fields holding `none` are left out
      const shown = ty.items.filter(([f, t]) => {
        const ft = resolve(types, t);
        return !(ft.k === 'option' && (v[camel(f)] === undefined || v[camel(f)] === null));
      });
      if (!shown.length) return '{:}';
      return `{${shown.map(([f, t]) => `${lab(f)}: ${toWave(types, t, v[camel(f)])}`).join(', ')}}`;
    }
    case 'flags': return `{${ty.items.filter((f) => v[camel(f)]).map(lab).join(', ')}}`;
    case 'enum': return lab(v);
    case 'variant': {
      const c = ty.items.find(([n]) => n === v.tag);
      return c[1] ? `${lab(v.tag)}(${toWave(types, c[1], v.val)})` : lab(v.tag);
    }
    case 'option':
      if (nested) return v.tag === 'none' ? 'none' : `some(${toWave(types, ty.t, v.val, true)})`;
      return v === undefined || v === null ? 'none' : `some(${toWave(types, ty.t, v, true)})`;
    case 'result': {
      const pt = v.tag === 'ok' ? ty.ok : ty.err;
      return pt ? `${v.tag}(${toWave(types, pt, v.val)})` : v.tag;
    }
    default: throw new Error(`cannot print a ${ty.k}`);
  }
}

// ---- main -------------------------------------------------------------------

// One call of a sequence: returns the printed result ('' for none) or
// throws {trap}.  Handles: `#N` arguments name host[N]; own<R> results
// get the next N (docs/components.md "Handles").
async function callOne(types, funcs, exportsObj, w, host) {
  const name = w.word(/^[A-Za-z0-9_.\-:/#@\[\]]+/);
  const f = funcs.get(name);
  if (!f) throw new Error(`no exported function ${name} in the WIT`);
  const hash = name.lastIndexOf('#');
  const holder = hash < 0 ? exportsObj : exportsObj[name.slice(0, hash)];
  const local = hash < 0 ? name : name.slice(hash + 1);
  const m = /^\[(constructor|method|static)\]([\w-]+)(?:\.([\w-]+))?$/.exec(local);
  const cls = m && holder && holder[camel('-' + m[2]).replace(/^./, (c) => c.toUpperCase())];
  w.eat('(');
  const args = [];
  const moved = [];
  for (const [, pt] of f.params) {
    const rt = resolve(types, pt);
    if (rt.k === 'resource' || rt.k === 'own' || rt.k === 'borrow') {
      const tok = w.word(/^#\d+/);
      const n = Number(tok.slice(1));
      if (!host.has(n)) throw { refused: `dead or unknown handle ${tok}` };
      args.push(host.get(n));
      if (rt.k !== 'borrow') moved.push(n);
    } else args.push(toJs(types, pt, w));
    if (w.peek() === ',') w.eat(',');
  }
  w.eat(')');
  let r;
  try {
    if (m && m[1] === 'constructor') r = new cls(...args);
    else if (m && m[1] === 'method') r = await args[0][camel(m[3])](...args.slice(1));
    else if (m && m[1] === 'static') r = await cls[camel(m[3])](...args);
    else {
      const fn = holder && holder[camel(local)];
      if (typeof fn !== 'function') throw new Error(`jco exports no ${name}`);
      r = await fn.apply(holder, args);
    }
  } catch (e) {
    const rt = resolve(types, f.result);
    if (rt && rt.k === 'result' && e && e.constructor && e.constructor.name === 'ComponentError')
      return toWave(types, rt, { tag: 'err', val: e.payload });
    if (e instanceof Error && /jco exports no/.test(e.message)) throw e;
    throw { trap: String(e && e.message || e) };
  }
  for (const n of moved) host.delete(n);
  if (m && m[1] === 'constructor') { host.set(++host.next, r); return `#${host.next}`; }
  const rt = resolve(types, f.result);
  if (!rt) return '';
  if (rt.k === 'resource' || rt.k === 'own') { host.set(++host.next, r); return `#${host.next}`; }
  if (rt.k === 'result') return toWave(types, rt, { tag: 'ok', val: r });
  return toWave(types, f.result, r);
}

async function main() {
  const [work, , witFile, casesFile] = process.argv.slice(2);
  const { types, funcs } = parseWit(await readFile(witFile, 'utf8'));
  const cases = JSON.parse(await readFile(casesFile, 'utf8'));
  const jsDir = join(work, 'js');
  const { instantiate } = await import(pathToFileURL(join(jsDir, 'c.js')).href);
  const compiled = new Map();
  const getCoreModule = async (f) => {
    if (!compiled.has(f)) compiled.set(f, await WebAssembly.compile(await readFile(join(jsDir, f))));
    return compiled.get(f);
  };
  for (const text of cases) {
    let line;
    const out = [];
    try {
      // a fresh instance per case, as each `kiln run --invoke` is; the
      // calls of a `;` sequence share it
      const exportsObj = await instantiate(getCoreModule, new WASIShim().getImportObject());
      const w = new Wave(text);
      const host = new Map();
      host.next = 0;
      for (;;) {
        const r = await callOne(types, funcs, exportsObj, w, host);
        if (r !== '') out.push(r);
        if (w.peek() !== ';') break;
        w.eat(';');
      }
      line = { result: out.join('\n') };
    } catch (e) {
      if (e && e.trap !== undefined) line = { trap: e.trap, before: out.join('\n') };
      else if (e && e.refused !== undefined) line = { refused: e.refused, before: out.join('\n') };
      else line = { driver: String(e && e.stack || e) };
    }
    console.log(JSON.stringify(line));
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((e) => { console.error(e && e.stack || e); process.exit(1); });
}
