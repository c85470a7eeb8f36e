/* serve_int.h: internal interface between serve.c (listening, the thread
 * pool, one component instance per request) and serve_http.c (HTTP/1.1
 * messages on one connection). */
#ifndef KILN_SERVE_INT_H
#define KILN_SERVE_INT_H

#include <pthread.h>
#include <sys/types.h>

#include "http.h"
#include "serve.h"

#define SRV_HEAD_MAX 16384                      /* request head: else 431 */
#define SRV_HEAD_TIMEOUT_NS (10ull * 1000000000u) /* whole head: else 408 */
#define SRV_IO_TIMEOUT_S 10                     /* any one read or write */
#define SRV_IDLE_TIMEOUT_S 30 /* keep-alive between requests (--idle-timeout) */

typedef struct SrvConn {
    int fd;
    bool close;            /* after this response */
    size_t off, len;       /* unread bytes: buf[off, len) */
    char buf[SRV_HEAD_MAX + 4096];
} SrvConn;

/* The request body's way into the guest's incoming-body pipe. */
typedef struct SrvBody {
    SrvConn *conn;
    HttpTransfer *t;
    int wfd;
    bool has_body, chunked;
    uint64_t remaining;    /* Content-Length */
    bool complete;         /* read to its end: the connection may go on */
    /* Expect: 100-continue (RFC 9110 10.1.1): the pump waits until the
     * guest takes the body's stream (go 1, after the 100) or the handler
     * is done without it (go -1: the body is never read). */
    bool expect;
    int go;
    pthread_mutex_t lock;
    pthread_cond_t cond;
} SrvBody;

/* The response's way out: started by response-outparam.set. */
typedef struct SrvResp {
    int fd;
    bool close, head_only;
    HttpOutResponse *resp;
    bool head_sent, ok;
} SrvResp;

/* Reads and parses one request head: 0, -1 (the connection ended or
 * timed out quietly), or an HTTP status to answer with. */
int srv_read_head(SrvConn *c, HttpInRequest *r, SrvBody *body,
                  volatile int *stopping);
void *srv_body_pump(void *arg);       /* thread: SrvBody */
void srv_body_init(SrvBody *b, SrvConn *c);
void srv_body_destroy(SrvBody *b);
void srv_body_go(SrvBody *b, int go); /* the first call decides */
void *srv_response_writer(void *arg); /* thread: SrvResp */
void srv_send_error(SrvConn *c, int status);
bool srv_send_all(int fd, const void *p, size_t n);

#endif
