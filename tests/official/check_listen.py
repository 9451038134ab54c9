#!/usr/bin/env python3
"""Send requests signed by the official libraries to a real `hook listen` and
check its verdicts. Run through tests/official/run.sh (HOOK_BIN set, pinned
packages installed). Prints `ok …` / `FAIL …` lines; exit 1 on any failure."""

import hashlib
import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from datetime import datetime, timezone

import stripe
import standardwebhooks
from slack_sdk.signature import SignatureVerifier
from twilio.request_validator import RequestValidator

HOOK = os.environ.get("HOOK_BIN") or "target/debug/hook"
LINE_WAIT = 10  # seconds to wait for each output line


def start(secret):
    env = {k: v for k, v in os.environ.items() if not k.startswith("HOOK_") and k != "NO_COLOR"}
    proc = subprocess.Popen([HOOK, "listen", "-p", "0", "--json", "--secret", secret],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    lines = queue.Queue()
    threading.Thread(target=lambda: [lines.put(l) for l in proc.stdout], daemon=True).start()
    ready = json.loads(lines.get(timeout=LINE_WAIT))
    assert ready["type"] == "ready", ready
    return proc, lines, ready["url"]


def post(url, body, headers):
    req = urllib.request.Request(url, data=body, headers=headers, method="POST")
    with urllib.request.urlopen(req, timeout=10) as r:
        return r.status


def stop(proc):
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


FAILED = 0
PASSED = 0


def run(name, secret, make):
    """make(url) -> (path, body, headers, expected provider)"""
    global FAILED, PASSED
    proc, lines, url = start(secret)
    try:
        path, body, headers, provider = make(url)
        status = post(url + path, body, headers)
        line = json.loads(lines.get(timeout=LINE_WAIT))
        ok = (status == 200 and line["verdict"] == "valid" and line["provider"] == provider
              and line["body_sha256"] == hashlib.sha256(body).hexdigest())
        if ok:
            PASSED += 1
            print(f"ok listen {name}: signed by the official library, hook listen says valid", flush=True)
        else:
            FAILED += 1
            print(f"FAIL listen {name}: status {status}, line {json.dumps(line)[:600]}", flush=True)
    except Exception as e:  # report and go on with the next provider
        FAILED += 1
        print(f"FAIL listen {name}: {type(e).__name__}: {e}", flush=True)
    finally:
        stop(proc)


def stripe_request(url):
    body = b'{"id":"evt_1","object":"event","type":"invoice.paid"}'
    header = stripe.WebhookSignature.generate_signature_header(body.decode(), "whsec_test_secret", timestamp=int(time.time()))
    return "/stripe", body, {"Stripe-Signature": header, "Content-Type": "application/json"}, "stripe"


def standard_request(url):
    body = b'{"type":"invoice.paid","data":{"id":"in_1"}}'
    wh = standardwebhooks.Webhook("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
    sig = wh.sign("msg_official1", datetime.now(tz=timezone.utc), body.decode())
    headers = {"webhook-id": "msg_official1", "webhook-timestamp": str(int(time.time())), "webhook-signature": sig}
    return "/std", body, headers, "standard"


def slack_request(url):
    body = b'{"type":"event_callback","event":{"type":"app_mention","text":"hi"}}'
    ts = str(int(time.time()))
    sig = SignatureVerifier("8f742231b10e8888abcd99yyyzzz85a5").generate_signature(timestamp=ts, body=body.decode())
    return "/slack", body, {"X-Slack-Signature": sig, "X-Slack-Request-Timestamp": ts}, "slack"


def twilio_request(url):
    params = {"From": "+14158675309", "Body": "héllo", "MessageSid": "SM123"}
    body = urllib.parse.urlencode(params).encode()
    sig = RequestValidator("12345").compute_signature(url + "/sms", params)
    return "/sms", body, {"X-Twilio-Signature": sig, "Content-Type": "application/x-www-form-urlencoded"}, "twilio"


run("stripe", "whsec_test_secret", stripe_request)
run("standard", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", standard_request)
run("slack", "8f742231b10e8888abcd99yyyzzz85a5", slack_request)
run("twilio", "12345", twilio_request)
sys.exit(1 if FAILED or not PASSED else 0)
