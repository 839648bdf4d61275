"""
A tiny real SMTP server on a free port, in a thread: it accepts mail and keeps what it got.

Also a process of its own, for a Celery worker in another process to send to:
    python -m tests.security.smtp PORT FOLDER     each message saved as FOLDER/<time>.eml
"""

import socket
import socketserver
import sys
import threading
import time
from pathlib import Path


class _Handler(socketserver.StreamRequestHandler):
    def handle(self):
        self.wfile.write(b"220 test ESMTP\r\n")
        data, in_data = [], False
        while line := self.rfile.readline():
            if in_data:
                if line in (b".\r\n", b".\n"):
                    in_data = False
                    self.server.keep(b"".join(data))
                    data = []
                    self.wfile.write(b"250 2.0.0 Ok: queued\r\n")
                else:
                    data.append(line)
                continue
            verb = line[:4].upper()
            if verb == b"EHLO":
                self.wfile.write(b"250-test\r\n250 8BITMIME\r\n")
            elif verb == b"DATA":
                in_data = True
                self.wfile.write(b"354 go on\r\n")
            elif verb == b"QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            else:
                self.wfile.write(b"250 Ok\r\n")


class SMTPServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, port: int, folder: Path | None = None, *, thread=True):
        self.received: list[str] = []
        self.folder = folder
        self.lock = threading.Lock()
        super().__init__(("127.0.0.1", port), _Handler)
        if thread:
            self.thread = threading.Thread(target=self.serve_forever, daemon=True)
            self.thread.start()

    def keep(self, data: bytes):
        with self.lock:
            self.received.append(data.decode("utf-8", "replace"))
            if self.folder is not None:
                # written whole, then renamed: a reader never sees half a message
                path = self.folder / f"{time.time_ns()}.eml"
                path.with_suffix(".part").write_bytes(data)
                path.with_suffix(".part").rename(path)

    def stop(self):
        self.shutdown()
        self.server_close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


if __name__ == "__main__":
    port, folder = int(sys.argv[1]), Path(sys.argv[2])
    folder.mkdir(parents=True, exist_ok=True)
    server = SMTPServer(port, folder, thread=False)
    print(f"smtp: listening on 127.0.0.1:{port}", flush=True)
    server.serve_forever()
