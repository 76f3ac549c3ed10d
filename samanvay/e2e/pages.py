"""The main pages of Samanvay and who opens them, for the accessibility and weight checks.

Each entry: (path, persona). The path may name `{plan}` (the published Srijan plan),
`{district}` (Bhopal's census code), `{group}` (Bhopal's district group, with a message) or
`{referral}` (the code of a referral raised in Bhopal by NGO A's coordinator); the persona is an
attribute of the `world` fixture, or None for a page anyone may open. Add a row when a new main
page lands.
"""

MAIN_PAGES = [
    ("/", None),
    ("/accounts/sign-in/", None),
    ("/accounts/password/reset/", None),
    ("/referrals/tip/", None),
    ("/referrals/tip/status/", None),
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
    ("/group/", "member_a"),
    ("/group/{group}/", "member_a"),
    ("/referrals/", "officer_bhopal"),
    ("/referrals/{referral}/", "officer_bhopal"),
    ("/referrals/new/", "coord_a"),
    ("/referrals/services/", "officer_bhopal"),
    ("/dashboard/", "branch"),
    ("/dashboard/", "officer_bhopal"),
    ("/dashboard/monthly/", "branch"),
    ("/inbox/", "member_a"),
    ("/inbox/settings/", "member_a"),
    ("/registry/ngos/", "branch"),
    ("/registry/districts/{district}/", "officer_bhopal"),
    ("/accounts/me/", "coord_a"),
    ("/audit/", "branch"),
]
