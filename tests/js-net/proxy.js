// The JavaScript HTTP handler of tests/js-net (`jco componentize`, world
// `proxy`: wasi:http/proxy).  StarlingMonkey calls the fetch event listener
// for each wasi:http/incoming-handler#handle.  Routes:
//   GET  /hello    200 "hello from js\n", x-js: yes
//   POST /echo     the request body streamed back, x-len-in: content-length
//   GET  /headers  the request's x-* headers and method, as text
//   GET  /status   418 with a custom header
//   GET  /throw    the handler throws: the host answers 500
//   GET  /chunks   a body from a ReadableStream in three pieces
addEventListener("fetch", (event) => event.respondWith(handle(event.request)));

async function handle(req) {
  const url = new URL(req.url);
  switch (url.pathname) {
    case "/hello":
      return new Response("hello from js\n", { headers: { "x-js": "yes" } });
    case "/echo": {
      const body = await req.arrayBuffer();
      return new Response(body, {
        headers: { "x-len-in": String(body.byteLength), "x-method": req.method },
      });
    }
    case "/headers": {
      const lines = [`method ${req.method}`, `query ${url.search}`];
      for (const [k, v] of req.headers) if (k.startsWith("x-")) lines.push(`${k}: ${v}`);
      return new Response(lines.sort().join("\n") + "\n");
    }
    case "/status":
      return new Response("I'm a teapot\n", { status: 418, headers: { "x-kind": "tea" } });
    case "/throw":
      throw new Error("handler failed on purpose");
    case "/chunks": {
      let i = 0;
      const stream = new ReadableStream({
        pull(ctl) {
          if (i === 3) ctl.close();
          else ctl.enqueue(new TextEncoder().encode(`piece ${i++}\n`));
        },
      });
      return new Response(stream);
    }
    default:
      return new Response("not found\n", { status: 404 });
  }
}
