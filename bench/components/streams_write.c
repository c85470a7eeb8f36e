/* Host-call cost of wasi:io/streams: writes 1 GiB of bytes to stdout in
 * CHUNK-byte writes (compile with -DCHUNK=65536 or -DCHUNK=16), each as
 * check-write then write, and a blocking-flush whenever no permit is left.
 * Exports wasi:cli/run through bindings from `kiln bindgen c --wit wit/cli
 * --world command` (prefix command_). */
#include <stdint.h>
#include <string.h>

#include "command.h"

#ifndef CHUNK
#define CHUNK 65536
#endif
#ifndef TOTAL_MIB
#define TOTAL_MIB 1024
#endif
#define TOTAL ((uint64_t)TOTAL_MIB << 20)

static uint8_t buf[CHUNK];

command_result_void_void_t command_run_run(void)
{
    command_result_void_void_t fail = {.is_err = true}, ok = {.is_err = false};
    command_streams_own_output_stream_t out = command_stdout_get_stdout();
    command_streams_borrow_output_stream_t b = command_streams_output_stream_borrow(out);
    memset(buf, 'x', sizeof buf);
    for (uint64_t done = 0; done < TOTAL; done += CHUNK)
        for (uint64_t off = 0; off < CHUNK;) {
            command_result_u64_streams_stream_error_t c = command_streams_output_stream_check_write(b);
            if (c.is_err)
                return fail;
            if (c.val.ok == 0) {
                /* No permit: wait until the stream drained. */
                if (command_streams_output_stream_blocking_flush(b).is_err)
                    return fail;
                continue;
            }
            uint64_t k = CHUNK - off < c.val.ok ? CHUNK - off : c.val.ok;
            command_list_u8_t list = {buf + off, (size_t)k};
            if (command_streams_output_stream_write(b, list).is_err)
                return fail;
            off += k;
        }
    if (command_streams_output_stream_blocking_flush(b).is_err)
        return fail;
    command_streams_output_stream_drop(out);
    return ok;
}
