from samanvay.accounts import rules


def samanvay(request):
    """What every page's frame needs: the unread count and which registry sections to show."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or getattr(request, "owes_second_factor", False):
        return {"unread_count": 0, "show_menu": False}
    from samanvay.channel.selectors import total_unread
    from samanvay.notify.selectors import unread_count

    group_unread = total_unread(user)

    return {
        "show_menu": True,
        "unread_count": unread_count(user),
        # None when the user belongs to no group (no link); else the unread messages.
        "group_unread": group_unread,
        "nav": {
            section: rules.can_open(user, section)
            for section in ("districts", "police_units", "ngos", "people", "samitis", "audit")
        }
        | {
            "campaigns": True,
            "reports": rules.can_report_activities(user),
            "meetings": rules.can_see_meetings(user),
            "referrals": rules.can_see_referrals(user),
            "group": group_unread is not None or rules.supervises_groups(user),
            "dashboard": rules.can_see_dashboard(user),
        },
    }
