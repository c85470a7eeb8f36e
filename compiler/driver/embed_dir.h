/* embed_dir.h: `kiln build --embed-dir HOST_DIR[::GUEST_PATH]` for the
 * bare-metal targets: host directories packed into a read-only filesystem
 * image (format "KFS1", runtime/baremetal/embedfs.h) linked into the
 * firmware as the constant object `kiln_embedded_fs`. */
#ifndef KILN_EMBED_DIR_H
#define KILN_EMBED_DIR_H

#include <stdbool.h>
#include <stddef.h>

/* Records one --embed-dir argument; false when it is malformed. */
bool kiln_embed_dir_add(const char *spec);
/* Number of recorded directories. */
size_t kiln_embed_dir_count(void);
/* Packs the recorded directories into the image and an assembly file
 * that defines kiln_embedded_fs over it (in a temporary directory removed
 * at exit).  Returns the assembly file's path for the link, or NULL after
 * writing why into err. */
const char *kiln_embed_dir_pack(char *err, size_t errlen);
/* --emit obj: assembles the image's assembly file into object `obj` with
 * the target's C compiler driver `cc` and CPU flags, for the firmware's
 * own link; false after writing why into err. */
bool kiln_embed_dir_assemble(const char *cc, const char *mflags,
                             const char *asm_path, const char *obj,
                             char *err, size_t errlen);

#endif
