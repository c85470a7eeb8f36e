/* JSON tokenizer and validator over a generated document: a byte-at-a-time
 * state machine with string escapes and number scanning (branchy). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct { size_t len, cap; char *p; } Buf;

static void put(Buf *b, const char *s)
{
    size_t n = strlen(s);
    if (b->len + n + 1 > b->cap) {
        b->cap = (b->cap + n) * 2;
        b->p = realloc(b->p, b->cap);
    }
    memcpy(b->p + b->len, s, n + 1);
    b->len += n;
}

static uint32_t rng = 1;
static uint32_t next(void)
{
    rng ^= rng << 13; rng ^= rng >> 17; rng ^= rng << 5;
    return rng;
}

static void gen(Buf *b, int depth)
{
    char tmp[64];
    uint32_t r = next() % (depth > 5 ? 4 : 6);
    switch (r) {
    case 0: snprintf(tmp, sizeof tmp, "%d", (int)(next() % 200000) - 100000); put(b, tmp); break;
    case 1: {
        /* One call per statement: argument evaluation order is unspecified. */
        uint32_t i = next() % 1000, f = next() % 1000, e = next() % 9;
        snprintf(tmp, sizeof tmp, "%u.%ue-%u", i, f, e);
        put(b, tmp);
        break;
    }
    case 2: put(b, next() & 1 ? "\"name \\\"quoted\\\" \\u00e9t\\u00e9\\n\"" : "\"plain text value\""); break;
    case 3: put(b, next() & 1 ? "true" : "null"); break;
    case 4: {
        put(b, "[");
        int n = (int)(next() % 6);
        for (int i = 0; i < n; i++) {
            if (i) put(b, ", ");
            gen(b, depth + 1);
        }
        put(b, "]");
        break;
    }
    default: {
        put(b, "{");
        int n = (int)(next() % 6);
        for (int i = 0; i < n; i++) {
            snprintf(tmp, sizeof tmp, "%s\"key%u\": ", i ? ",\n  " : "", next() % 100);
            put(b, tmp);
            gen(b, depth + 1);
        }
        put(b, "}");
    }
    }
}

typedef struct { uint32_t strings, numbers, words, punct, hash; } Counts;

static int is_digit(char c) { return c >= '0' && c <= '9'; }

/* Returns 0 if the document is lexically valid, and counts its tokens. */
static int tokenize(const char *s, size_t n, Counts *c)
{
    size_t i = 0;
    while (i < n) {
        char ch = s[i];
        switch (ch) {
        case ' ': case '\n': case '\t': case '\r': i++; break;
        case '{': case '}': case '[': case ']': case ':': case ',':
            c->punct++; c->hash = c->hash * 31u + (uint8_t)ch; i++; break;
        case '"':
            i++;
            while (i < n && s[i] != '"') {
                if (s[i] == '\\') {
                    i++;
                    if (i >= n) return -1;
                    if (s[i] == 'u') {
                        for (int k = 1; k <= 4; k++) {
                            char h = s[i + k];
                            if (!(is_digit(h) || (h >= 'a' && h <= 'f') || (h >= 'A' && h <= 'F')))
                                return -1;
                        }
                        i += 4;
                    } else if (!strchr("\"\\/bfnrt", s[i]))
                        return -1;
                }
                c->hash = c->hash * 31u + (uint8_t)s[i];
                i++;
            }
            if (i >= n) return -1;
            i++;
            c->strings++;
            break;
        case 't': if (strncmp(s + i, "true", 4)) return -1; i += 4; c->words++; break;
        case 'f': if (strncmp(s + i, "false", 5)) return -1; i += 5; c->words++; break;
        case 'n': if (strncmp(s + i, "null", 4)) return -1; i += 4; c->words++; break;
        default: {
            if (ch != '-' && !is_digit(ch)) return -1;
            uint32_t v = 0;
            if (ch == '-') i++;
            while (i < n && is_digit(s[i])) v = v * 10u + (uint32_t)(s[i++] - '0');
            if (i < n && s[i] == '.') {
                i++;
                while (i < n && is_digit(s[i])) v = v * 10u + (uint32_t)(s[i++] - '0');
            }
            if (i < n && (s[i] == 'e' || s[i] == 'E')) {
                i++;
                if (s[i] == '+' || s[i] == '-') i++;
                while (i < n && is_digit(s[i])) v += (uint32_t)(s[i++] - '0');
            }
            c->numbers++;
            c->hash ^= v;
        }
        }
    }
    return 0;
}

/* argv[1]: passes over a ~4 MB document (default 150; 1 for a quick check). */
int main(int argc, char **argv)
{
    int passes = argc > 1 ? atoi(argv[1]) : 150;
    Buf b = {0, 0, NULL};
    put(&b, "[");
    for (int i = 0; b.len < (4u << 20); i++) {
        if (i) put(&b, ",\n");
        gen(&b, 0);
    }
    put(&b, "]");
    Counts c = {0, 0, 0, 0, 0};
    for (int p = 0; p < passes; p++)
        if (tokenize(b.p, b.len, &c)) {
            printf("json: invalid document\n");
            return 1;
        }
    printf("json checksum %zu %u %u %u %u %08x\n", b.len, c.strings, c.numbers, c.words, c.punct, c.hash);
    return 0;
}
