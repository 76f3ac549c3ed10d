from django.urls import reverse


def test_the_list_shows_campaigns_and_programmes(
    world, campaigns, plans, client, login_as, english
):
    login_as(world.member_b)

    response = client.get(reverse("campaigns:campaign_list"))

    assert [c.code for c in response.context["campaigns"]] == [
        "sambal",
        "srijan",
        "abhimanyu",
        "chetna",
    ]
    assert [c.code for c in response.context["programmes"]] == [
        "operation_muskaan",
        "community_policing",
        "shakti_samiti",
    ]
    srijan = response.context["campaigns"][1]
    assert srijan.plan_count == 1  # the draft is the branch's alone
    assert "Prevention of crimes against girls" in response.content.decode()


def test_the_list_query_count_is_fixed(
    world, campaigns, plans, client, login_as, django_assert_max_num_queries
):
    login_as(world.coord_a)
    client.get(reverse("campaigns:campaign_list"))

    with django_assert_max_num_queries(8):
        client.get(reverse("campaigns:campaign_list"))


def test_the_campaign_page_shows_purpose_themes_and_visible_plans(
    world, campaigns, plans, client, login_as, english
):
    login_as(world.member_b)

    response = client.get(reverse("campaigns:campaign_detail", args=["srijan"]))

    html = response.content.decode()
    assert "Self-defence" in html
    assert "Srijan 2026" in html
    assert "Srijan winter draft" not in html
    assert reverse("campaigns:plan_create", args=["srijan"]) not in html


def test_the_branch_sees_drafts_and_can_start_a_plan(world, campaigns, plans, client, login_as):
    login_as(world.branch)

    response = client.get(reverse("campaigns:campaign_detail", args=["srijan"]))

    assert {p.title for p in response.context["plans"]} == {"Srijan 2026", "Srijan winter draft"}
    assert reverse("campaigns:plan_create", args=["srijan"]) in response.content.decode()
