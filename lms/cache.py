"""Django's Redis cache, with one Redis client per connection pool, and a raw read of many keys.

Django's own backend makes a new `redis.Redis` for every operation, and each sets up its table
of about 170 response callbacks: a kept page (lms.page_cache) costs three operations, so that
was a noticeable share of it. redis-py's clients are safe to share between threads.

A kept page is used again only while dozens of versions are unchanged; `raw_get_many` reads them
as stored (one MGET of keys made once, nothing unpickled), to be compared with the bytes read
when it was drawn.
"""

from __future__ import annotations

from django.core.cache.backends import redis as django_redis


class RedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, object] = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients.setdefault(id(pool), self._client(connection_pool=pool))
        return client


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params) -> None:
        super().__init__(server, params)
        self._class = RedisCacheClient

    def raw_keys(self, keys: list[str]) -> list[str]:
        """`keys` as stored in Redis (the cache's prefix and version added)."""
        return [self.make_key(key) for key in keys]

    def raw_get_many(self, raw_keys: list[str]) -> list[bytes | None]:
        """What is stored under `raw_keys` (from `raw_keys()`), as stored."""
        return self._cache.get_client().mget(raw_keys)

    def stored_form(self, value) -> bytes:
        """`value` as `set` stores it: what `raw_get_many` reads back."""
        return self._cache._serializer.dumps(value)

    def add_many(self, data: dict, timeout=None) -> None:
        """`add` of every key (set where none is stored, never replaced) in one round trip:
        the versions a first page asks for are made hundreds at a time on a new Redis."""
        client = self._cache.get_client(write=True)
        pipeline = client.pipeline(transaction=False)
        for key, value in data.items():
            pipeline.set(self.make_and_validate_key(key), self._cache._serializer.dumps(value),
                         nx=True, ex=self.get_backend_timeout(timeout))  # fmt: skip
        pipeline.execute()
