"""Campaign pages and the plan editor. Views parse, ask `rules`, call a selector or service,
and render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from samanvay.accounts import rules
from samanvay.campaigns import selectors, services
from samanvay.campaigns.forms import (
    PartnerForm,
    PhaseFormSet,
    PlanForm,
    PublishForm,
    TargetForm,
    target_initial,
)
from samanvay.campaigns.models import Campaign, CampaignPlan
from samanvay.campaigns.versions import compare, plan_snapshot
from samanvay.directory.models import District

GET_POST = ["GET", "POST"]


def _plan_for_planner(request, pk: int, *, full: bool = False) -> CampaignPlan:
    """A plan the user can see (else 404) and may change (else 403)."""
    plan = selectors.get_plan_for_user(request.user, pk, full=full)
    if not rules.can_plan_campaigns(request.user):
        raise PermissionDenied
    return plan


def _form_errors_message(request) -> None:
    messages.error(request, _("Please correct the marked fields. Nothing was saved yet."))


# --- campaigns ---------------------------------------------------------------------------------


@login_required
def campaign_list(request):
    campaigns = list(selectors.campaigns_visible_to(request.user))
    counts = selectors.plan_counts(request.user)
    for campaign in campaigns:
        campaign.plan_count = counts.get(campaign.pk, 0)
    return render(
        request,
        "campaigns/campaign_list.html",
        {
            "campaigns": [c for c in campaigns if c.kind == Campaign.Kind.CAMPAIGN],
            "programmes": [c for c in campaigns if c.kind == Campaign.Kind.PROGRAMME],
        },
    )


@login_required
def campaign_detail(request, code: str):
    campaign = selectors.get_campaign_for_user(request.user, code)
    return render(
        request,
        "campaigns/campaign_detail.html",
        {
            "campaign": campaign,
            "plans": selectors.plans_visible_to(request.user, campaign=campaign),
            "can_plan": rules.can_plan_campaigns(request.user),
        },
    )


# --- the plan editor ---------------------------------------------------------------------------


def _plan_form_page(request, *, plan: CampaignPlan, title: str):
    form = PlanForm(request.POST or None, instance=plan)
    phases = PhaseFormSet(request.POST or None, instance=plan, prefix="phases")
    if request.method == "POST":
        form_ok = form.is_valid()
        phases.period = form.period
        if form_ok and phases.is_valid():
            creating = plan.pk is None
            plan = services.save_plan(actor=request.user, form=form, phases=phases)
            messages.success(
                request,
                _("The plan has been created. Now set the district targets.")
                if creating
                else _("Your changes have been saved."),
            )
            return redirect(
                "campaigns:plan_targets" if creating else "campaigns:plan_detail", plan.pk
            )
        _form_errors_message(request)
    return render(
        request,
        "campaigns/plan_form.html",
        {"form": form, "phases": phases, "plan": plan, "campaign": plan.campaign, "title": title},
    )


@login_required
@require_http_methods(GET_POST)
def plan_create(request, code: str):
    campaign = selectors.get_campaign_for_user(request.user, code)
    if not rules.can_plan_campaigns(request.user):
        raise PermissionDenied
    return _plan_form_page(request, plan=services.new_plan(campaign), title=_("New plan"))


@login_required
@require_http_methods(GET_POST)
def plan_edit(request, pk: int):
    plan = _plan_for_planner(request, pk)
    return _plan_form_page(request, plan=plan, title=_("Edit plan"))


@login_required
@require_http_methods(GET_POST)
def plan_targets(request, pk: int):
    """All districts in one compact table (a large screen), each row linking to its own page."""
    plan = _plan_for_planner(request, pk, full=True)
    existing = {t.district_id: t for t in plan.targets.all()}
    rows = [
        TargetForm(
            request.POST or None,
            district=district,
            prefix=f"d{district.code}",
            initial=target_initial(existing.get(district.pk)),
        )
        for district in selectors.districts_for_choice()
    ]
    if request.method == "POST":
        if all(row.is_valid() for row in rows):
            changed = {row.district: row.values() for row in rows if row.has_changed()}
            services.set_district_targets(actor=request.user, plan=plan, targets=changed)
            messages.success(request, _("The targets have been saved."))
            return redirect("campaigns:plan_detail", plan.pk)
        _form_errors_message(request)
    return render(
        request,
        "campaigns/plan_targets.html",
        {"plan": plan, "rows": rows, "has_target": existing},
    )


@login_required
@require_http_methods(GET_POST)
def plan_target_edit(request, pk: int, code: int):
    """One district's target: a small form for a phone."""
    plan = _plan_for_planner(request, pk, full=True)
    district = get_object_or_404(District, code=code)
    target = next((t for t in plan.targets.all() if t.district_id == district.pk), None)
    form = TargetForm(
        request.POST or None,
        district=district,
        prefix="t",
        initial=target_initial(target),
    )
    if request.method == "POST":
        if form.is_valid():
            services.set_district_targets(
                actor=request.user, plan=plan, targets={district: form.values()}
            )
            messages.success(request, _("The target has been saved."))
            return redirect("campaigns:plan_district", plan.pk, district.code)
        _form_errors_message(request)
    return render(
        request,
        "campaigns/plan_target_form.html",
        {"plan": plan, "district": district, "form": form, "target": target},
    )


@login_required
@require_http_methods(GET_POST)
def plan_partners(request, pk: int):
    """Partners of a plan; adding one takes two steps on a phone: the district, then the NGO
    and police unit of that district."""
    plan = _plan_for_planner(request, pk, full=True)
    district = None
    if code := request.GET.get("district", "").strip():
        district = District.objects.filter(code=code if code.isdigit() else -1).first()
    form = PartnerForm(
        request.POST or None, initial={"district": district.code} if district else None
    )
    if request.method == "POST":
        if form.is_valid():
            try:
                services.add_partner(
                    actor=request.user,
                    plan=plan,
                    district=form.cleaned_data["district"],
                    ngo=form.cleaned_data["ngo"],
                    police_unit=form.cleaned_data["police_unit"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The partners have been added."))
                return redirect("campaigns:plan_partners", plan.pk)
        district = form.cleaned_data.get("district") if hasattr(form, "cleaned_data") else None
        _form_errors_message(request)
    form.narrow_to(district)
    return render(
        request,
        "campaigns/plan_partners.html",
        {
            "plan": plan,
            "form": form,
            "district": district,
            "districts": selectors.districts_for_choice(),
        },
    )


@login_required
@require_POST
def plan_partner_remove(request, pk: int, partner_pk: int):
    plan = _plan_for_planner(request, pk)
    assignment = get_object_or_404(plan.partners, pk=partner_pk)
    services.remove_partner(actor=request.user, assignment=assignment)
    messages.success(request, _("The partners have been removed from the plan."))
    return redirect("campaigns:plan_partners", plan.pk)


@login_required
@require_http_methods(GET_POST)
def plan_publish(request, pk: int):
    plan = _plan_for_planner(request, pk, full=True)
    latest = selectors.latest_version(plan)
    form = PublishForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.publish_plan(
                actor=request.user, plan=plan, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Version %(number)s has been published and the partners informed.")
                % {"number": version.number},
            )
            return redirect("campaigns:plan_detail", plan.pk)
    comparison = None
    if latest is not None:
        comparison = _named_types(compare(latest.content, plan_snapshot(plan)))
    return render(
        request,
        "campaigns/plan_publish.html",
        {
            "plan": plan,
            "form": form,
            "latest": latest,
            "comparison": comparison,
            "recipient_count": services.plan_recipients(plan).count(),
        },
    )


def _named_types(comparison):
    """Activity type codes of a comparison as names in the active language (one query)."""
    names = {t.code: t.name for t in selectors.activity_types()}
    for change in comparison.fields:
        if change.name == "activity_types":
            change.old = [names.get(code, code) for code in change.old]
            change.new = [names.get(code, code) for code in change.new]
    return comparison


# --- reading a plan ----------------------------------------------------------------------------


@login_required
def plan_detail(request, pk: int):
    plan = selectors.get_plan_for_user(request.user, pk, full=True)
    can_plan = rules.can_plan_campaigns(request.user)
    rows = selectors.plan_progress(request.user, plan)
    unpublished = None
    if can_plan:
        unpublished = services.has_unpublished_changes(plan, selectors.latest_version(plan))
    return render(
        request,
        "campaigns/plan_detail.html",
        {
            "plan": plan,
            "campaign": plan.campaign,
            "rows": rows,
            "totals": selectors.total_progress(rows),
            "can_plan": can_plan,
            "unpublished": unpublished,
        },
    )


@login_required
def plan_district(request, pk: int, code: int):
    plan = selectors.get_plan_for_user(request.user, pk, full=True)
    district = get_object_or_404(District, code=code)
    progress = selectors.district_progress(request.user, plan, district)
    partners = [p for p in plan.partners.all() if p.district_id == district.pk]
    return render(
        request,
        "campaigns/plan_district.html",
        {
            "plan": plan,
            "district": district,
            "row": progress,
            "partners": partners,
            "can_plan": rules.can_plan_campaigns(request.user),
        },
    )


@login_required
def plan_versions(request, pk: int):
    plan = selectors.get_plan_for_user(request.user, pk)
    versions = list(selectors.versions_of(plan))
    return render(request, "campaigns/plan_versions.html", {"plan": plan, "versions": versions})


@login_required
def plan_compare(request, pk: int):
    """Two versions side by side (older first); by default the last two."""
    plan = selectors.get_plan_for_user(request.user, pk)
    numbers = list(plan.versions.order_by("-number").values_list("number", flat=True))
    if not numbers:
        return redirect("campaigns:plan_versions", plan.pk)
    a = request.GET.get("a") or (numbers[1] if len(numbers) > 1 else numbers[0])
    b = request.GET.get("b") or numbers[0]
    old, new = selectors.get_version(plan, a), selectors.get_version(plan, b)
    if old.number > new.number:
        old, new = new, old
    comparison = _named_types(compare(old.content, new.content))
    return render(
        request,
        "campaigns/plan_compare.html",
        {
            "plan": plan,
            "old": old,
            "new": new,
            "numbers": numbers,
            "comparison": comparison,
        },
    )
