/* Host-call cost of wasi:clocks: 10 million calls of
 * monotonic-clock.now, then a line on stdout (the count of calls that saw
 * the clock move, which varies: only its presence is checked).  Bindings
 * from `kiln bindgen c --wit wit/cli --world command`. */
#include <stdint.h>
#include <stdio.h>

#ifndef CALLS
#define CALLS 10000000
#endif

#include "command.h"

command_result_void_void_t command_run_run(void)
{
    uint64_t prev = command_monotonic_clock_now(), moved = 0;
    for (int i = 0; i < CALLS; i++) {
        uint64_t t = command_monotonic_clock_now();
        moved += t != prev;
        prev = t;
    }
    char line[64];
    int n = snprintf(line, sizeof line, "clock calls done (%llu moved)\n", (unsigned long long)moved);
    command_streams_own_output_stream_t out = command_stdout_get_stdout();
    command_streams_borrow_output_stream_t b = command_streams_output_stream_borrow(out);
    command_list_u8_t list = {(uint8_t *)line, (size_t)n};
    command_result_void_void_t r = {.is_err = command_streams_output_stream_blocking_write_and_flush(b, list).is_err};
    command_streams_output_stream_drop(out);
    return r;
}
