#!/usr/bin/env python3
"""A stand-in OTLP/HTTP collector for bench/tracing-cost.sh: takes every POST (spans as protobuf), answers 200 with an
empty ExportTraceServiceResponse, counts requests and bytes, keeps nothing. The bridge's exporter then does all its
work (batching, encoding, sending) as it would against a real collector.
Usage: bench/otlp-sink.py PORT   (prints its counts on SIGTERM)"""
import signal
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

counts = {"requests": 0, "bytes": 0}


class Sink(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        length = int(self.headers.get("Content-Length", 0))
        self.rfile.read(length)
        counts["requests"] += 1
        counts["bytes"] += length
        self.send_response(200)
        self.send_header("Content-Type", "application/x-protobuf")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def stop(*_):
    print(f"otlp sink: {counts['requests']} exports, {counts['bytes'] // 1024} KB", flush=True)
    sys.exit(0)


signal.signal(signal.SIGTERM, stop)
ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Sink).serve_forever()
