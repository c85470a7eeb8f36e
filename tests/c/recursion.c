/* Deep recursion on the wasm value stack and on the shadow stack in
 * linear memory (frames with arrays), plus mutual recursion and
 * Ackermann.  Depths stay within what V8 allows by default. */
#include <stdio.h>
#include <string.h>

static unsigned long sum_down(unsigned n) { return n == 0 ? 0 : n + sum_down(n - 1); }

__attribute__((noinline)) static unsigned frame_heavy(unsigned n, unsigned seed) {
    volatile unsigned char local[200];
    memset((void *)local, (int)(seed & 0xff), sizeof local);
    if (n == 0) return local[17];
    unsigned r = frame_heavy(n - 1, seed * 31 + n);
    return r + local[n % 200];
}

static int is_even(unsigned n);
static int is_odd(unsigned n) { return n == 0 ? 0 : is_even(n - 1); }
static int is_even(unsigned n) { return n == 0 ? 1 : is_odd(n - 1); }

static unsigned ack(unsigned m, unsigned n) {
    if (m == 0) return n + 1;
    if (n == 0) return ack(m - 1, 1);
    return ack(m - 1, ack(m, n - 1));
}

static unsigned long fib(unsigned n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

int main(void) {
    volatile unsigned depth = 5000;
    printf("sum_down(%u) = %lu\n", depth, sum_down(depth));
    printf("frame_heavy(300) = %u\n", frame_heavy(300, 1));
    printf("is_even(4001) = %d, is_odd(4001) = %d\n", is_even(4001), is_odd(4001));
    printf("ack(2, 300) = %u, ack(3, 5) = %u\n", ack(2, 300), ack(3, 5));
    printf("fib(27) = %lu\n", fib(27));
    return 0;
}
