/* LU decomposition with partial pivoting (float64, Doolittle, in place) of a
 * dense matrix, repeated on fresh copies; the checksum is the log-free
 * product sign and a weighted sum of the factors. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N 400

static int lu(double *a, int *piv)
{
    int sign = 1;
    for (int k = 0; k < N; k++) {
        int p = k;
        double best = fabs(a[k * N + k]);
        for (int i = k + 1; i < N; i++)
            if (fabs(a[i * N + k]) > best) {
                best = fabs(a[i * N + k]);
                p = i;
            }
        piv[k] = p;
        if (p != k) {
            sign = -sign;
            for (int j = 0; j < N; j++) {
                double t = a[k * N + j]; a[k * N + j] = a[p * N + j]; a[p * N + j] = t;
            }
        }
        double inv = 1.0 / a[k * N + k];
        for (int i = k + 1; i < N; i++) {
            double f = a[i * N + k] * inv;
            a[i * N + k] = f;
            double *ri = a + i * N, *rk = a + k * N;
            for (int j = k + 1; j < N; j++)
                ri[j] -= f * rk[j];
        }
    }
    return sign;
}

/* argv[1]: factorizations (default 200; 1 for a quick check). */
int main(int argc, char **argv)
{
    int reps = argc > 1 ? atoi(argv[1]) : 200;
    double *orig = malloc(sizeof(double) * N * N), *a = malloc(sizeof(double) * N * N);
    int *piv = malloc(sizeof(int) * N);
    unsigned s = 99;
    double sum = 0;
    long sgn = 0;
    for (int r = 0; r < reps; r++) {
        for (int i = 0; i < N * N; i++) {
            s = s * 1664525u + 1013904223u;
            orig[i] = (double)(s >> 8 & 0xffff) / 32768.0 - 1.0;
        }
        memcpy(a, orig, sizeof(double) * N * N);
        sgn += lu(a, piv);
        for (int i = 0; i < N; i++)
            sum += a[i * N + i] * (double)(i % 5 + 1) + (double)piv[i] * 1e-3;
    }
    printf("lu checksum %.6e %ld\n", sum, sgn);
    return 0;
}
