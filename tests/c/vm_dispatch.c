/* A little bytecode interpreter: a dense switch (br_table) and a table of
 * function pointers (call_indirect) computing primes and a checksum. */
#include <stdint.h>
#include <stdio.h>

enum { PUSH, ADD, SUB, MUL, MOD, DUP, SWAP, OVER, JZ, JMP, LT, PRINT, DROP, HALT, ROT };

static int64_t run(const int64_t *code, int trace) {
    int64_t st[64];
    int sp = 0, pc = 0, steps = 0;
    for (;;) {
        steps++;
        switch (code[pc++]) {
        case PUSH: st[sp++] = code[pc++]; break;
        case ADD: sp--; st[sp - 1] += st[sp]; break;
        case SUB: sp--; st[sp - 1] -= st[sp]; break;
        case MUL: sp--; st[sp - 1] *= st[sp]; break;
        case MOD: sp--; st[sp - 1] %= st[sp]; break;
        case DUP: st[sp] = st[sp - 1]; sp++; break;
        case SWAP: { int64_t t = st[sp - 1]; st[sp - 1] = st[sp - 2]; st[sp - 2] = t; break; }
        case OVER: st[sp] = st[sp - 2]; sp++; break;
        case JZ: pc = st[--sp] == 0 ? (int)code[pc] : pc + 1; break;
        case JMP: pc = (int)code[pc]; break;
        case LT: sp--; st[sp - 1] = st[sp - 1] < st[sp]; break;
        case PRINT: if (trace) printf("%lld ", (long long)st[sp - 1]); break;
        case DROP: sp--; break;
        case ROT: { int64_t t = st[sp - 3]; st[sp - 3] = st[sp - 2]; st[sp - 2] = st[sp - 1]; st[sp - 1] = t; break; }
        case HALT: if (trace) printf("\n"); return st[sp - 1] + steps;
        }
    }
}

typedef uint32_t (*op_fn)(uint32_t, uint32_t);
static uint32_t op_add(uint32_t a, uint32_t b) { return a + b; }
static uint32_t op_xor(uint32_t a, uint32_t b) { return a ^ b; }
static uint32_t op_mul(uint32_t a, uint32_t b) { return a * b + 1; }
static uint32_t op_rot(uint32_t a, uint32_t b) { return (a << (b & 31)) | (a >> ((32 - b) & 31)); }
static uint32_t op_sub(uint32_t a, uint32_t b) { return a - b; }

int main(void) {
    /* Sum of i*i mod 7 for i in 0..19, printing each partial sum. */
    const int64_t prog[] = {
        PUSH, 0, PUSH, 0,                      /* 0: acc i */
        DUP, PUSH, 20, LT, JZ, 25,             /* 4: while i < 20 */
        DUP, DUP, MUL, PUSH, 7, MOD,           /* 10: acc i r */
        ROT, ADD, PRINT, SWAP,                 /* 16: acc+r i */
        PUSH, 1, ADD, JMP, 4,                  /* 20: i+1, loop */
        DROP, HALT};                           /* 25: acc */
    printf("vm result %lld\n", (long long)run(prog, 1));

    op_fn ops[] = {op_add, op_xor, op_mul, op_rot, op_sub};
    uint32_t x = 1;
    for (uint32_t i = 0; i < 1000000; i++) x = ops[(x ^ i) % 5](x, i);
    printf("indirect chain %08x\n", x);

    int primes = 0, last = 0;
    for (int n = 2; n < 200000; n++) {
        int p = 1;
        for (int d = 2; d * d <= n; d++)
            if (n % d == 0) { p = 0; break; }
        if (p) { primes++; last = n; }
    }
    printf("primes below 200000: %d, largest %d\n", primes, last);
    return 0;
}
