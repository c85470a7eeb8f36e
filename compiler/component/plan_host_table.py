#!/usr/bin/env python3
"""Writes OUT: the first INPUT (runtime/wasi_p2/host_table.inc) with each
`#include "X"` replaced by the INPUT whose file name is X (the generated
host_table_<pkg>.inc files), for compiler/component/plan_host.c."""
import os
import re
import sys

out, main, *rest = sys.argv[1:]
by_name = {os.path.basename(p): p for p in rest}
lines = []
for line in open(main, encoding="utf-8"):
    m = re.match(r'#include "([^"]+)"', line)
    if m:
        lines.append(open(by_name[m.group(1)], encoding="utf-8").read())
    else:
        lines.append(line)
with open(out, "w", encoding="utf-8") as f:
    f.write("".join(lines))
