/* Dense double-precision matrix multiply and an LU solve: loops the
 * optimizer vectorizes, with a deterministic %.9f result. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

enum { N = 120 };

int main(void) {
    double (*a)[N] = malloc(sizeof(double[N][N]));
    double (*b)[N] = malloc(sizeof(double[N][N]));
    double (*c)[N] = calloc(1, sizeof(double[N][N]));
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            a[i][j] = 1.0 / (1 + i + j) + (i == j ? N : 0);
            b[i][j] = sin(i * 0.1) * cos(j * 0.07);
        }
    for (int i = 0; i < N; i++)
        for (int k = 0; k < N; k++)
            for (int j = 0; j < N; j++) c[i][j] += a[i][k] * b[k][j];
    double tr = 0, fro = 0;
    for (int i = 0; i < N; i++) {
        tr += c[i][i];
        for (int j = 0; j < N; j++) fro += c[i][j] * c[i][j];
    }
    printf("trace %.9f frobenius %.9f\n", tr, sqrt(fro));
    /* Solve a x = rhs by Gaussian elimination with partial pivoting. */
    double rhs[N], x[N];
    for (int i = 0; i < N; i++) rhs[i] = i % 7 - 3;
    for (int k = 0; k < N; k++) {
        int p = k;
        for (int i = k + 1; i < N; i++) if (fabs(a[i][k]) > fabs(a[p][k])) p = i;
        if (p != k) {
            for (int j = 0; j < N; j++) { double t = a[k][j]; a[k][j] = a[p][j]; a[p][j] = t; }
            double t = rhs[k]; rhs[k] = rhs[p]; rhs[p] = t;
        }
        for (int i = k + 1; i < N; i++) {
            double f = a[i][k] / a[k][k];
            for (int j = k; j < N; j++) a[i][j] -= f * a[k][j];
            rhs[i] -= f * rhs[k];
        }
    }
    for (int i = N - 1; i >= 0; i--) {
        double s = rhs[i];
        for (int j = i + 1; j < N; j++) s -= a[i][j] * x[j];
        x[i] = s / a[i][i];
    }
    printf("x[0] %.9f x[%d] %.9f x[%d] %.9f\n", x[0], N / 2, x[N / 2], N - 1, x[N - 1]);
    free(a); free(b); free(c);
    return 0;
}
