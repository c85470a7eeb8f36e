/* Word counting with a chained hash table over generated text: pointer
 * heavy code, many small mallocs, strcmp and qsort of the result. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct entry { char *word; int count; struct entry *next; };

static unsigned hash(const char *s) {
    unsigned h = 2166136261u;
    while (*s) h = (h ^ (unsigned char)*s++) * 16777619u;
    return h;
}

static int by_count(const void *a, const void *b) {
    const struct entry *x = *(struct entry *const *)a, *y = *(struct entry *const *)b;
    if (x->count != y->count) return y->count - x->count;
    return strcmp(x->word, y->word);
}

int main(void) {
    static const char *syll[] = {"ka", "lo", "mi", "nu", "re", "si", "to", "va", "ze", "qu"};
    enum { NB = 4096 };
    struct entry **tab = calloc(NB, sizeof *tab);
    unsigned seed = 42;
    int distinct = 0, total = 0;
    for (int w = 0; w < 300000; w++) {
        char word[32] = "";
        seed = seed * 1103515245u + 12345u;
        int len = 1 + (int)((seed >> 16) % 3);
        for (int k = 0; k < len; k++) {
            seed = seed * 1103515245u + 12345u;
            strcat(word, syll[(seed >> 16) % 10]);
        }
        unsigned h = hash(word) % NB;
        struct entry *e = tab[h];
        while (e && strcmp(e->word, word) != 0) e = e->next;
        if (!e) {
            e = malloc(sizeof *e);
            e->word = strdup(word);
            e->count = 0;
            e->next = tab[h];
            tab[h] = e;
            distinct++;
        }
        e->count++;
        total++;
    }
    struct entry **all = malloc((size_t)distinct * sizeof *all);
    int n = 0, longest = 0;
    for (int i = 0; i < NB; i++) {
        int chain = 0;
        for (struct entry *e = tab[i]; e; e = e->next) { all[n++] = e; chain++; }
        if (chain > longest) longest = chain;
    }
    qsort(all, (size_t)n, sizeof *all, by_count);
    printf("words %d distinct %d longest chain %d\n", total, distinct, longest);
    for (int i = 0; i < 10; i++) printf("%2d. %-8s %d\n", i + 1, all[i]->word, all[i]->count);
    printf("least: %s %d\n", all[n - 1]->word, all[n - 1]->count);
    for (int i = 0; i < n; i++) { free(all[i]->word); free(all[i]); }
    free(all);
    free(tab);
    return 0;
}
