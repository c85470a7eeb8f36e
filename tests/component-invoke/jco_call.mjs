// Calls functions of a component transpiled by `jco transpile`: each
// argument after the module is a JavaScript expression over `m` (the
// module's exports); prints one JSON line per expression (BigInts as
// "123n", typed arrays as arrays, undefined as "undefined", a thrown
// error as `throw <payload>`).
import { pathToFileURL } from "node:url";

const m = await import(pathToFileURL(process.argv[2]).href);

function show(v) {
  if (v === undefined) return "undefined";
  return JSON.stringify(v, (k, x) =>
    typeof x === "bigint" ? `${x}n`
      : ArrayBuffer.isView(x) ? Array.from(x)
      : x === undefined ? null : x);
}

for (const expr of process.argv.slice(3)) {
  let out;
  try {
    out = show(new Function("m", `return (${expr});`)(m));
  } catch (e) {
    out = `throw ${show(e.payload !== undefined ? e.payload : String(e))}`;
  }
  console.log(out);
}
