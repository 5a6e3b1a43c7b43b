"""A fault-injecting, traffic-capturing proxy on loopback.

It terminates TLS with the office server's own certificate and key (so a device's pin still
matches), reads one HTTP/1.1 request, and then, by the mode drawn for that connection:
``pass`` forwards it and the answer; ``before_request`` closes before forwarding anything;
``after_request`` forwards the request, waits for the whole answer (the server has committed)
and closes without sending it; ``mid_response`` sends only part of the answer. Everything that
crosses is kept in ``captured`` for marker searches.
"""

from __future__ import annotations

import random
import socket
import ssl
import threading
from dataclasses import dataclass, field
from pathlib import Path

MODES = ("pass", "before_request", "after_request", "mid_response")


def _read_http(sock: ssl.SSLSocket) -> bytes:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            return data
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(body) < length:
        chunk = sock.recv(65536)
        if not chunk:
            break
        body += chunk
    return head + b"\r\n\r\n" + body


@dataclass
class FaultProxy:
    upstream_port: int
    cert: Path
    key: Path
    rng: random.Random
    fault_rate: float = 0.5
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(MODES, 0))
    captured: bytearray = field(default_factory=bytearray)

    def __post_init__(self) -> None:
        self._server_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self._server_ctx.load_cert_chain(self.cert, self.key)
        self._client_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        self._client_ctx.check_hostname = False
        self._client_ctx.load_verify_locations(self.cert)
        self._listener = socket.socket()
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(16)
        self._listener.settimeout(0.2)
        self.port = int(self._listener.getsockname()[1])
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._serve, name="fault-proxy", daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                raw, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            mode = self.rng.choice(MODES[1:]) if self.rng.random() < self.fault_rate else "pass"
            cut = self.rng.randint(1, 400)
            self.counts[mode] += 1
            try:
                self._handle(raw, mode, cut)
            except (OSError, ssl.SSLError, ValueError):
                pass
            finally:
                raw.close()

    def _handle(self, raw: socket.socket, mode: str, cut: int) -> None:
        raw.settimeout(10)
        with self._server_ctx.wrap_socket(raw, server_side=True) as client:
            request = _read_http(client)
            if not request or mode == "before_request":
                return
            with self._lock:
                self.captured += request
            upstream_raw = socket.create_connection(("127.0.0.1", self.upstream_port), timeout=30)
            with self._client_ctx.wrap_socket(upstream_raw) as upstream:
                upstream.sendall(request)
                answer = _read_http(upstream)
            with self._lock:
                self.captured += answer
            if mode == "after_request":
                return
            if mode == "mid_response":
                client.sendall(answer[: min(cut, max(1, len(answer) - 1))])
                return
            client.sendall(answer)

    def close(self) -> None:
        self._stop.set()
        self._listener.close()
        self._thread.join(timeout=10)
