// The JavaScript network client of tests/js-net, one component for every
// case (`jco componentize`, world `client` in client.wit): argv is
// CASE [HOST:PORT].  HTTP cases use StarlingMonkey's fetch(), which goes
// through wasi:http/outgoing-handler; socket cases call the wasi:sockets
// imports directly (TCP and UDP servers and clients on loopback, name
// lookup of `localhost`).  Each case prints lines that run_js_net.py holds
// to expected/CASE.txt.
import { getArguments } from "wasi:cli/environment@0.2.12";
import { instanceNetwork } from "wasi:sockets/instance-network@0.2.12";
import { createTcpSocket } from "wasi:sockets/tcp-create-socket@0.2.12";
import { createUdpSocket } from "wasi:sockets/udp-create-socket@0.2.12";
import { resolveAddresses } from "wasi:sockets/ip-name-lookup@0.2.12";
import { handle as httpHandle } from "wasi:http/outgoing-handler@0.2.12";
import { Fields, OutgoingRequest, OutgoingBody, IncomingBody } from "wasi:http/types@0.2.12";

// componentize-js 0.22 generates a JS class for each imported resource
// with methods; wasi:sockets/network's `network` has none, so it gets no
// class, yet instance-network's binding constructs one by the name
// import_network_0_2_12$Network ("... is not defined").  The bindings run
// in their own global, reached through the Function constructor of their
// realm; define the missing class there once.
function network() {
  const g = instanceNetwork.constructor("return globalThis")();
  if (!("import_network_0_2_12$Network" in g)) {
    g["import_network_0_2_12$Network"] = g.Function("return class Network {}")();
  }
  return instanceNetwork();
}

const enc = new TextEncoder();
const dec = new TextDecoder();

// A result's error: componentize-js throws the error-code itself or wraps
// it in an Error with .payload.
function code(e) {
  return e && e.payload !== undefined ? e.payload : e;
}

// Retries a would-block start/finish step after waiting on `sub`.
function settle(step, sub) {
  for (;;) {
    try {
      return step();
    } catch (e) {
      if (code(e) !== "would-block") throw e;
      sub().block();
    }
  }
}

function v4(a, b, c, d, port) {
  return { tag: "ipv4", val: { port, address: [a, b, c, d] } };
}

function show(sa) {
  const ip = sa.tag === "ipv4" ? sa.val.address.join(".") : "ipv6";
  return `${sa.tag} ${ip}`;
}

function readAll(input, want) {
  let got = new Uint8Array(0);
  while (got.length < want) {
    let chunk;
    try {
      chunk = input.blockingRead(BigInt(want - got.length));
    } catch (e) {
      const c = code(e);
      if (c && c.tag === "closed") break;
      throw e;
    }
    const n = new Uint8Array(got.length + chunk.length);
    n.set(got);
    n.set(chunk, got.length);
    got = n;
  }
  return dec.decode(got);
}

// A TCP server and a client in one component: listen on 127.0.0.1:0,
// connect, accept, a message each way, then the client shuts down its
// sending side and the server reads end of stream.
function caseTcp() {
  const net = network();
  const srv = createTcpSocket("ipv4");
  srv.startBind(net, v4(127, 0, 0, 1, 0));
  srv.finishBind();
  srv.startListen();
  settle(() => srv.finishListen(), () => srv.subscribe());
  const at = srv.localAddress();
  console.log("listening:", show(at), "port set:", at.val.port > 0,
              "is-listening:", srv.isListening());
  const cli = createTcpSocket("ipv4");
  cli.startConnect(net, at);
  const [cin, cout] = settle(() => cli.finishConnect(), () => cli.subscribe());
  const [conn, sin, sout] = settle(() => srv.accept(), () => srv.subscribe());
  console.log("accepted from:", show(conn.remoteAddress()),
              "same port:", conn.remoteAddress().val.port === cli.localAddress().val.port);
  cout.blockingWriteAndFlush(enc.encode("ping from client"));
  console.log("server got:", readAll(sin, 16));
  sout.blockingWriteAndFlush(enc.encode("pong from server"));
  console.log("client got:", readAll(cin, 16));
  cli.shutdown("send");
  console.log("server then got:", JSON.stringify(readAll(sin, 100)), "(end of stream)");
  // Connecting to a port nobody listens on is refused.
  const port = at.val.port;
  const probe = createTcpSocket("ipv4");
  const free = createTcpSocket("ipv4");
  free.startBind(net, v4(127, 0, 0, 1, 0));
  free.finishBind();
  const freePort = free.localAddress().val.port;
  try {
    probe.startConnect(net, v4(127, 0, 0, 1, freePort));
    settle(() => probe.finishConnect(), () => probe.subscribe());
    console.log("refused: connected?!");
  } catch (e) {
    console.log("refused:", code(e));
  }
  console.log("done, server port still", port === srv.localAddress().val.port);
}

// A TCP client of the harness's echo server at HOST:PORT.
function caseTcpEcho(auth) {
  const net = network();
  const [host, port] = auth.split(":");
  const parts = host.split(".").map(Number);
  const s = createTcpSocket("ipv4");
  s.startConnect(net, v4(...parts, Number(port)));
  const [input, output] = settle(() => s.finishConnect(), () => s.subscribe());
  output.blockingWriteAndFlush(enc.encode("hello echo\n"));
  console.log("echoed:", JSON.stringify(readAll(input, 11)));
  s.shutdown("send");
  console.log("then:", JSON.stringify(readAll(input, 100)));
}

// UDP: two sockets on loopback, a datagram each way, the second through a
// connected stream pair.
function caseUdp() {
  const net = network();
  const a = createUdpSocket("ipv4");
  const b = createUdpSocket("ipv4");
  for (const s of [a, b]) {
    s.startBind(net, v4(127, 0, 0, 1, 0));
    settle(() => s.finishBind(), () => s.subscribe());
  }
  const aAddr = a.localAddress();
  const bAddr = b.localAddress();
  const [aIn, aOut] = a.stream(undefined);
  const [bIn, bOut] = b.stream(aAddr);
  aOut.subscribe().block();
  console.log("a can send:", aOut.checkSend() > 0n);
  const sent = aOut.send([{ data: enc.encode("datagram to b"), remoteAddress: bAddr }]);
  console.log("a sent", sent);
  let got = [];
  while (got.length === 0) {
    bIn.subscribe().block();
    got = bIn.receive(4n);
  }
  console.log("b got:", dec.decode(got[0].data), "from a:",
              got[0].remoteAddress.val.port === aAddr.val.port);
  bOut.subscribe().block();
  bOut.checkSend();
  bOut.send([{ data: enc.encode("reply to a"), remoteAddress: undefined }]);
  got = [];
  while (got.length === 0) {
    aIn.subscribe().block();
    got = aIn.receive(4n);
  }
  console.log("a got:", dec.decode(got[0].data), "from b:",
              got[0].remoteAddress.val.port === bAddr.val.port);
}

// Name lookup: `localhost` resolves to a loopback address.
function caseLookup() {
  const net = network();
  const st = resolveAddresses(net, "localhost");
  const seen = [];
  for (;;) {
    const a = settle(() => st.resolveNextAddress(), () => st.subscribe());
    if (a === undefined) break;
    seen.push(a.tag === "ipv4" ? a.val.join(".") : a.val.join(":"));
  }
  console.log("localhost has 127.0.0.1:", seen.includes("127.0.0.1"));
  console.log("every address loopback:",
              seen.every((s) => s.startsWith("127.") || s === "0:0:0:0:0:0:0:1"));
  try {
    resolveAddresses(net, "not a host name!");
    console.log("bad name: accepted?!");
  } catch (e) {
    console.log("bad name:", code(e));
  }
}

async function showResponse(r) {
  console.log("status", r.status, "ok", r.ok);
  for (const h of ["x-method", "x-test", "x-client", "x-query", "x-chunked"]) {
    if (r.headers.has(h)) console.log(`${h}: ${r.headers.get(h)}`);
  }
  console.log("body:", JSON.stringify(await r.text()));
}

async function caseGet(auth) {
  const r = await fetch(`http://${auth}/hello?a=1&b=two`,
                        { headers: { "x-client": "js-net" } });
  await showResponse(r);
}

async function caseStatus(auth) {
  for (const s of [201, 404, 503]) {
    const r = await fetch(`http://${auth}/status/${s}`);
    console.log(s, "->", r.status, r.ok, JSON.stringify(await r.text()));
  }
}

// A request body produced by a ReadableStream: three 1000-byte chunks,
// the third after a timer, sent as it is produced.
async function casePost(auth) {
  let i = 0;
  const body = new ReadableStream({
    async pull(ctl) {
      if (i === 3) {
        ctl.close();
        return;
      }
      if (i === 2) await new Promise((res) => setTimeout(res, 50));
      ctl.enqueue(new Uint8Array(1000).fill(i + 1));
      i++;
    },
  });
  const r = await fetch(`http://${auth}/echo`,
                        { method: "POST", body, duplex: "half",
                          headers: { "x-client": "stream" } });
  await showResponse(r);
  const r2 = await fetch(`http://${auth}/echo`, { method: "PUT", body: "small text body" });
  await showResponse(r2);
}

// A chunked response read chunk by chunk through the body's reader; the
// trailer the server sends is not visible: fetch's Response has no
// trailers.
async function caseChunked(auth) {
  const r = await fetch(`http://${auth}/chunked`);
  console.log("status", r.status, "x-method", r.headers.get("x-method"));
  const reader = r.body.getReader();
  let text = "";
  let reads = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    reads++;
    text += dec.decode(value);
  }
  console.log("body:", JSON.stringify(text), "read in pieces:", reads > 0);
  console.log("Response has trailers:", "trailers" in r);
}

async function caseBig(auth) {
  const r = await fetch(`http://${auth}/big`);
  const b = new Uint8Array(await r.arrayBuffer());
  console.log("status", r.status, "bytes", b.length, "all z:", b.every((x) => x === 122));
}

// Four one-second requests in flight together.
async function caseMany(auth) {
  const t0 = Date.now();
  const rs = await Promise.all([0, 1, 2, 3].map((i) =>
    fetch(`http://${auth}/delay?ms=${1000 + i}`).then((r) => r.text())));
  console.log(rs.join("").trim().split("\n").join(", "));
  console.log("concurrent:", Date.now() - t0 < 3500);
}

async function caseTimeout(auth) {
  const t0 = Date.now();
  try {
    const r = await fetch(`http://${auth}/delay?ms=4000`,
                          { signal: AbortSignal.timeout(300) });
    console.log("no timeout: status", r.status, await r.text());
  } catch (e) {
    console.log("timeout:", e.name);
  }
  console.log("gave up early:", Date.now() - t0 < 3000);
}

async function caseRefused(auth) {
  try {
    const r = await fetch(`http://${auth}/hello`);
    console.log("refused: got status", r.status);
  } catch (e) {
    console.log("refused:", e.name);
  }
}

// Trailers, which fetch() cannot show, through the wasi:http imports
// themselves: a chunked response's trailer, and a request body sent with
// one (the server reports the trailers it got).
const dispose = Symbol.dispose || Symbol.for("dispose");

function waitFuture(fut) {
  for (;;) {
    const r = fut.get();
    if (r !== undefined) return r;
    fut.subscribe().block();
  }
}

function readBody(resp) {
  const body = resp.consume();
  const stream = body.stream();
  let text = "";
  for (;;) {
    try {
      text += dec.decode(stream.blockingRead(65536n));
    } catch (e) {
      const c = code(e);
      if (c && c.tag === "closed") break;
      throw e;
    }
  }
  stream[dispose]();
  const t = waitFuture(IncomingBody.finish(body)).val.val;
  const trailers = t ? t.entries().map(([k, v]) => `${k}: ${dec.decode(v)}`) : [];
  return [text, trailers.join(", ") || "none"];
}

function request(method, auth, path) {
  const req = new OutgoingRequest(new Fields());
  req.setMethod({ tag: method });
  req.setScheme({ tag: "HTTP" });
  req.setAuthority(auth);
  req.setPathWithQuery(path);
  return req;
}

function caseTrailers(auth) {
  const resp = waitFuture(httpHandle(request("get", auth, "/chunked"), undefined)).val.val;
  const [text, trailers] = readBody(resp);
  console.log("GET /chunked:", resp.status(), JSON.stringify(text), "trailers:", trailers);
  const req = request("post", auth, "/echo");
  const body = req.body();
  const fut = httpHandle(req, undefined);
  const out = body.write();
  out.blockingWriteAndFlush(enc.encode("abc"));
  out[dispose]();
  OutgoingBody.finish(body, Fields.fromList([["x-sum", enc.encode("294")]]));
  const resp2 = waitFuture(fut).val.val;
  const [text2] = readBody(resp2);
  console.log("POST /echo with a trailer:", resp2.status(), JSON.stringify(text2));
}

const cases = {
  tcp: caseTcp, "tcp-echo": caseTcpEcho, udp: caseUdp, lookup: caseLookup,
  get: caseGet, status: caseStatus, post: casePost, chunked: caseChunked,
  big: caseBig, many: caseMany, timeout: caseTimeout, refused: caseRefused,
  localhost: caseGet, trailers: caseTrailers,
};

export const run = {
  async run() {
    const args = getArguments();
    const f = cases[args[1]];
    if (!f) {
      console.log("usage: client CASE [HOST:PORT]; cases:", Object.keys(cases).join(" "));
      return;
    }
    try {
      await f(args[2]);
    } catch (e) {
      console.log("error:", e && e.name, e && e.message, JSON.stringify(code(e)));
    }
  },
};
