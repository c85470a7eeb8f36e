// A JavaScript command component (jco componentize: StarlingMonkey,
// about 15 MB).  It imports wasi:http and wasi:sockets, which the runtime
// does not implement yet: its plan is built with --unknown-imports=trap.
export const run = {
  run() {
    console.log("hello from a JavaScript component");
  },
};
