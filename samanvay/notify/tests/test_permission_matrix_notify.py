"""Every role × every page of the notification settings (same shape as the other matrices).
Each person has only their own settings: every signed-in role may open and save them. The
WhatsApp webhook answers no one without WhatsApp's token or signature (test_whatsapp_webhook.py)."""

import pytest
from django.urls import reverse

from samanvay.core.testing import check_access, matrix_cases

MATRIX = [
    ("GET", "notify:settings", None, 302, 200, 200, 200, 200, 200),
    ("POST", "notify:settings", None, 302, 302, 302, 302, 302, 302),
]


@pytest.mark.parametrize(("method", "name", "obj", "role", "expected"), matrix_cases(MATRIX))
def test_access(world, client, login_as, method, name, obj, role, expected):
    check_access(
        world=world,
        client=client,
        login_as=login_as,
        method=method,
        url=reverse(name),
        role=role,
        expected=expected,
    )
