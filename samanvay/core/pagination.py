from django.conf import settings
from django.core.paginator import Page, Paginator


def paginate(request, queryset, per_page: int | None = None, *, data=None) -> Page:
    """The requested page of a list (`page` in the address, or in `data`: a search sent by
    POST); a page number past the end shows the last page."""
    paginator = Paginator(queryset, per_page or settings.REGISTRY_PAGE_SIZE)
    return paginator.get_page((request.GET if data is None else data).get("page"))
