"""The activity form's budget lines (issue 23): rows added and removed in place as
progressive enhancement, and the running total against the allocation and the co-financing
ratio. Without JavaScript saving still gives new empty rows; the browser story drives the
enhanced form."""

from django.urls import reverse

from sectorplan.plans.models import Plan

NL = {"HTTP_ACCEPT_LANGUAGE": "nl"}


def test_the_form_has_a_row_template_and_the_running_total(as_region_contact, draft_plan):
    url = reverse("activity-add", args=[draft_plan.programme.slug, "AM01"])
    body = as_region_contact.get(url, **NL).content.decode()
    assert 'id="budget-lines"' in body and 'data-text-add="Regel toevoegen"' in body
    template = body[body.index('<template id="budget-line-template">') :]
    template = template[: template.index("</template>")]
    assert 'name="lines-__prefix__-subsidy"' in template
    box = body[
        body.index('id="running-total"') : body.index("</section>", body.index("running-total"))
    ]
    # The plan's saved activities (one line of 100.000,00) count as "other" on a new one.
    assert 'data-other-subsidy="100000.00"' in box
    assert 'data-ratio="1' in box
    assert "Toewijzing aan de regio" in box
    assert "budget-lines.js" in body


def test_the_saved_activity_is_not_counted_twice(as_region_contact, draft_plan):
    activity = draft_plan.activities.get()
    url = reverse("activity-edit", args=[draft_plan.programme.slug, "AM01", activity.pk])
    body = as_region_contact.get(url).content.decode()
    assert 'data-other-subsidy="0.00"' in body


def test_without_javascript_a_row_added_by_saving_is_kept(as_region_contact, draft_plan):
    """The plain form: three extra empty rows after saving; filling one adds a line."""
    activity = draft_plan.activities.get()
    url = reverse("activity-edit", args=[draft_plan.programme.slug, "AM01", activity.pk])
    page = as_region_contact.get(url)
    form = page.context["form"]
    data = {
        "lock_version": draft_plan.lock_version,
        "activity_type": form.initial["activity_type"].pk
        if hasattr(form.initial["activity_type"], "pk")
        else form.initial["activity_type"],
        "title": "Van werk naar werk",
        "people_per_year": "40",
        "lines-TOTAL_FORMS": "3",
        "lines-INITIAL_FORMS": "0",
        "lines-0-description": "Begeleiding",
        "lines-0-subsidy": "100.000,00",
        "lines-0-cofinancing": "100.000,00",
        "lines-0-cofinancing_source": "centrumgemeente",
        "lines-1-description": "Extra regel",
        "lines-1-subsidy": "5000",
        "lines-1-cofinancing": "5000",
        "lines-1-cofinancing_source": "centrumgemeente",
        "lines-2-cofinancing_source": "centrumgemeente",
    }
    response = as_region_contact.post(url, data)
    assert response.status_code == 302, response.context["summary"]
    plan = Plan.objects.get(pk=draft_plan.pk)
    assert plan.activities.get().budget_lines.count() == 2
