#!/usr/bin/env python3
"""Cross-check `hook sign` / `hook verify` against official Python libraries.

Run through tests/official/run.sh (which installs the pinned packages into a
venv and sets HOOK_BIN). Prints one line per check: `ok <name>: <what>` or
`FAIL <name>: <what> -- <details>`. Exit code 1 if any check failed.

Directions:
  forward: `hook sign` makes the headers, the official library verifies them.
  reverse: the official library makes the signature, `hook verify` must exit 0
           (and exit 1 when given a wrong secret / tampered body).
"""

import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from urllib.parse import parse_qsl

HOOK = os.environ.get("HOOK_BIN") or "target/debug/hook"
TMP = tempfile.mkdtemp(prefix="hook-official-py-")
NOW = int(time.time())
FAILED = 0
PASSED = 0


class CheckError(Exception):
    pass


def one_line(s, limit=600):
    s = s if isinstance(s, str) else s.decode("utf-8", "replace")
    s = " | ".join(x for x in s.strip().splitlines() if x.strip())
    return s if len(s) <= limit else s[:limit] + "…"


def check(name, what, fn):
    global FAILED, PASSED
    try:
        fn()
    except CheckError as e:
        FAILED += 1
        print(f"FAIL {name}: {what} -- {one_line(str(e))}", flush=True)
    except Exception as e:  # library raised: report its type and message
        FAILED += 1
        print(f"FAIL {name}: {what} -- {type(e).__name__}: {one_line(str(e))}", flush=True)
    else:
        PASSED += 1
        print(f"ok {name}: {what}", flush=True)


_n = 0


def body_file(data: bytes) -> str:
    global _n
    _n += 1
    path = os.path.join(TMP, f"body{_n}")
    with open(path, "wb") as f:
        f.write(data)
    return path


def run_hook(args):
    try:
        return subprocess.run([HOOK, *args], capture_output=True, timeout=30)
    except subprocess.TimeoutExpired:
        raise CheckError(f"hook {' '.join(args)} timed out after 30s")


HEADER_RE = re.compile(r"^([!#$%&'*+.^_`|~0-9A-Za-z-]+):[ \t]*(.*?)[ \t\r]*$")


def parse_headers(text: str) -> dict:
    out = {}
    for line in text.splitlines():
        m = HEADER_RE.match(line)
        if m:
            out[m.group(1).lower()] = m.group(2)
    return out


def hook_sign(provider, secrets, path, *extra):
    """Run hook sign; return (headers dict lowercased, stdout text)."""
    args = ["sign", "--provider", provider]
    for s in secrets:
        args += ["--secret", s]
    args += [*extra, path]
    p = run_hook(args)
    out = p.stdout.decode("utf-8", "replace")
    if p.returncode != 0:
        raise CheckError(f"`hook {' '.join(args[:-1])} BODY` exited {p.returncode}: {one_line(p.stderr)}")
    return parse_headers(out), out


def need(headers, out, *names):
    vals = []
    for name in names:
        v = headers.get(name.lower())
        if v is None:
            raise CheckError(f"hook sign printed no `{name}:` line; stdout: {out!r}")
        vals.append(v)
    return vals if len(vals) > 1 else vals[0]


def hook_verify(provider, secret, path, headers, *extra, headers_file=False):
    """Run hook verify with the given [(name, value)] headers; return CompletedProcess."""
    args = ["verify", "--provider", provider, "--secret", secret]
    if headers_file:
        hf = path + ".headers"
        with open(hf, "w", encoding="utf-8") as f:
            for n, v in headers:
                f.write(f"{n}: {v}\n")
        args += ["--headers-file", hf]
    else:
        for n, v in headers:
            args += ["-H", f"{n}: {v}"]
    args += [*extra, path]
    return run_hook(args)


def expect_verify(expected_rc, provider, secret, path, headers, *extra, headers_file=False):
    p = hook_verify(provider, secret, path, headers, *extra, headers_file=headers_file)
    if p.returncode != expected_rc:
        hdrs = "; ".join(f"{n}: {v}" for n, v in headers)
        raise CheckError(
            f"hook verify exit {p.returncode}, expected {expected_rc}; "
            f"headers [{hdrs}] extra {list(extra)}; stdout: {one_line(p.stdout, 300)}; "
            f"stderr: {one_line(p.stderr, 300)}"
        )


def expect_equal(what, actual, expected):
    if actual != expected:
        raise CheckError(f"{what}: expected {expected!r}, got {actual!r}")


# ---------------------------------------------------------------- bodies
# Unicode JSON with a trailing newline (bytes are signed exactly as written).
UNI_JSON = (
    '{"id":"evt_unicode_1","object":"event","data":{"name":"Zoë Ångström",'
    '"note":"♥ 日本語 🚀","escaped":"\\u00e9\\n"}}\n'
).encode("utf-8")
STRIPE_VEC_BODY = b'{"id":"evt_test_webhook","object":"event"}'
SW_VEC_BODY = b'{"test": 2432232314}'
SLACK_FORM = (
    b"token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V"
    b"&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text="
    b"&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN"
    b"&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c"
)
TWILIO_FORM = b"CallSid=CA1234567890ABCDE&Caller=%2B12349013030&Digits=1234&From=%2B12349013030&To=%2B18005551212"
TWILIO_UNI_FORM = (
    b"MessageSid=SM0123456789abcdef&Body=Zo%C3%AB+%E2%99%A5+%F0%9F%9A%80+caf%C3%A9&From=%2B14158675309"
    b"&To=%2B18005551212&NumMedia=0"
)
TWILIO_VEC_JSON = b'{"property": "value", "boolean": true}'


def utc(ts):
    return datetime.fromtimestamp(ts, tz=timezone.utc)


# ---------------------------------------------------------------- stripe
def stripe_checks():
    import stripe

    S = "whsec_test_secret"
    S2 = "whsec_rotated_secret_2"
    T = 1492774577
    vec = body_file(STRIPE_VEC_BODY)
    uni = body_file(UNI_JSON)

    def fwd_vector():
        h, out = hook_sign("stripe", [S], vec, "--timestamp", str(T))
        sig = need(h, out, "Stripe-Signature")
        stripe.WebhookSignature.verify_header(STRIPE_VEC_BODY, sig, S, tolerance=None)
        expected = stripe.WebhookSignature.generate_signature_header(STRIPE_VEC_BODY.decode(), S, T)
        expect_equal("Stripe-Signature", sig, expected)

    def fwd_unicode_now():
        h, out = hook_sign("stripe", [S], uni, "--timestamp", str(NOW))
        sig = need(h, out, "Stripe-Signature")
        ev = stripe.Webhook.construct_event(UNI_JSON, sig, S)  # default 300 s tolerance
        expect_equal("event id", ev["id"], "evt_unicode_1")

    def fwd_rotation():
        h, out = hook_sign("stripe", [S, S2], uni, "--timestamp", str(T))
        sig = need(h, out, "Stripe-Signature")
        v1 = [p for p in sig.split(",") if p.startswith("v1=")]
        if len(v1) != 2:
            raise CheckError(f"expected two v1= entries, got {sig!r}")
        stripe.WebhookSignature.verify_header(UNI_JSON, sig, S, tolerance=None)
        stripe.WebhookSignature.verify_header(UNI_JSON, sig, S2, tolerance=None)

    def rev(path, body, secret, ts):
        hdr = stripe.WebhookSignature.generate_signature_header(body.decode("utf-8"), secret, ts)
        return [("Stripe-Signature", hdr)]

    def rev_vector():
        hs = rev(vec, STRIPE_VEC_BODY, S, T)
        expect_verify(0, "stripe", S, vec, hs, "--now", str(T), headers_file=True)

    def rev_unicode():
        hs = rev(uni, UNI_JSON, S, NOW)
        expect_verify(0, "stripe", S, uni, hs, "--now", str(NOW), headers_file=True)

    def rev_wrong_secret():
        hs = rev(uni, UNI_JSON, S, NOW)
        expect_verify(1, "stripe", "whsec_wrong", uni, hs, "--now", str(NOW), headers_file=True)

    def rev_rotation():
        # Stripe signs with every active secret: t=..,v1=<old>,v1=<new>
        a = stripe.WebhookSignature.generate_signature_header(UNI_JSON.decode(), S2, NOW)
        b = stripe.WebhookSignature.generate_signature_header(UNI_JSON.decode(), S, NOW)
        hdr = a + "," + b.split(",", 1)[1]
        expect_verify(0, "stripe", S, uni, [("Stripe-Signature", hdr)], "--now", str(NOW), headers_file=True)

    check("stripe", "hook sign (SIGNATURES.md vector, t=1492774577) accepted by stripe-python verify_header and equals generate_signature_header", fwd_vector)
    check("stripe", "hook sign (unicode body, trailing newline, now) accepted by stripe-python construct_event", fwd_unicode_now)
    check("stripe", "hook sign with two --secret (two v1=) accepted by stripe-python with either secret", fwd_rotation)
    check("stripe", "stripe-python generate_signature_header (vector) accepted by hook verify --headers-file", rev_vector)
    check("stripe", "stripe-python generate_signature_header (unicode body) accepted by hook verify", rev_unicode)
    check("stripe", "hook verify rejects stripe-python signature with wrong secret (exit 1)", rev_wrong_secret)
    check("stripe", "hook verify accepts stripe-python rotation header (v1 old, v1 new)", rev_rotation)

    def rev_uppercase():
        hdr = stripe.WebhookSignature.generate_signature_header(UNI_JSON.decode(), S, NOW)
        t, v1 = hdr.split(",", 1)
        key, hexsig = v1.split("=", 1)
        upper = f"{t},{key}={hexsig.upper()}"
        try:
            stripe.WebhookSignature.verify_header(UNI_JSON, upper, S, tolerance=None)
        except Exception as e:  # the error class moved between stripe-python versions
            if "SignatureVerification" not in type(e).__name__:
                raise
        else:
            raise CheckError(f"stripe-python accepted the uppercase-hex {upper!r}; this check expects it to reject")
        expect_verify(1, "stripe", S, uni, [("Stripe-Signature", upper)], "--now", str(NOW), headers_file=True)

    check("stripe", "stripe-python rejects an uppercase-hex v1, and so does hook verify (exit 1)", rev_uppercase)


# ---------------------------------------------------------------- standard webhooks / svix
SW_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
SW_WRONG = "whsec_" + "QUJDREVGR0hJSktMTU5PUFFSU1RVVldY"  # base64 of 24 other bytes


def sw_like_checks(name, provider, WebhookCls, libname, hid, hts, hsig, verify):
    uni = body_file(UNI_JSON)
    vec = body_file(SW_VEC_BODY)
    msg_id = "msg_2abcDEFghiJKLmnoPQRstuVW"

    def fwd_vector():
        vid, vts = "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330
        h, out = hook_sign(provider, [SW_SECRET], vec, "--timestamp", str(vts), "--id", vid)
        got_id, got_ts, sig = need(h, out, hid, hts, hsig)
        expect_equal(hid, got_id, vid)
        expect_equal(hts, got_ts, str(vts))
        lib = WebhookCls(SW_SECRET).sign(vid, utc(vts), SW_VEC_BODY.decode())
        expect_equal(f"{hsig} (vs {libname} sign())", sig, lib)
        expect_equal(f"{hsig} (vs spec vector)", sig, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")

    def fwd_now():
        h, out = hook_sign(provider, [SW_SECRET], uni, "--timestamp", str(NOW), "--id", msg_id)
        got_id, got_ts, sig = need(h, out, hid, hts, hsig)
        verify(WebhookCls(SW_SECRET), UNI_JSON, {hid: got_id, hts: got_ts, hsig: sig})

    def lib_headers(secret, body, ts, case=str):
        sig = WebhookCls(secret).sign(msg_id, utc(ts), body.decode("utf-8"))
        return [(case(hid), msg_id), (case(hts), str(ts)), (case(hsig), sig)]

    def rev_now():
        expect_verify(0, provider, SW_SECRET, uni, lib_headers(SW_SECRET, UNI_JSON, NOW), "--now", str(NOW))

    def rev_title_case():
        hs = lib_headers(SW_SECRET, UNI_JSON, NOW, case=lambda s: "-".join(p.capitalize() for p in s.split("-")))
        expect_verify(0, provider, SW_SECRET, uni, hs, "--now", str(NOW), headers_file=True)

    def rev_wrong():
        expect_verify(1, provider, SW_WRONG, uni, lib_headers(SW_SECRET, UNI_JSON, NOW), "--now", str(NOW))

    def rev_multi():
        bad = WebhookCls(SW_WRONG).sign(msg_id, utc(NOW), UNI_JSON.decode())
        good = WebhookCls(SW_SECRET).sign(msg_id, utc(NOW), UNI_JSON.decode())
        hs = [(hid, msg_id), (hts, str(NOW)), (hsig, bad + " " + good)]
        expect_verify(0, provider, SW_SECRET, uni, hs, "--now", str(NOW))

    check(name, f"hook sign (spec vector msg_p5jXN8AQM9LWM0D4loKWxJek/1614265330) equals {libname} sign() and the vector", fwd_vector)
    check(name, f"hook sign (unicode body, trailing newline, now) accepted by {libname} verify", fwd_now)
    check(name, f"{libname} sign() accepted by hook verify", rev_now)
    check(name, f"{libname} sign() with Title-Case header names via --headers-file accepted by hook verify", rev_title_case)
    check(name, f"hook verify rejects {libname} signature with wrong secret (exit 1)", rev_wrong)
    check(name, f"hook verify accepts space-separated list 'v1,<wrong> v1,<right>' from {libname}", rev_multi)


def standard_checks():
    from standardwebhooks.webhooks import Webhook

    sw_like_checks(
        "standard", "standard", Webhook, "standardwebhooks",
        "webhook-id", "webhook-timestamp", "webhook-signature",
        lambda wh, body, headers: wh.verify(body, headers, json_parse=False),
    )


def svix_checks():
    from svix.webhooks import Webhook

    sw_like_checks(
        "svix", "svix", Webhook, "svix",
        "svix-id", "svix-timestamp", "svix-signature",
        lambda wh, body, headers: wh.verify(body, headers),
    )


# ---------------------------------------------------------------- slack
def slack_checks():
    from slack_sdk.signature import SignatureVerifier

    S = "8f742231b10e8888abcd99yyyzzz85a5"
    VT = 1531420618

    class FixedClock:
        def __init__(self, t):
            self.t = t

        def now(self):
            return float(self.t)

    form = body_file(SLACK_FORM)
    uni = body_file(UNI_JSON)

    def fwd(path, body, ts, expected=None):
        def f():
            h, out = hook_sign("slack", [S], path, "--timestamp", str(ts))
            sig, got_ts = need(h, out, "X-Slack-Signature", "X-Slack-Request-Timestamp")
            expect_equal("X-Slack-Request-Timestamp", got_ts, str(ts))
            if expected:
                expect_equal("X-Slack-Signature", sig, expected)
            v = SignatureVerifier(S, clock=FixedClock(ts))
            if not v.is_valid_request(body, {"X-Slack-Signature": sig, "X-Slack-Request-Timestamp": got_ts}):
                raise CheckError(
                    f"slack-sdk rejected X-Slack-Signature {sig!r}; expected "
                    f"{v.generate_signature(timestamp=str(ts), body=body)!r}"
                )
        return f

    def rev(path, body, ts, secret, rc):
        def f():
            sig = SignatureVerifier(S, clock=FixedClock(ts)).generate_signature(timestamp=str(ts), body=body)
            hs = [("X-Slack-Signature", sig), ("X-Slack-Request-Timestamp", str(ts))]
            expect_verify(rc, "slack", secret, path, hs, "--now", str(ts))
        return f

    check("slack", "hook sign (docs vector form body, ts 1531420618) accepted by slack-sdk and equals the vector",
          fwd(form, SLACK_FORM, VT, "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"))
    check("slack", "hook sign (unicode JSON body, trailing newline) accepted by slack-sdk", fwd(uni, UNI_JSON, NOW))
    check("slack", "slack-sdk generate_signature (form body) accepted by hook verify", rev(form, SLACK_FORM, VT, S, 0))
    check("slack", "slack-sdk generate_signature (unicode JSON body) accepted by hook verify", rev(uni, UNI_JSON, NOW, S, 0))
    check("slack", "hook verify rejects slack-sdk signature with wrong secret (exit 1)",
          rev(uni, UNI_JSON, NOW, "0000000000wrongwrongwrong0000000", 1))

    def rev_uppercase():
        v = SignatureVerifier(S, clock=FixedClock(NOW))
        upper = "v0=" + v.generate_signature(timestamp=str(NOW), body=UNI_JSON)[3:].upper()
        hs = [("X-Slack-Signature", upper), ("X-Slack-Request-Timestamp", str(NOW))]
        if v.is_valid_request(UNI_JSON, dict(hs)):
            raise CheckError(f"slack-sdk accepted the uppercase-hex {upper!r}; this check expects it to reject")
        expect_verify(1, "slack", S, uni, hs, "--now", str(NOW))

    check("slack", "slack-sdk rejects an uppercase-hex signature, and so does hook verify (exit 1)", rev_uppercase)


# ---------------------------------------------------------------- twilio
def twilio_checks():
    import json

    from twilio.request_validator import RequestValidator

    TOKEN = "12345"
    URL = "https://mycompany.com/myapp.php?foo=1&bar=2"
    V = RequestValidator(TOKEN)

    def params_of(body: bytes) -> dict:
        return dict(parse_qsl(body.decode("utf-8"), keep_blank_values=True))

    def hook_sign_json(path):
        """hook sign --format json -> (headers lowercased, url)."""
        args = ["sign", "--provider", "twilio", "--secret", TOKEN, "--url", URL, "--format", "json", path]
        p = run_hook(args)
        if p.returncode != 0:
            raise CheckError(f"`hook {' '.join(args[:-1])} BODY` exited {p.returncode}: {one_line(p.stderr)}")
        try:
            obj = json.loads(p.stdout)
            headers = {k.lower(): v for k, v in obj["headers"].items()}
            url = obj.get("url")
        except Exception as e:
            raise CheckError(f"hook sign --format json output not {{headers, url}}: {e}; stdout: {p.stdout!r}")
        if "x-twilio-signature" not in headers:
            raise CheckError(f"no X-Twilio-Signature in JSON headers: {p.stdout!r}")
        return headers, url

    vec_form = body_file(TWILIO_FORM)
    uni_form = body_file(TWILIO_UNI_FORM)
    vec_json = body_file(TWILIO_VEC_JSON)
    uni_json = body_file(UNI_JSON)

    def fwd_form(path, body, expected=None):
        def f():
            h, out = hook_sign("twilio", [TOKEN], path, "--url", URL)
            sig = need(h, out, "X-Twilio-Signature")
            if expected:
                expect_equal("X-Twilio-Signature", sig, expected)
            if not V.validate(URL, params_of(body), sig):
                raise CheckError(
                    f"twilio rejected X-Twilio-Signature {sig!r}; expected {V.compute_signature(URL, params_of(body))!r}"
                )
        return f

    def fwd_json(path, body, expected=None):
        def f():
            h, url = hook_sign_json(path)
            sig = h["x-twilio-signature"]
            want_url = URL + "&bodySHA256=" + hashlib.sha256(body).hexdigest()
            expect_equal("url (with bodySHA256)", url, want_url)
            if expected:
                expect_equal("X-Twilio-Signature", sig, expected)
            if not V.validate(url, body.decode("utf-8"), sig):
                raise CheckError(f"twilio rejected {sig!r} for url {url!r}; expected {V.compute_signature(want_url, {})!r}")
        return f

    def rev_form(path, body, token, rc):
        def f():
            sig = V.compute_signature(URL, params_of(body))
            expect_verify(rc, "twilio", token, path, [("X-Twilio-Signature", sig)], "--url", URL)
        return f

    def rev_json(path, body, token, rc, tamper=False):
        def f():
            url = URL + "&bodySHA256=" + V.compute_hash(body.decode("utf-8"))
            sig = V.compute_signature(url, {})
            p = path
            if tamper:
                p = body_file(body.replace(b"value", b"VALUE").replace(b"Zo", b"ZO"))
            expect_verify(rc, "twilio", token, p, [("X-Twilio-Signature", sig)], "--url", url)
        return f

    check("twilio", "hook sign (docs vector form) accepted by twilio-python validate and equals 0/KCTR6DLpKmkAf8muzZqo1nDgQ=",
          fwd_form(vec_form, TWILIO_FORM, "0/KCTR6DLpKmkAf8muzZqo1nDgQ="))
    check("twilio", "hook sign (unicode form body) accepted by twilio-python validate", fwd_form(uni_form, TWILIO_UNI_FORM))
    check("twilio", "hook sign --format json (SDK JSON vector) url has bodySHA256, accepted by twilio-python, equals a9nBmqA0ju/hNViExpshrM61xv4=",
          fwd_json(vec_json, TWILIO_VEC_JSON, "a9nBmqA0ju/hNViExpshrM61xv4="))
    check("twilio", "hook sign --format json (unicode JSON, trailing newline) accepted by twilio-python", fwd_json(uni_json, UNI_JSON))
    check("twilio", "twilio-python compute_signature (docs vector form) accepted by hook verify", rev_form(vec_form, TWILIO_FORM, TOKEN, 0))
    check("twilio", "twilio-python compute_signature (unicode form) accepted by hook verify", rev_form(uni_form, TWILIO_UNI_FORM, TOKEN, 0))
    check("twilio", "hook verify rejects twilio-python form signature with wrong token (exit 1)", rev_form(vec_form, TWILIO_FORM, "54321", 1))
    check("twilio", "twilio-python signature over url?...&bodySHA256 (JSON vector) accepted by hook verify", rev_json(vec_json, TWILIO_VEC_JSON, TOKEN, 0))
    check("twilio", "twilio-python signature over url?...&bodySHA256 (unicode JSON) accepted by hook verify", rev_json(uni_json, UNI_JSON, TOKEN, 0))
    check("twilio", "hook verify rejects JSON body whose sha256 != bodySHA256 (exit 1)", rev_json(vec_json, TWILIO_VEC_JSON, TOKEN, 1, tamper=True))
    check("twilio", "hook verify rejects twilio-python JSON signature with wrong token (exit 1)", rev_json(uni_json, UNI_JSON, "54321", 1))


def main():
    groups = [stripe_checks, standard_checks, svix_checks, slack_checks, twilio_checks]
    global FAILED
    try:
        for g in groups:
            try:
                g()
            except Exception as e:  # e.g. library import failed
                FAILED += 1
                print(f"FAIL {g.__name__}: setup -- {type(e).__name__}: {one_line(str(e))}", flush=True)
    finally:
        shutil.rmtree(TMP, ignore_errors=True)
    return 1 if FAILED else 0


if __name__ == "__main__":
    sys.exit(main())
