from django.urls import reverse


def test_an_empty_choice_reads_in_hindi(world, login_as):
    client = login_as(world.branch)
    response = client.get(reverse("directory:police_unit_create"))
    assert "— चुनें —" in response.content.decode()
    assert "Select an option" not in response.content.decode()
