"""Settings of the benchmark only: production settings plus a middleware that reports each
request's server time and SQL query count in response headers. Never used by the app itself."""

from samanvay.settings import *  # noqa: F403

MIDDLEWARE = ["bench.middleware.ServerTimingMiddleware", *MIDDLEWARE]  # noqa: F405
