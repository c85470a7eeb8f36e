/* Native equivalent of streams_write.c: 1 GiB to stdout in CHUNK-byte
 * write(2) calls. */
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#ifndef TOTAL_MIB
#define TOTAL_MIB 1024
#endif
#ifndef CHUNK
#define CHUNK 65536
#endif

static char buf[CHUNK];

int main(void)
{
    memset(buf, 'x', sizeof buf);
    for (uint64_t done = 0; done < ((uint64_t)TOTAL_MIB << 20); done += CHUNK)
        for (size_t off = 0; off < CHUNK;) {
            ssize_t n = write(1, buf + off, CHUNK - off);
            if (n <= 0)
                return 1;
            off += (size_t)n;
        }
    return 0;
}
