/* Call-heavy code: naive recursive Fibonacci, Ackermann-style recursion and
 * indirect calls through a function-pointer table (non-inlinable). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

__attribute__((noinline)) static uint32_t fib(uint32_t n)
{
    return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

__attribute__((noinline)) static uint32_t ack(uint32_t m, uint32_t n)
{
    if (m == 0) return n + 1;
    if (n == 0) return ack(m - 1, 1);
    return ack(m - 1, ack(m, n - 1));
}

typedef uint32_t (*Op)(uint32_t, uint32_t);
__attribute__((noinline)) static uint32_t op_add(uint32_t a, uint32_t b) { return a + b; }
__attribute__((noinline)) static uint32_t op_xor(uint32_t a, uint32_t b) { return a ^ (b * 3u); }
__attribute__((noinline)) static uint32_t op_rot(uint32_t a, uint32_t b) { return a << (b & 7) | a >> ((32 - (b & 7)) & 31); }
__attribute__((noinline)) static uint32_t op_mul(uint32_t a, uint32_t b) { return a * (b | 1u); }
static Op volatile ops[4] = {op_add, op_xor, op_rot, op_mul};

/* argv[1]: repetitions (default 16; 1 for a quick check). */
int main(int argc, char **argv)
{
    int reps = argc > 1 ? atoi(argv[1]) : 16;
    uint32_t s = 0;
    for (int r = 0; r < reps; r++) {
        s += fib(30 + (uint32_t)(r & 1));
        s += ack(2, 2000 + (uint32_t)r);
        uint32_t a = (uint32_t)r + 1;
        Op tab[4] = {ops[0], ops[1], ops[2], ops[3]};
        for (uint32_t i = 0; i < 20000000; i++)
            a = tab[(a ^ i) & 3](a, i);
        s ^= a;
    }
    printf("calls checksum %u\n", s);
    return 0;
}
