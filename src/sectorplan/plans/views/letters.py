"""The office edits a programme's decision letter in the app, with a preview.

The preview renders the text as the letter of the programme's latest decision, or, before
there is one, of an example decision, so the office sees what a region will read.
"""

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sectorplan.accounts.rules import sees_every_region
from sectorplan.core.errors import Refused
from sectorplan.core.templatetags.sectorplan import euro
from sectorplan.plans.letters import _context, _in_words, letter_source, render_letter
from sectorplan.plans.models import Decision
from sectorplan.programmes.services import letter_save
from sectorplan.programmes.visibility import programme_for


class LetterForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Text of the letter"),
        widget=forms.Textarea(attrs={"rows": 28, "class": "letter-text", "spellcheck": "true"}),
        required=False,
        max_length=100_000,
        help_text=gettext_lazy(
            "Blank lines separate paragraphs; a line starting with '# ' becomes a heading. "
            "Fields such as {{ region.name }} and {{ amount }} are filled in for each decision. "
            "Leave the text empty to go back to the programme template's letter."
        ),
    )


def _example_context(programme) -> dict:
    region = programme.region_set.regions.order_by("code").first()
    with translation.override("nl"):  # the letter is Dutch, whatever the page's language
        today = _in_words(date.today())
        amount = euro(Decimal("100000"))
    plan = SimpleNamespace(
        title=_("Example plan"), contact_name=_("Contact person"), ends_on=None, region=region
    )
    return {
        "wording": programme.wording,
        "programme": programme,
        "region": region,
        "plan": plan,
        "decision": None,
        "granted": True,
        "amount": amount,
        "asked": amount,
        "reason": "",
        "date": today,
        "ends_on": "",
        "submitted_on": today,
        "reference": f"{programme.slug}/{region.code if region else '-'}/1",
        "subject": _("Decision on the plan of %(region)s")
        % {"region": region.name if region else "-"},
    }


def _preview(programme, text: str) -> tuple[list[tuple[bool, str]], list[str]]:
    """The letter as (is heading, paragraph) blocks, or the template's errors."""
    decision = (
        Decision.objects.filter(plan__programme=programme)
        .select_related("plan__region", "plan__programme", "version")
        .order_by("-created_at")
        .first()
    )
    context = _context(decision) if decision else _example_context(programme)
    try:
        rendered = render_letter(text, context)
    except Refused as exc:
        return [], [str(error) for error in exc.errors]
    # As the document lays it out (letters._add_block): blank lines separate paragraphs, a
    # line starting with "# " is a heading of its own.
    blocks: list[tuple[bool, str]] = []
    for block in rendered.replace("\r\n", "\n").split("\n\n"):
        lines: list[str] = []
        for line in block.split("\n"):
            line = line.strip()
            if line.startswith("# "):
                if lines:
                    blocks.append((False, "\n".join(lines)))
                    lines = []
                blocks.append((True, line[2:].strip()))
            elif line:
                lines.append(line)
        if lines:
            blocks.append((False, "\n".join(lines)))
    return blocks, []


@login_required
def letter_edit(request, slug):
    programme = programme_for(request.user, slug)
    if not request.user.has_perm("plans.edit_letters", programme):
        raise PermissionDenied
    text, source = letter_source(programme)
    if request.method == "POST":
        form = LetterForm(request.POST)
        if form.is_valid():
            text = form.cleaned_data["text"]
            if "save" in request.POST:
                try:
                    letter_save(programme=programme, letter="decision", text=text, by=request.user)
                except Refused as exc:
                    form.add_error("text", exc.errors)
                else:
                    messages.success(request, _("The letter has been saved."))
                    return redirect("letter-edit", slug=programme.slug)
    else:
        form = LetterForm(initial={"text": text})
    blocks, errors = _preview(programme, text)
    return render(
        request,
        "plans/letter_edit.html",
        {
            "programme": programme,
            "form": form,
            "source": source,
            "blocks": blocks,
            "preview_errors": errors,
            "sees_all": sees_every_region(request.user),
        },
    )
