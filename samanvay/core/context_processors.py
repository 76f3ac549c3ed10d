from samanvay.accounts import rules


def samanvay(request):
    """What every page's frame needs: the unread count and which registry sections to show."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or getattr(request, "owes_second_factor", False):
        return {"unread_count": 0, "show_menu": False}
    from samanvay.notify.selectors import unread_count

    return {
        "show_menu": True,
        "unread_count": unread_count(user),
        "nav": {
            section: rules.can_open(user, section)
            for section in ("districts", "police_units", "ngos", "people", "samitis", "audit")
        }
        | {
            "campaigns": True,
            "reports": rules.can_report_activities(user),
            "meetings": rules.can_see_meetings(user),
            "dashboard": rules.can_see_dashboard(user),
        },
    }
