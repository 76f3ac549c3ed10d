"""Server time and SQL query count of each request, as response headers (benchmark only)."""

import time

from django.db import connection


class ServerTimingMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        queries = 0

        def count(execute, sql, params, many, context):
            nonlocal queries
            queries += 1
            return execute(sql, params, many, context)

        started = time.perf_counter()
        with connection.execute_wrapper(count):
            response = self.get_response(request)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
        elapsed = (time.perf_counter() - started) * 1000
        response["X-Bench-Time-Ms"] = f"{elapsed:.2f}"
        response["X-Bench-Queries"] = str(queries)
        return response
