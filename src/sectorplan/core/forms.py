"""What every page's forms share."""

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _


def error_summary(errors, form=None, shown=True, anchor=None) -> list[tuple[str, str | None]]:
    """(message, anchor) for the error summary: service refusals (linking to `anchor`, the
    form they came from), then the form's own errors, each linking to its field."""
    items = [(str(error), anchor) for error in errors]
    if form is not None and form.is_bound:
        items += [(str(error), None) for error in form.non_field_errors()]
        for name, field_errors in form.errors.items():
            if name == "__all__":
                continue
            if name == "lock_version":
                items += [(_("The form is incomplete; reload the page and try again."), None)]
                continue
            anchor = f"#{form[name].auto_id}" if shown else None
            items += [(f"{form[name].label}: {error}", anchor) for error in field_errors]
    return items


def _attrs(attrs: dict) -> SafeString:
    """Attributes as Django's widgets/attrs.html writes them: True as a bare name, False left
    out, every value escaped."""
    return format_html_join(
        "",
        "{}",
        (
            (format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value),)
            for name, value in attrs.items()
            if value is not False and value is not None
        ),
    )


class QuickSelect(forms.Select):
    """A select written with format_html instead of a template per option: the same HTML as
    Django's select.html, at a fraction of the cost (a region filter has one option per
    region, 350 in a wide programme, and was a quarter of the search page's time)."""

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [format_html('<select name="{}"{}>', widget["name"], _attrs(widget["attrs"]))]
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(format_html('<optgroup label="{}">', group_name))
            parts.extend(
                format_html(
                    '<option value="{}"{}>{}</option>',
                    str(option["value"]),
                    _attrs(option["attrs"]),
                    option["label"],
                )
                for option in options
            )
            if group_name:
                parts.append(mark_safe("</optgroup>"))
        parts.append(mark_safe("</select>"))
        return mark_safe("\n".join(parts))


class QuickCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes written with format_html instead of three templates per option: the same
    HTML as Django's checkbox_select.html (a plan's companies: one box per organisation of the
    region, most of the plan form's time)."""

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        id_, css = widget["attrs"].get("id"), widget["attrs"].get("class")
        parts = [
            format_html(
                "<div{}{}>",
                format_html(' id="{}"', id_) if id_ else "",
                format_html(' class="{}"', css) if css else "",
            )
        ]
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(format_html("\n  <div><label>{}</label>", group_name))
            parts.extend(format_html("<div>\n    {}</div>", _option(option)) for option in options)
            if group_name:
                parts.append(mark_safe("\n  </div>"))
        parts.append(mark_safe("\n</div>"))
        return mark_safe("".join(parts))


def _option(option: dict) -> SafeString:
    """One box as input_option.html writes it, with the line ends its template files add."""
    box = format_html(
        '<input type="{}" name="{}"{}{}>\n',
        option["type"],
        option["name"],
        format_html(' value="{}"', str(option["value"])) if option["value"] is not None else "",
        _attrs(option["attrs"]),
    )
    if option["wrap_label"]:
        option_id = option["attrs"].get("id")
        box = format_html(
            "<label{}>{} {}</label>",
            format_html(' for="{}"', option_id) if option_id else "",
            box,
            option["label"],
        )
    return format_html("{}\n\n", box)
