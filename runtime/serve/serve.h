/* serve.h: the wasi:http/proxy world as a native HTTP/1.1 server
 * (WASI 0.2 http/proxy.wit: a component exporting
 * wasi:http/incoming-handler).  Each request gets a fresh component
 * instance; requests run concurrently on a pool of threads. */
#ifndef KILN_SERVE_H
#define KILN_SERVE_H

#include "kiln_cm.h"

/* The index in desc->exports of wasi:http/incoming-handler's `handle`,
 * or -1. */
int kiln_serve_find_handler(const KilnComponentDesc *desc);

/* Serves on `addr` ("HOST:PORT") until SIGINT or SIGTERM, then finishes
 * the requests in flight; returns the exit status (0, or 1 after
 * printing why it could not start). */
int kiln_serve(const KilnComponentDesc *desc, const KilnWasiConfig *cfg,
               const char *addr);

/* Takes a server option at argv[*i] (`--idle-timeout SECONDS`, default
 * 30: keep-alive connections idle longer are closed), advancing *i past
 * its value; false when argv[*i] is not one.  Exits on a bad value. */
bool kiln_serve_option(int argc, char **argv, int *i);

/* main() of a compiled proxy component: `--addr HOST:PORT` (default
 * 127.0.0.1:8080) and kiln_serve_option's from argv, then kiln_serve. */
int kiln_serve_main(int argc, char **argv, const KilnComponentDesc *desc,
                    const KilnWasiConfig *baked);

#endif
