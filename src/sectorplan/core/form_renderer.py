"""The form renderer: Django's, except that the plain input and textarea widgets are written
with format_html instead of three templates each (input type, input.html, attrs.html).

Every form page renders a dozen of them, each with its own template context; written here
they cost a fraction of that, with the same HTML (`tests/core/test_forms.py` compares them
with Django's own templates). Every other template (checkboxes, selects, the field and form
templates) is Django's.
"""

from django.forms.renderers import DjangoTemplates
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

WIDGETS = "django/forms/widgets/"
#: The widgets whose template is `{% include "django/forms/widgets/input.html" %}` alone.
INPUTS = frozenset(
    f"{WIDGETS}{name}.html"
    for name in ("text", "email", "number", "date", "hidden", "password", "url", "tel", "search")
)
TEXTAREA = f"{WIDGETS}textarea.html"


def attrs(values: dict) -> SafeString:
    """As attrs.html: False left out, True as a bare name, any other value as a string."""
    return format_html_join(
        "",
        "{}",
        (
            (format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value),)
            for name, value in values.items()
            if value is not False
        ),
    )


def _input(widget: dict) -> SafeString:
    value = widget["value"]
    return format_html(
        '<input type="{}" name="{}"{}{}>',
        widget["type"],
        widget["name"],
        format_html(' value="{}"', str(value)) if value is not None else "",
        attrs(widget["attrs"]),
    )


def _textarea(widget: dict) -> SafeString:
    return format_html(
        '<textarea name="{}"{}>\n{}</textarea>',
        widget["name"],
        attrs(widget["attrs"]),
        widget["value"] if widget["value"] else "",
    )


class QuickRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        if template_name in INPUTS:
            return mark_safe(_input(context["widget"]))
        if template_name == TEXTAREA:
            return mark_safe(_textarea(context["widget"]))
        return super().render(template_name, context, request=request)
