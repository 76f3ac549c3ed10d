from django.http import HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header


def file_download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    """An exported file as an attachment. Exports hold registry and activity data: not for shared
    caches, not kept by the browser."""
    response = HttpResponse(
        content,
        content_type=content_type,
        headers={"Content-Disposition": content_disposition_header(True, filename)},
    )
    patch_cache_control(response, private=True, no_store=True)
    return response
