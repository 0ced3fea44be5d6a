"""The web server of `make serve`, in a process of its own.

The serving process builds the site itself and keeps what the last build knew (live.py);
its builds fork to use both cores (render/parallel.py), which a process with a server
thread may not. So the server runs here, on the listening socket the serving process
opened (a port already taken is reported there, at once), and stops when that process
does: its stdin is a pipe from it, which reaches end of file when it exits.
"""

from __future__ import annotations

import functools
import http.server
import os
import socket
import sys
import threading


def serve(fd: int, directory: str) -> None:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=directory)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler,
                                             bind_and_activate=False)
    server.socket.close()
    server.socket = socket.socket(fileno=fd)
    server.server_address = server.socket.getsockname()
    threading.Thread(target=_stop_with_parent, daemon=True).start()
    try:
        server.serve_forever()
    except KeyboardInterrupt:  # Ctrl-C reaches the whole process group
        pass


def _stop_with_parent() -> None:
    sys.stdin.buffer.read()
    os._exit(0)


if __name__ == "__main__":
    serve(int(sys.argv[1]), sys.argv[2])
