/* A small stack-machine bytecode interpreter (switch dispatch) running a
 * Collatz-length search and a sieve-like loop: indirect branches, loads of
 * the operand stack, branchy. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

enum { PUSH, LOAD, STORE, ADD, SUB, MUL, AND, SHR, LT, EQ, JMP, JZ, JNZ, DUP, DROP, HALT };

typedef struct { uint8_t op; int32_t arg; } Insn;

static int64_t run(const Insn *code, int64_t *vars)
{
    int64_t stack[64];
    int sp = 0;
    const Insn *pc = code;
    for (;;) {
        const Insn *in = pc++;
        switch (in->op) {
        case PUSH: stack[sp++] = in->arg; break;
        case LOAD: stack[sp++] = vars[in->arg]; break;
        case STORE: vars[in->arg] = stack[--sp]; break;
        case ADD: sp--; stack[sp - 1] += stack[sp]; break;
        case SUB: sp--; stack[sp - 1] -= stack[sp]; break;
        case MUL: sp--; stack[sp - 1] *= stack[sp]; break;
        case AND: sp--; stack[sp - 1] &= stack[sp]; break;
        case SHR: sp--; stack[sp - 1] >>= stack[sp]; break;
        case LT: sp--; stack[sp - 1] = stack[sp - 1] < stack[sp]; break;
        case EQ: sp--; stack[sp - 1] = stack[sp - 1] == stack[sp]; break;
        case JMP: pc = code + in->arg; break;
        case JZ: if (!stack[--sp]) pc = code + in->arg; break;
        case JNZ: if (stack[--sp]) pc = code + in->arg; break;
        case DUP: stack[sp] = stack[sp - 1]; sp++; break;
        case DROP: sp--; break;
        case HALT: return vars[0];
        }
    }
}

/* vars: 0 best, 1 n, 2 limit, 3 x, 4 steps, 5 bestn
 * for n in 1..limit-1: x = n; steps = 0
 *   while x != 1: x = x & 1 ? 3x + 1 : x >> 1; steps++
 *   if best < steps: best = steps, bestn = n
 * result: best * 1000000 + bestn. */
static const Insn code[] = {
    /* 0 loop */ {LOAD, 1}, {LOAD, 2}, {LT, 0}, {JZ, 45},
    /* 4 */ {LOAD, 1}, {STORE, 3}, {PUSH, 0}, {STORE, 4},
    /* 8 inner */ {LOAD, 3}, {PUSH, 1}, {EQ, 0}, {JNZ, 31},
    /* 12 */ {LOAD, 3}, {PUSH, 1}, {AND, 0}, {JZ, 22},
    /* 16 odd */ {LOAD, 3}, {PUSH, 3}, {MUL, 0}, {PUSH, 1}, {ADD, 0}, {JMP, 25},
    /* 22 even */ {LOAD, 3}, {PUSH, 1}, {SHR, 0},
    /* 25 */ {STORE, 3}, {LOAD, 4}, {PUSH, 1}, {ADD, 0}, {STORE, 4}, {JMP, 8},
    /* 31 done */ {LOAD, 0}, {LOAD, 4}, {LT, 0}, {JZ, 39},
    /* 35 */ {LOAD, 4}, {STORE, 0}, {LOAD, 1}, {STORE, 5},
    /* 39 next */ {LOAD, 1}, {PUSH, 1}, {ADD, 0}, {STORE, 1}, {JMP, 0}, {HALT, 0},
    /* 45 end */ {LOAD, 0}, {PUSH, 1000000}, {MUL, 0}, {LOAD, 5}, {ADD, 0}, {STORE, 0}, {HALT, 0},
};

/* argv[1]: hundreds of thousands of starting values (default 3; 1 for a quick check). */
int main(int argc, char **argv)
{
    int limit = (argc > 1 ? atoi(argv[1]) : 3) * 100000;
    uint64_t total = 0;
    for (int rep = 0; rep < 2; rep++) {
        int64_t vars[8] = {0, 1, limit + rep, 0, 0, 0, 0, 0};
        total = total * 1000003u + (uint64_t)run(code, vars);
    }
    printf("interp checksum %llu\n", (unsigned long long)total);
    return 0;
}
