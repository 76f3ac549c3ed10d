"""Every role × every URL of the group × a group in and out of reach, with the status each must
get (same shape as the registry's matrix).

Objects: "bhopal" is the Bhopal district group (officer_bhopal, coord_a and member_a are members;
the branch supervises every group); "indore" is Indore's (none of the personas but the branch).
A group outside a user's reach answers 404; an action they may not take in a group they can open
answers 403. Observers belong to no group."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from samanvay.channel import services
from samanvay.channel.tests.conftest import phone_photo
from samanvay.conftest import make_user
from samanvay.core.testing import check_access, matrix_cases

MATRIX = [
    ("GET", "channel:group_list", None, 302, 200, 200, 200, 200, 403),
    ("GET", "channel:search", None, 302, 200, 200, 200, 200, 403),
    ("POST", "channel:search", None, 302, 200, 200, 200, 200, 403),
    ("GET", "channel:group_detail", "bhopal", 302, 200, 200, 200, 200, 404),
    ("POST", "channel:group_detail", "bhopal", 302, 200, 200, 200, 200, 404),
    ("GET", "channel:group_detail", "indore", 302, 200, 404, 404, 404, 404),
    ("POST", "channel:group_detail", "indore", 302, 200, 404, 404, 404, 404),
    ("GET", "channel:messages_after", "bhopal", 302, 200, 200, 200, 200, 404),
    ("GET", "channel:messages_after", "indore", 302, 200, 404, 404, 404, 404),
    ("POST", "channel:mark_read", "bhopal", 302, 204, 204, 204, 204, 404),
    ("GET", "channel:mark_read", "bhopal", 302, 405, 405, 405, 405, 405),
    ("GET", "channel:group_members", "bhopal", 302, 200, 200, 200, 200, 404),
    ("POST", "channel:group_members", "bhopal", 302, 200, 403, 403, 403, 404),
    ("GET", "channel:group_members", "indore", 302, 200, 404, 404, 404, 404),
    ("POST", "channel:member_remove", "bhopal_member", 302, 302, 403, 403, 403, 404),
    ("POST", "channel:member_remove", "indore_member", 302, 302, 404, 404, 404, 404),
    ("GET", "channel:member_remove", "bhopal_member", 302, 405, 405, 405, 405, 405),
    ("GET", "channel:message_hide", "bhopal_message", 302, 200, 403, 403, 403, 404),
    ("POST", "channel:message_hide", "bhopal_message", 302, 200, 403, 403, 403, 404),
    ("GET", "channel:message_hide", "indore_message", 302, 200, 404, 404, 404, 404),
    ("POST", "channel:message_pin", "bhopal_message", 302, 302, 403, 403, 403, 404),
    ("POST", "channel:message_pin", "indore_message", 302, 302, 404, 404, 404, 404),
    ("GET", "channel:message_pin", "bhopal_message", 302, 405, 405, 405, 405, 405),
    ("GET", "channel:message_photo", "bhopal_message", 302, 200, 200, 200, 200, 404),
    ("GET", "channel:message_photo", "indore_message", 302, 200, 404, 404, 404, 404),
    ("GET", "channel:message_thumbnail", "bhopal_message", 302, 200, 200, 200, 200, 404),
    ("GET", "channel:message_thumbnail", "indore_message", 302, 200, 404, 404, 404, 404),
]

CASES = matrix_cases(MATRIX)


@pytest.fixture
def objects(world, groups):
    from samanvay.activities.photos import clean_photo

    photo = clean_photo(ContentFile(phone_photo(), name="p.jpg"))
    found = {"bhopal": groups.bhopal, "indore": groups.indore}
    for key, group, author, guest in (
        ("bhopal", groups.bhopal, world.officer_bhopal, world.officer_indore),
        (
            "indore",
            groups.indore,
            world.officer_indore,
            make_user("guest", "ngo_member", ngo=world.ngo_b),
        ),
    ):
        found[f"{key}_message"] = services.post_message(
            actor=author, group=group, text="Camp list", photo=photo
        )
        found[f"{key}_member"] = services.add_member(actor=world.branch, group=group, user=guest)
    return found


def url_for(objects, name: str, obj: str | None) -> str:
    if obj is None:
        return reverse(name)
    if obj.endswith("_message"):
        message = objects[obj]
        return reverse(name, args=[message.group_id, message.pk])
    if obj.endswith("_member"):
        member = objects[obj]
        return reverse(name, args=[member.group_id, member.pk])
    url = reverse(name, args=[objects[obj].pk])
    return url + "?after=0" if name == "channel:messages_after" else url


@pytest.mark.parametrize(("method", "name", "obj", "role", "expected"), CASES)
def test_permission_matrix(world, objects, client, login_as, method, name, obj, role, expected):
    check_access(
        world=world,
        client=client,
        login_as=login_as,
        method=method,
        url=url_for(objects, name, obj),
        role=role,
        expected=expected,
    )
