/* wasi_p2_fs.h: what the embedded WASI 0.2 host's streams (wasi_p2.c)
 * share with its filesystem (wasi_p2_fs.c). */
#ifndef KILN_WASI_P2_FS_H
#define KILN_WASI_P2_FS_H

#include "kiln_cm.h"
#include "wasi_io_streams.h"

/* An input or output stream: a platform descriptor (0-2), or, with fd
 * -1, a file of the embedded filesystem read from `pos`. */
typedef struct BmStream {
    int fd;
    uint32_t entry;
    uint64_t pos;
} BmStream;

/* Reads up to len bytes of a file stream into a new guest list; false at
 * the end of the file (the stream is then closed). */
bool bm_file_stream_read(KilnCanonCx *cx, BmStream *s, uint64_t len,
                         wasi_io_streams_result_list_u8_stream_error_t *ret);

#endif
