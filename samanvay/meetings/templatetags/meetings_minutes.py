"""Tags for the fragments of decisions and "my action items", so any page can include them with
only `meeting` or the signed-in user in its context."""

from django import template

from samanvay.accounts import rules
from samanvay.meetings import action_items

register = template.Library()

URGENT_SHOWN = 3


@register.simple_tag
def decisions_progress(meeting, user):
    """{"rows": [DecisionProgress...], "can_manage": bool} for the meeting page."""
    return {
        "rows": action_items.decisions_with_progress(meeting),
        "can_manage": rules.can_manage_meeting(user, meeting),
    }


@register.simple_tag
def my_action_items_summary(user):
    """{"count": open items the user owns, "urgent": the 3 most urgent}."""
    items = action_items.open_action_items_for(user)
    count = items.count()
    urgent = action_items.mark_overdue(items[:URGENT_SHOWN]) if count else []
    return {"count": count, "urgent": urgent}
