/* 2-D five-point Jacobi stencil (float32) on a grid larger than L2, double
 * buffered: memory-bound and vectorizable. */
#include <stdio.h>
#include <stdlib.h>

#define W 1024
#define H 1024

static void step(float *restrict dst, const float *restrict src)
{
    for (int y = 1; y < H - 1; y++)
        for (int x = 1; x < W - 1; x++)
            dst[y * W + x] = 0.2f * (src[y * W + x] + src[y * W + x - 1] + src[y * W + x + 1] +
                                     src[(y - 1) * W + x] + src[(y + 1) * W + x]);
}

/* argv[1]: sweeps / 10 (default 300; 1 for a quick check). */
int main(int argc, char **argv)
{
    int sweeps = (argc > 1 ? atoi(argv[1]) : 300) * 10;
    float *a = calloc(W * H, sizeof(float)), *b = calloc(W * H, sizeof(float));
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++)
            a[y * W + x] = b[y * W + x] = (float)((x * 7 + y * 13) % 101) - 50.0f;
    for (int i = 0; i < sweeps; i++) {
        step(b, a);
        float *t = a; a = b; b = t;
    }
    double sum = 0;
    for (int i = 0; i < W * H; i++)
        sum += (double)a[i] * (double)(i % 3 + 1);
    printf("stencil checksum %.4f\n", sum);
    return 0;
}
