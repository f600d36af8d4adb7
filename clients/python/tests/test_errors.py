"""Typed errors from a live Baton (auth on, a small admission limit): each refusal's code, status, request id and Retry-After."""
import base64
import hashlib
import hmac
import json
import time
import unittest
import uuid

from support import BatonServer, one_step

from baton_worker import BatonClient, BatonError, RetryPolicy, Worker

SECRET = "a-test-secret-of-at-least-32-bytes-long"
NO_RETRY = RetryPolicy(deadline=0)


def token(scope: str) -> str:
    """An HS256 JWT with this ``scope`` claim, valid for an hour."""
    def part(obj: dict) -> str:
        return base64.urlsafe_b64encode(json.dumps(obj).encode()).rstrip(b"=").decode()
    signed = part({"alg": "HS256", "typ": "JWT"}) + "." + part({"sub": "py-test", "scope": scope, "exp": int(time.time()) + 3600})
    mac = hmac.new(SECRET.encode(), signed.encode(), hashlib.sha256).digest()
    return signed + "." + base64.urlsafe_b64encode(mac).rstrip(b"=").decode()


class TypedErrorsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls) -> None:
        cls.server = BatonServer(env={"BATON_AUTH_HS256_SECRET": SECRET, "BATON_ADMISSION_LIMIT": "2"})
        cls.admin = BatonClient(cls.server.url, token=token("tasks:read tasks:write templates:write admin"), retry=NO_RETRY)
        # No worker serves this handler: its tasks stay ready, filling the backlog for the 429.
        cls.admin.register_template(one_step("pye", "pye.nobody"))

    @classmethod
    def tearDownClass(cls) -> None:
        cls.admin.close()
        cls.server.stop()

    def refusal(self, call, status: int, code: str) -> BatonError:
        with self.assertRaises(BatonError) as caught:
            call()
        exc = caught.exception
        self.assertEqual((exc.status, exc.code), (status, code), exc.message)
        self.assertIsInstance(exc.request_id, str)
        self.assertTrue(exc.request_id)
        self.assertTrue(exc.message)
        return exc

    def test_400_invalid_request_names_the_field(self) -> None:
        exc = self.refusal(lambda: self.admin.list(limit=-1), 400, "invalid_request")
        self.assertIsNone(exc.retry_after)
        self.assertIn("limit", json.dumps(exc.details) + exc.message)

    def test_401_without_a_token_and_403_without_the_scope(self) -> None:
        with BatonClient(self.server.url, retry=NO_RETRY) as anonymous:
            self.refusal(lambda: anonymous.get(str(uuid.uuid4())), 401, "unauthorized")
        with BatonClient(self.server.url, token=token("tasks:read")) as reader:
            exc = self.refusal(lambda: reader.submit("pye", "one"), 403, "forbidden")
        self.assertIsNone(exc.retry_after)

    def test_404_carries_the_request_id_the_client_sent(self) -> None:
        exc = self.refusal(lambda: self.admin.submit("pye", "missing", correlation_id="corr-404"), 404, "not_found")
        self.assertEqual(exc.request_id, "corr-404")
        self.assertEqual(exc.details["template"]["name"], "missing")

    def test_409_conflict(self) -> None:
        changed = one_step("pye", "pye.other")
        self.refusal(lambda: self.admin.register_template(changed), 409, "conflict")

    def test_413_payload_too_large_is_read_not_lost(self) -> None:
        big = {"blob": "x" * (2 * 1024 * 1024)}
        for _ in range(3):
            self.refusal(lambda: self.admin.submit("pye", "one", big), 413, "payload_too_large")

    def test_429_overloaded_with_retry_after_once_the_backlog_is_over_the_limit(self) -> None:
        ids = [self.admin.submit("pye", "one")["id"] for _ in range(3)]
        # Cancelled afterwards: the other tests' submissions are admitted again.
        self.addCleanup(lambda: [self.admin.cancel(i) for i in ids])
        time.sleep(1.1)  # the server counts its backlog at most once a second
        exc = self.refusal(lambda: self.admin.submit("pye", "one"), 429, "overloaded")
        self.assertIsInstance(exc.retry_after, float)
        self.assertGreater(exc.retry_after, 0)
        self.assertTrue(exc.transient)

    def test_a_worker_refused_at_registration_stops_at_once_instead_of_waiting(self) -> None:
        worker = Worker(self.server.url, name="no-token")
        worker.handler("pye.x")(lambda ctx: None)
        started = time.monotonic()
        with self.assertRaises(BatonError) as caught:
            worker.run()
        self.assertEqual((caught.exception.status, caught.exception.code), (401, "unauthorized"))
        self.assertLess(time.monotonic() - started, 5)


if __name__ == "__main__":
    unittest.main()
