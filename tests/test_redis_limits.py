"""The README's multi-process set-up: with RATELIMIT_STORAGE_URI=redis://… the app starts
(the `redis` client is installed) and the log-in limit is one counter shared by every
process, kept in Redis. Needs the Redis server of the test machine (127.0.0.1:6379, db 15)."""

import multiprocessing
import secrets

import redis

from app import create_app
from app.config import TestConfig
from tests.conftest import Client

REDIS_URI = "redis://127.0.0.1:6379/15"


def _redis():
    client = redis.Redis.from_url(REDIS_URI)
    client.ping()  # fails loudly when the server is not running
    return client


def _tries(database_url: str, prefix: str, count: int, out) -> None:
    """Another app process: `count` wrong log-ins from the same address; their statuses."""

    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = database_url
        RATELIMIT_STORAGE_URI = REDIS_URI
        RATELIMIT_KEY_PREFIX = prefix
        LOGIN_RATE_LIMIT = "3 per 10 minutes"

    child = create_app(Config)
    client = Client(child.test_client())
    statuses = []
    with child.app_context():
        for _ in range(count):
            response = client.post("/connexion", {"matricule": "INCONNU1", "password": "pas le bon"})
            statuses.append(response.status_code)
    out.put(statuses)


def _run(context, database_url: str, prefix: str, count: int) -> list[int]:
    out = context.Queue()
    process = context.Process(target=_tries, args=(database_url, prefix, count, out))
    process.start()
    statuses = out.get(timeout=120)
    process.join(timeout=60)
    assert process.exitcode == 0
    return statuses


def test_two_processes_share_the_login_limit_in_redis(database_url):
    client = _redis()
    prefix = f"atc-test-{secrets.token_hex(4)}"
    context = multiprocessing.get_context("spawn")
    try:
        first = _run(context, database_url, prefix, 2)
        assert first == [422, 422]  # wrong password, told so, still allowed
        assert client.keys(f"*{prefix}*"), "the counter lives in Redis"
        second = _run(context, database_url, prefix, 2)
        # The other process counts the first one's tries: one more allowed, then refused.
        assert second == [422, 429]
    finally:
        for key in client.scan_iter(f"*{prefix}*"):
            client.delete(key)
