"""The main pages of Samanvay and who opens them, for the accessibility and weight checks.

Each entry: (path, persona). The path may name `{plan}` (the published Srijan plan) or
`{district}` (Bhopal's census code); the persona is an attribute of the `world` fixture, or None
for a page anyone may open. Add a row when a new main page lands.
"""

MAIN_PAGES = [
    ("/accounts/sign-in/", None),
    ("/accounts/password/reset/", None),
    ("/", "member_a"),
    ("/", "officer_bhopal"),
    ("/", "branch"),
    ("/reports/", "officer_bhopal"),
    ("/reports/new/", "member_a"),
    ("/campaigns/", "coord_a"),
    ("/campaigns/plans/{plan}/", "branch"),
    ("/meetings/", "officer_bhopal"),
    ("/meetings/new/", "officer_bhopal"),
    ("/meetings/action-items/", "member_a"),
    ("/inbox/", "member_a"),
    ("/registry/ngos/", "branch"),
    ("/registry/districts/{district}/", "officer_bhopal"),
    ("/accounts/me/", "coord_a"),
]
