// A JavaScript command component (jco componentize: StarlingMonkey, about
// 15 MB): the wasi:cli/run export, console output through wasi:cli.
export const run = {
  run() {
    console.log("hello from a JavaScript component");
  },
};
