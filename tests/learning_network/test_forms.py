"""The portal's Select writes the same HTML as Django's Select, quicker."""

import pytest
from django import forms

from directory.models import Region
from learning_network import forms as portal_forms

CHOICES = [
    ("", "All kinds"),
    ("a", "Beacon <open> day"),
    ("b", 'Learning "Centre" & event'),
    ("Groups", [("c", "One"), ("d", "Two")]),
    (None, "Nothing"),
]


@pytest.mark.parametrize("value", [None, "", "a", "d", "missing", ["a", "b"], 3])
@pytest.mark.parametrize(
    "attrs",
    [
        None,
        {"id": "id_kind", "class": "nhsuk-select nhsuk-select--error", "aria-invalid": "true"},
        {"id": "x<y", "disabled": True, "required": False, "data-n": 2},
    ],
)
def test_the_same_html_as_djangos_select(value, attrs):
    ours = portal_forms.Select(choices=CHOICES, attrs={"data-module": "m&m"})
    django = forms.Select(choices=CHOICES, attrs={"data-module": "m&m"})
    assert ours.render("kind", value, attrs) == django.render("kind", value, attrs)


@pytest.mark.django_db
@pytest.mark.parametrize("data", [{}, {"region": "trent"}, {"region": "<atlantis>"}])
def test_the_same_html_for_a_bound_model_choice_field(data):
    Region.objects.create(name='Over <the> "sea" & far', slug="over-the-sea")

    def form(widget):
        class RegionForm(forms.Form):
            region = forms.ModelChoiceField(
                Region.objects.order_by("name"),
                to_field_name="slug",
                required=False,
                empty_label="All regions",
                widget=widget,
            )

        return RegionForm(data)

    ours, django = form(portal_forms.Select)["region"], form(forms.Select)["region"]
    assert ours.widget_type == django.widget_type == "select"
    assert ours.as_widget(attrs={"class": "nhsuk-select"}) == django.as_widget(
        attrs={"class": "nhsuk-select"}
    )


@pytest.mark.django_db
@pytest.mark.parametrize("data", [{}, {"organisation": "x"}])
def test_the_same_html_for_organisations_grouped_by_region(data, london_trust, trent_trust):
    from accounts.forms import OrganisationChoiceField

    def form(widget):
        class OrganisationForm(forms.Form):
            organisation = OrganisationChoiceField(required=False, widget=widget)

        return OrganisationForm({**data, "organisation": data.get("organisation", trent_trust.pk)})

    ours, django = form(portal_forms.Select)["organisation"], form(forms.Select)["organisation"]
    assert "<optgroup" in str(ours.as_widget())
    assert ours.as_widget() == django.as_widget()
    assert type(OrganisationChoiceField().widget) is portal_forms.Select
