"""``Client``'s transport (``client/transport.py``) against real sockets: a stdlib HTTP
server that drops keep-alive connections silently, sleeps past the timeout or is not
there, and a real ``tiermem serve`` app driven from several threads at once."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest
from service_util import Service

from tiermem import Client
from tiermem.client.transport import KeepAliveTransport


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive unless the handler closes

    def do_GET(self) -> None:
        if self.path == "/slow":
            time.sleep(1.0)
        body = json.dumps({"path": self.path, "peer": self.client_address[1]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        # answer as keep-alive, then drop the connection anyway, as an idle timeout does
        self.close_connection = self.path == "/drop"

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def plain_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_a_connection_is_kept_and_a_dropped_one_replaced(plain_server: str) -> None:
    with httpx.Client(base_url=plain_server, transport=KeepAliveTransport(5.0)) as http:
        first = http.get("/a").json()["peer"]
        assert http.get("/b").json()["peer"] == first  # the same connection, reused
        assert http.get("/drop").json()["peer"] == first
        time.sleep(0.1)  # the server has closed it by now, without saying so
        after = http.get("/c").json()["peer"]
        assert after != first  # noticed before use: a new connection, no error


def test_timeouts_and_refusals_are_httpx_errors(plain_server: str) -> None:
    with httpx.Client(base_url=plain_server, transport=KeepAliveTransport(0.2)) as http:
        with pytest.raises(httpx.ReadTimeout):
            http.get("/slow")
        assert http.get("/fine").status_code == 200  # and the client goes on working
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # bound but not listening: nobody answers
        with (
            httpx.Client(
                base_url=f"http://127.0.0.1:{port}", transport=KeepAliveTransport(1)
            ) as http,
            pytest.raises(httpx.ConnectError),
        ):
            http.get("/")


def test_one_client_from_many_threads(service: Service) -> None:
    key = service.alice["X-API-Key"]
    with Client(service.url, api_key=key) as client:
        client.add("I keep bees in my garden", user_id="alice")

        def search(n: int) -> str:
            hits = client.search(f"bees {n}", user_id="alice")["results"]
            return str(hits[0]["memory"])

        with ThreadPoolExecutor(max_workers=8) as pool:
            answers = list(pool.map(search, range(64)))
    assert set(answers) == {"I keep bees in my garden"}
