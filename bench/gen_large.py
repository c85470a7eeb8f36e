#!/usr/bin/env python3
"""Writes a large C program (many distinct functions with loops, switches,
calls and float math) for measuring kiln's compile time on a module with
more than 1 MB of code.  usage: bench/gen_large.py N > large.c"""
import random
import sys

n = int(sys.argv[1]) if len(sys.argv) > 1 else 4000
rng = random.Random(7)
print("#include <stdio.h>\n#include <stdint.h>\nstatic uint32_t g[256];\nstatic double d[64];")
for i in range(n):
    ops = []
    for k in range(rng.randint(6, 14)):
        a, b, c = rng.randrange(256), rng.randrange(256), rng.randrange(1, 31)
        ops.append(rng.choice([
            f"x = (x ^ g[{a}]) * {rng.randrange(3, 1 << 20) | 1}u + (x >> {c});",
            f"for (int j = 0; j < {rng.randint(2, 9)}; j++) x += g[(x + j) & 255] << (j & 7);",
            f"switch (x % 5) {{ case 0: x += {a}; break; case 1: x ^= {b}; break; case 2: x = x * 3 + 1; break; default: x -= {c}; }}",
            f"d[{a % 64}] = d[{b % 64}] * 0.5 + (double)(x & 1023) / {c}.0; x += (uint32_t)d[{a % 64}];",
            f"if (x & {1 << (c % 16)}) g[{a}] += x; else g[{b}] ^= x;",
        ]))
    if i > 0:
        ops.append(f"if ((x & 15) == {i % 16}) x += f{rng.randrange(i)}(x >> 3);")
    body = "\n    ".join(ops)
    print(f"__attribute__((noinline)) uint32_t f{i}(uint32_t x)\n{{\n    {body}\n    return x;\n}}")
print("typedef uint32_t (*fn_t)(uint32_t);\nstatic const fn_t table[] = {" + ", ".join(f"f{i}" for i in range(n)) + "};")
print(f"""int main(void)
{{
    uint32_t x = 1;
    for (int i = 0; i < 256; i++) g[i] = i * 2654435761u;
    for (int i = 0; i < {n}; i++) x = table[i](x + i);
    printf("large checksum %u\\n", x);
    return 0;
}}""")
