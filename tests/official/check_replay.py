#!/usr/bin/env python3
"""`hook replay` against a receiver that verifies with the official libraries.

A small HTTP server (stdlib) checks each request with stripe, standardwebhooks,
slack-sdk and twilio, and answers 200 when the library accepts it, 400 when it
does not. `hook replay` sends built-in fixtures to it; every delivery must be
accepted, and `--tamper` deliveries rejected. Run through tests/official/run.sh.
"""

import json
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl

import standardwebhooks
import stripe
from slack_sdk.signature import SignatureVerifier
from twilio.request_validator import RequestValidator

HOOK = os.environ.get("HOOK_BIN") or "target/debug/hook"
STRIPE = "whsec_test_secret"
STANDARD = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
SLACK = "8f742231b10e8888abcd99yyyzzz85a5"
TWILIO = "12345"
SECRETS = {"stripe": STRIPE, "standard": STANDARD, "slack": SLACK, "twilio": TWILIO}
VERDICTS = []


def verify(provider, url, headers, body):
    h = {k.lower(): v for k, v in headers.items()}
    if provider == "stripe":
        stripe.Webhook.construct_event(body.decode(), h["stripe-signature"], STRIPE)
    elif provider == "standard":
        standardwebhooks.Webhook(STANDARD).verify(body, h)
    elif provider == "slack":
        if not SignatureVerifier(SLACK).is_valid_request(body, h):
            raise ValueError("slack-sdk: invalid")
    elif provider == "twilio":
        params = dict(parse_qsl(body.decode(), keep_blank_values=True))
        if not RequestValidator(TWILIO).validate(url, params, h["x-twilio-signature"]):
            raise ValueError("twilio: invalid")


class Receiver(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        provider = self.path.strip("/").split("/")[0]
        url = f"http://127.0.0.1:{self.server.server_port}{self.path}"
        try:
            verify(provider, url, self.headers, body)
            status = 200
        except Exception as e:  # the library said no: that is the answer
            status = 400
            VERDICTS.append((provider, f"{type(e).__name__}: {e}"))
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def replay(fixture, provider, extra):
    port = SERVER.server_port
    cmd = [HOOK, "replay", fixture, "--to", f"http://127.0.0.1:{port}/{provider}", "--secret", SECRETS[provider], "--json", *extra]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    summary = json.loads(out.stdout.strip().splitlines()[-1])
    return out.returncode, summary


SERVER = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
threading.Thread(target=SERVER.serve_forever, daemon=True).start()
FAILED = 0
CASES = [
    ("stripe/payment_intent.succeeded", "stripe"),
    ("stripe/invoice.paid", "stripe"),
    ("standard/invoice.paid", "standard"),
    ("slack/event_callback.app_mention", "slack"),
    ("slack/slash_command", "slack"),
    ("twilio/incoming_sms", "twilio"),
]
for fixture, provider in CASES:
    for extra, expect in (([], "accepted"), (["--tamper"], "rejected")):
        VERDICTS.clear()
        code, summary = replay(fixture, provider, extra)
        ok = code == 0 and summary["failed"] == 0 and summary["deliveries"] == 1
        label = f"replay {fixture}{' --tamper' if extra else ''}"
        if ok:
            print(f"ok {label}: {expect} by the official {provider} library", flush=True)
        else:
            FAILED += 1
            print(f"FAIL {label}: exit {code}, {summary}, library said {VERDICTS}", flush=True)
SERVER.shutdown()
sys.exit(1 if FAILED else 0)
