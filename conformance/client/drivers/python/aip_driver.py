#!/usr/bin/env python3
"""An example AIP client-conformance driver in Python 3, standard library only.

It shows the driver contract (conformance/README.md, "Client mode") from outside JavaScript:

    aip-conformance client --command "python3 conformance/client/drivers/python/aip_driver.py"

The driver reads AIP_BASE_URL, AIP_API_KEY and AIP_REQUEST, sends the request body, and prints
one JSON line per event handed to the application ({"event": ..., "data": ...}), the JSON answer
({"response": ...}) or a failure ({"failure": {"status", "code", "message"}}). It exits 0 only
for a completed invocation. Replace `invoke` with a call into your own SDK to test it.
"""

import codecs
import json
import os
import sys
import urllib.error
import urllib.request

CATALOGUE = {
    "start", "context_assembled", "thinking", "text_delta", "tool_call",
    "tool_result", "file_edit", "dev_url", "complete", "error",
}


def emit(value):
    sys.stdout.write(json.dumps(value, ensure_ascii=False) + "\n")
    sys.stdout.flush()  # hand each event over as it arrives, not when the pipe buffer fills


def failure(status, code, message):
    emit({"failure": {"status": status, "code": code, "message": message}})
    return 1


class EventStreamParser:
    """The WHATWG event-stream algorithm: LF, CR and CR LF line ends, comments, multi-line data."""

    def __init__(self, on_event):
        self.on_event = on_event
        self.buffer = ""
        self.skip_lf = False
        self.type = ""
        self.data = []

    def feed(self, text):
        self.buffer += text
        start = 0
        for i, c in enumerate(self.buffer):
            if self.skip_lf:
                self.skip_lf = False
                if c == "\n":
                    start = i + 1
                    continue
            if c in "\r\n":
                # A CR ends the line at once; an LF right after it belongs to the same line end.
                self.line(self.buffer[start:i])
                start = i + 1
                self.skip_lf = c == "\r"
        self.buffer = self.buffer[start:]

    def line(self, text):
        if text == "":
            if self.data:
                self.on_event(self.type or "message", "\n".join(self.data))
            self.type, self.data = "", []
            return
        if text.startswith(":"):
            return
        field, _, value = text.partition(":")
        if value.startswith(" "):
            value = value[1:]
        if field == "event":
            self.type = value
        elif field == "data":
            self.data.append(value)


def invoke(request):
    body = request["body"]
    hub = request["endpoint"] == "hub"
    streaming = body.get("stream") is True if hub else (body.get("options") or {}).get("stream") is True
    headers = {
        "X-API-Key": os.environ["AIP_API_KEY"],
        "Content-Type": "application/json",
        "Accept": "text/event-stream" if streaming else "application/json",
    }
    if not hub:
        headers["X-AIP-Agent"] = request["agent"]
    path = "/v1/aip/invoke" if hub else "/.well-known/aip/invoke"
    http_request = urllib.request.Request(
        os.environ["AIP_BASE_URL"] + path, data=json.dumps(body).encode("utf-8"), headers=headers, method="POST"
    )
    try:
        response = urllib.request.urlopen(http_request, timeout=60)
    except urllib.error.HTTPError as err:
        code = None
        try:
            envelope = json.loads(err.read().decode("utf-8"))
            if isinstance(envelope.get("error", {}).get("code"), str):
                code = envelope["error"]["code"]
        except (ValueError, AttributeError):
            pass  # not an error envelope, e.g. a proxy's HTML page
        return failure(err.code, code, "HTTP %d" % err.code)
    except OSError as err:
        return failure(None, None, "network error: %s" % err)

    with response:
        if not streaming:
            answer = json.loads(response.read().decode("utf-8"))
            emit({"response": answer})
            return 0 if answer.get("data", {}).get("status") == "completed" else 1

        terminal = []

        def on_event(name, data):
            if terminal or name not in CATALOGUE:
                return  # unknown and x- events are ignored (AIP-EXT-003)
            emit({"event": name, "data": json.loads(data)})
            if name in ("complete", "error"):
                terminal.append(name)

        parser = EventStreamParser(on_event)
        decoder = codecs.getincrementaldecoder("utf-8-sig")()  # removes one leading byte order mark
        try:
            while not terminal:
                chunk = response.read1(65536)
                if not chunk:
                    parser.feed(decoder.decode(b"", final=True))
                    break
                parser.feed(decoder.decode(chunk))
        except OSError as err:
            return failure(None, None, "stream failed: %s" % err)
    if terminal:
        return 0 if terminal[0] == "complete" else 1
    return failure(None, None, "the stream ended without a terminal event")


if __name__ == "__main__":
    sys.exit(invoke(json.loads(os.environ["AIP_REQUEST"])))
