/* Dense matrix multiply (float64, i-k-j order), checksum of the result. */
#include <stdio.h>
#include <stdlib.h>

#define N 512

/* argv[1]: repetitions (default 45; 1 for a quick check). */
int main(int argc, char **argv)
{
    int reps = argc > 1 ? atoi(argv[1]) : 45;
    double *a = malloc(sizeof(double) * N * N);
    double *b = malloc(sizeof(double) * N * N);
    double *c = calloc((size_t)N * N, sizeof(double));
    unsigned s = 12345;
    for (int i = 0; i < N * N; i++) {
        s = s * 1103515245u + 12345u;
        a[i] = (double)(s >> 16 & 1023) / 512.0 - 1.0;
        s = s * 1103515245u + 12345u;
        b[i] = (double)(s >> 16 & 1023) / 512.0 - 1.0;
    }
    for (int rep = 0; rep < reps; rep++)
        for (int i = 0; i < N; i++)
            for (int k = 0; k < N; k++) {
                double aik = a[i * N + k];
                for (int j = 0; j < N; j++)
                    c[i * N + j] += aik * b[k * N + j];
            }
    double sum = 0;
    for (int i = 0; i < N * N; i++)
        sum += c[i] * (double)(i % 7 + 1);
    printf("matmul checksum %.6f\n", sum);
    return 0;
}
