#!/usr/bin/env python3
"""Cross-check the later providers against their official Python libraries:
HubSpot (hubspot-api-client's Signature, v1/v2/v3) and SendGrid
(sendgrid's EventWebhook, ECDSA). Same directions and output as check.py,
whose helpers it uses. Run through tests/official/run.sh.
"""

import base64
import shutil
import sys

import check as common
from check import body_file, check, expect_verify, hook_sign, need, CheckError, NOW

HUBSPOT_SECRET = "yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy"
HUBSPOT_URI = "https://hooks.example.com/hubspot?portal=62515"
HUBSPOT_BODY = b'[{"eventId":1,"subscriptionType":"contact.creation","portalId":62515,"objectId":123}]'


def hubspot_checks():
    from hubspot.utils.signature import Signature

    path = body_file(HUBSPOT_BODY)
    text = HUBSPOT_BODY.decode()

    def forward(secret, body, expected):
        def run():
            ts_ms = str(NOW * 1000)
            headers, out = hook_sign("hubspot", [HUBSPOT_SECRET], path, "--url", HUBSPOT_URI, "--timestamp", str(NOW))
            sig, ts = need(headers, out, "X-HubSpot-Signature-v3", "X-HubSpot-Request-Timestamp")
            if ts != ts_ms:
                raise CheckError(f"timestamp {ts!r}, expected milliseconds {ts_ms!r}")
            ok = Signature.is_valid(sig, secret, body, HUBSPOT_URI, "POST", "v3", ts)
            if ok != expected:
                raise CheckError(f"Signature.is_valid returned {ok}, expected {expected}")

        return run

    check("hubspot", "hubspot-api-client accepts hook's v3 signature", forward(HUBSPOT_SECRET, text, True))
    check("hubspot", "hubspot-api-client rejects it for another body", forward(HUBSPOT_SECRET, text + " ", False))
    check("hubspot", "hubspot-api-client rejects it for another secret", forward("other", text, False))

    def forward_v1(secret, body, expected):
        def run():
            headers, out = hook_sign("hubspot", [HUBSPOT_SECRET], path, "--url", HUBSPOT_URI)
            sig, version = need(headers, out, "X-HubSpot-Signature", "X-HubSpot-Signature-Version")
            if version != "v1":
                raise CheckError(f"X-HubSpot-Signature-Version {version!r}, expected 'v1'")
            ok = Signature.is_valid(sig, secret, body, signature_version="v1")
            if ok != expected:
                raise CheckError(f"Signature.is_valid returned {ok}, expected {expected}")

        return run

    check("hubspot", "hubspot-api-client accepts the v1 signature hook sends beside v3", forward_v1(HUBSPOT_SECRET, text, True))
    check("hubspot", "hubspot-api-client rejects that v1 for another body", forward_v1(HUBSPOT_SECRET, text + " ", False))

    def reverse(version, secret, method, rc):
        def run():
            ts = str(NOW * 1000)
            sig = Signature.get_signature(HUBSPOT_SECRET, text, version, HUBSPOT_URI, method, ts)
            if version == "v3":
                headers = [("X-HubSpot-Signature-v3", sig), ("X-HubSpot-Request-Timestamp", ts)]
            else:
                headers = [("X-HubSpot-Signature", sig), ("X-HubSpot-Signature-Version", version)]
            extra = ["--url", HUBSPOT_URI, "--method", method]
            expect_verify(rc, "hubspot", secret, path, headers, *extra)

        return run

    for version in ["v1", "v2", "v3"]:
        check("hubspot", f"hook verify accepts a {version} signature from hubspot-api-client", reverse(version, HUBSPOT_SECRET, "POST", 0))
        check("hubspot", f"hook verify rejects it with a wrong secret (exit 1)", reverse(version, "other", "POST", 1))
    check("hubspot", "hook verify accepts a v3 signature of a PUT with --method PUT", reverse("v3", HUBSPOT_SECRET, "PUT", 0))


# An ECDSA P-256 key pair of our own (scalar: SHA-256 of "hook sendgrid test key").
SENDGRID_PRIVATE = "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg2NdCaIP6G2aJiOyH9j21tGcWcUtE9bfqYgRFusRPFi+hRANCAATZ6b2h+C2EXiYx8Cz0zsRDbeHr3YBE9iNeEBQCJ6qYFQROA/Gww+oj1w9LdufcO6evLjAAYEXMgfxu4+Jl3A9v"
SENDGRID_PUBLIC = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE2em9ofgthF4mMfAs9M7EQ23h692ARPYjXhAUAieqmBUETgPxsMPqI9cPS3bn3Dunry4wAGBFzIH8buPiZdwPbw=="
# SIGNATURES.md §16: the SDK tests' public key (its private key is not published).
SENDGRID_SDK_PUBLIC = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEEDr2LjtURuePQzplybdC+u4CwrqDqBaWjcMMsTbhdbcwHBcepxo7yAQGhHPTnlvFYPAZFceEu/1FwCM/QmGUhA=="
SENDGRID_BODY = b'[{"email":"ada@example.com","event":"delivered","sg_event_id":"ev-1"}]\r\n'


def sendgrid_checks():
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from sendgrid.helpers.eventwebhook import EventWebhook

    path = body_file(SENDGRID_BODY)
    text = SENDGRID_BODY.decode()

    def forward(public, body, expected):
        def run():
            headers, out = hook_sign("sendgrid", [SENDGRID_PRIVATE], path, "--timestamp", str(NOW))
            sig, ts = need(headers, out, "X-Twilio-Email-Event-Webhook-Signature", "X-Twilio-Email-Event-Webhook-Timestamp")
            ok = EventWebhook(public).verify_signature(body, sig, ts)
            if ok != expected:
                raise CheckError(f"EventWebhook.verify_signature returned {ok}, expected {expected}")

        return run

    check("sendgrid", "sendgrid EventWebhook accepts hook's signature (body ends in CRLF)", forward(SENDGRID_PUBLIC, text, True))
    check("sendgrid", "sendgrid EventWebhook rejects it for another body", forward(SENDGRID_PUBLIC, text.rstrip(), False))
    check("sendgrid", "sendgrid EventWebhook rejects it for another key", forward(SENDGRID_SDK_PUBLIC, text, False))

    def reverse(public, rc):
        def run():
            key = serialization.load_der_private_key(base64.b64decode(SENDGRID_PRIVATE), None)
            ts = str(NOW)
            sig = key.sign(ts.encode() + SENDGRID_BODY, ec.ECDSA(hashes.SHA256()))
            headers = [
                ("X-Twilio-Email-Event-Webhook-Signature", base64.b64encode(sig).decode()),
                ("X-Twilio-Email-Event-Webhook-Timestamp", ts),
            ]
            if not EventWebhook(SENDGRID_PUBLIC).verify_signature(text, headers[0][1], ts):
                raise CheckError("the official library rejects the signature made for this check")
            expect_verify(rc, "sendgrid", public, path, headers)

        return run

    check("sendgrid", "hook verify accepts a signature the official library accepts", reverse(SENDGRID_PUBLIC, 0))
    check("sendgrid", "hook verify rejects it under another public key (exit 1)", reverse(SENDGRID_SDK_PUBLIC, 1))


def main():
    groups = [hubspot_checks, sendgrid_checks]
    try:
        for g in groups:
            try:
                g()
            except Exception as e:  # e.g. library import failed
                common.FAILED += 1
                print(f"FAIL {g.__name__}: setup -- {type(e).__name__}: {common.one_line(str(e))}", flush=True)
    finally:
        shutil.rmtree(common.TMP, ignore_errors=True)
    return 1 if common.FAILED else 0


if __name__ == "__main__":
    sys.exit(main())
