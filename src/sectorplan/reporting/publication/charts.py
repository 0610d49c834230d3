"""Charts of the report as PNG pictures (matplotlib, Agg: no display needed). Each chart is
drawn from the same figures as the table printed beside it."""

from io import BytesIO

#: The report's colours: one per series (dark blue, light blue), and the text colour.
SERIES = ("#154273", "#8fcae7")
TEXT = "#1a1a1a"
#: Width of the text column in inches (16 cm) and the height of one bar group.
WIDTH_IN, ROW_IN, DPI = 6.3, 0.3, 150


def bars(labels: list[str], series: list[tuple[str, list[float], str | None]]) -> bytes:
    """Horizontal bars, one group per label and one bar per series (name, values, unit);
    each value at its bar's end, followed by the unit ("%")."""
    # Imported here, not with the module: matplotlib takes seconds to import, and every web
    # worker and CLI command loads this module through the URLs without drawing a chart.
    from matplotlib.figure import Figure

    rows = max(1, len(labels))
    height = 0.9 + ROW_IN * rows * max(1, len(series)) ** 0.6
    figure = Figure(figsize=(WIDTH_IN, height), dpi=DPI)
    axes = figure.add_subplot()
    count = max(1, len(series))
    thickness = 0.62 / count
    widest = max((v for _name, values, _unit in series for v in values), default=0) or 1
    for index, (name, values, unit) in enumerate(series):
        positions = [r + (index - (count - 1) / 2) * thickness for r in range(len(labels))]
        drawn = axes.barh(
            positions, values, height=thickness, label=name, color=SERIES[index % len(SERIES)]
        )
        axes.bar_label(
            drawn,
            labels=[f"{_plain(v)}{unit or ''}" for v in values],
            padding=3,
            fontsize=8,
            color=TEXT,
        )
    axes.set_yticks(range(len(labels)), labels=[_wrap(label) for label in labels], fontsize=8)
    axes.invert_yaxis()
    axes.set_xlim(0, widest * 1.15)
    axes.xaxis.set_visible(False)
    for side in ("top", "right", "bottom"):
        axes.spines[side].set_visible(False)
    if len(series) > 1:
        axes.legend(
            loc="lower center",
            bbox_to_anchor=(0.5, 1.0),
            ncols=len(series),
            fontsize=8,
            frameon=False,
        )
    figure.tight_layout()
    buffer = BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()


def _plain(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def _wrap(label: str, width: int = 38) -> str:
    """Long labels over two lines, at a space."""
    if len(label) <= width:
        return label
    cut = label.rfind(" ", 0, width)
    if cut <= 0:
        return label
    return label[:cut] + "\n" + _wrap(label[cut + 1 :], width)
