"""A small local server that speaks LibreTranslate's /translate API, for the tests.

It "translates" by wrapping each text in its target language's code ("[pl] Hello") and
keeps every request, so tests can count what was asked for. It can be told to fail.
"""

import json
import socket
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field

from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response


@dataclass
class FakeLibreTranslate:
    requests: list[dict] = field(default_factory=list)
    status: int = 200  # anything else: answer with that status and an error, as theirs do
    delay: float = 0.0  # seconds to wait before answering (to be "slow")
    url: str = ""

    @property
    def texts(self) -> list[str]:
        """Every text asked for, in order, one entry per time it was asked."""
        return [text for body in self.requests for text in body["q"]]

    def __call__(self, environ, start_response):
        request = Request(environ)
        if request.method != "POST" or request.path != "/translate":
            return Response("not found", 404)(environ, start_response)
        body = json.loads(request.get_data(as_text=True))
        self.requests.append(body)
        if self.delay:
            time.sleep(self.delay)
        if self.status != 200:
            answer = Response(json.dumps({"error": "Something went wrong"}), self.status,
                              content_type="application/json")
            return answer(environ, start_response)
        texts = body["q"] if isinstance(body["q"], list) else [body["q"]]
        translated = [f"[{body['target']}] {text}" for text in texts]
        payload = {"translatedText": translated if isinstance(body["q"], list)
                   else translated[0]}
        return Response(json.dumps(payload), content_type="application/json")(
            environ, start_response)


@contextmanager
def libretranslate_server():
    """Run a FakeLibreTranslate on 127.0.0.1 for as long as the block lasts."""
    fake = FakeLibreTranslate()
    server = make_server("127.0.0.1", 0, fake, threaded=True)
    fake.url = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        server.shutdown()
        thread.join()


def closed_port_url() -> str:
    """The address of a port where nothing listens: a translation server that is down."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"
