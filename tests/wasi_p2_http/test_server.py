#!/usr/bin/env python3
"""A loopback HTTP/1.1 server for the wasi:http client tests.

Started by run_client.py on 127.0.0.1 with an ephemeral port (printed on
stdout as the first line).  Routes:
  /hello            200, x-test: yes, "hello world\\n" (Content-Length)
  /chunked          chunked body in three chunks, then trailer x-trailer: done
  /status/N         status N, a short body
  /big              8 MiB of 'z', Content-Length
  /delay?ms=N       waits N ms, then 200 "slept N\\n"
  /stall            headers and 5 bytes at once, then stalls 3 s
  /echo (POST/PUT)  reads the body (Content-Length or chunked, with
                    trailers) and answers "got N bytes, sum S, trailers T\\n"
Every response carries x-method and, when the client sent it, x-client.
"""
import http.server
import socketserver
import sys
import time
import urllib.parse


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def send(self, status, body, extra=()):
        self.send_response(status)
        self.send_header("x-method", self.command)
        if self.headers.get("x-client"):
            self.send_header("x-client", self.headers["x-client"])
        for k, v in extra:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def read_body(self):
        trailers = []
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            data = b""
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip(), 16)
                if size == 0:
                    while True:
                        line = self.rfile.readline()
                        if line in (b"\r\n", b"\n", b""):
                            break
                        trailers.append(line.decode().strip())
                    return data, trailers
                data += self.rfile.read(size)
                self.rfile.readline()
        n = int(self.headers.get("Content-Length", "0"))
        return self.rfile.read(n), trailers

    def do_GET(self):
        u = urllib.parse.urlparse(self.path)
        q = urllib.parse.parse_qs(u.query)
        if u.path == "/hello":
            self.send(200, b"hello world\n", [("x-test", "yes"),
                                              ("x-query", u.query)])
        elif u.path == "/chunked":
            self.send_response(200)
            self.send_header("x-method", self.command)
            self.send_header("Transfer-Encoding", "chunked")
            self.send_header("Trailer", "x-trailer")
            self.end_headers()
            for part in (b"first\n", b"second\n", b"third\n"):
                self.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
                self.wfile.flush()
                time.sleep(0.05)
            self.wfile.write(b"0\r\nx-trailer: done\r\n\r\n")
        elif u.path.startswith("/status/"):
            self.send(int(u.path[8:]), b"status page\n")
        elif u.path == "/big":
            self.send(200, b"z" * (8 << 20))
        elif u.path == "/delay":
            ms = int(q.get("ms", ["0"])[0])
            time.sleep(ms / 1000)
            self.send(200, b"slept %d\n" % ms)
        elif u.path == "/stall":
            self.send_response(200)
            self.send_header("Content-Length", "10")
            self.end_headers()
            self.wfile.write(b"12345")
            self.wfile.flush()
            time.sleep(3)
            self.wfile.write(b"67890")
        elif u.path == "/cut":  # 10 of 100 bytes, then the connection ends
            self.send_response(200)
            self.send_header("Content-Length", "100")
            self.end_headers()
            self.wfile.write(b"0123456789")
            self.wfile.flush()
            self.close_connection = True
        elif u.path == "/garbage":  # not an HTTP response
            self.wfile.write(b"NOT HTTP AT ALL\r\n\r\n")
            self.close_connection = True
        elif u.path == "/empty":  # closes without answering
            self.close_connection = True
        else:
            self.send(404, b"not found\n")

    do_HEAD = do_GET

    def do_POST(self):
        data, trailers = self.read_body()
        body = b"got %d bytes, sum %d, trailers %s\n" % (
            len(data), sum(data), ",".join(trailers).encode() or b"none")
        self.send(200, body, [("x-chunked", self.headers.get(
            "Transfer-Encoding", "no"))])

    do_PUT = do_POST


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True


def main():
    srv = Server(("127.0.0.1", 0), Handler)
    print(srv.server_address[1], flush=True)
    srv.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
