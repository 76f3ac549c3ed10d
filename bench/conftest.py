"""The benchmarks reuse the test cast (samanvay/conftest.py) and the browser fixtures
(samanvay/e2e/conftest.py)."""

from samanvay.campaigns.tests.conftest import period, plans  # noqa: F401
from samanvay.conftest import campaigns, reference_data, world  # noqa: F401
from samanvay.e2e.conftest import (  # noqa: F401
    _wsgi_server,
    browser,
    new_page,
    page,
    sign_in,
    site,
)
