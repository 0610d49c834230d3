"""Column widths that follow the content, measured in the font the report is printed in.

A number never wraps: its column is at least as wide as its widest value. A text column is
at least as wide as its longest word (so no word breaks mid-word) and shares the rest of the
page by how much text it holds."""

from functools import cache
from pathlib import Path

from PIL import ImageFont

#: Points per centimetre, the font sizes of table text and header, and the room a cell
#: needs beside its text (Word's default cell margins, 0.19 cm each side, and some air).
PT_PER_CM = 28.3465
#: The table font size, and the smaller sizes a table too wide for the page falls back to.
TABLE_PT = 9
SMALLER_PT = (8, 7)
CELL_PADDING_CM = 0.5


@cache
def _font(bold: bool) -> ImageFont.FreeTypeFont:
    # DejaVu Sans ships with matplotlib, so it is always here; it runs wider than Arial and
    # Liberation Sans, so what fits in it fits in those too. Imported here: matplotlib takes
    # seconds to import, and the web workers load this module through the URLs.
    import matplotlib

    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    path = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / name
    return ImageFont.truetype(str(path), size=100)


def text_cm(text: str, bold: bool = False, size_pt: float = TABLE_PT) -> float:
    """The printed width of `text` at `size_pt`, in centimetres (one line)."""
    return _font(bold).getlength(text) / 100 * size_pt / PT_PER_CM


def table_layout(
    headers: list[str], numeric: list[bool], rows: list[list[str]], total_cm: float
) -> tuple[list[float], float]:
    """The column widths (cm) and the font size (pt) of one table: the normal size when
    its numbers and longest words fit on the page, else the first smaller one that fits."""
    for size in (TABLE_PT, *SMALLER_PT):
        widths = column_widths(headers, numeric, rows, total_cm, size)
        if sum(widths) <= total_cm + 0.01:
            return widths, size
    return widths, size


def column_widths(
    headers: list[str],
    numeric: list[bool],
    rows: list[list[str]],
    total_cm: float,
    size_pt: float = TABLE_PT,
) -> list[float]:
    """Widths in cm for the columns of one table, adding up to `total_cm` when they fit."""

    def width(text: str, bold: bool = False) -> float:
        return text_cm(text, bold, size_pt)

    def longest_word(text: str, bold: bool = False) -> float:
        return max((width(word, bold) for word in text.split()), default=0.0)

    minimum, wanted = [], []
    for index, (header, is_number) in enumerate(zip(headers, numeric, strict=True)):
        cells = [row[index] for row in rows]
        head = longest_word(header, bold=True)
        if is_number:
            need = max([width(cell) for cell in cells] + [head]) + CELL_PADDING_CM
            minimum.append(need)
            wanted.append(need)
        else:
            words = max([longest_word(cell) for cell in cells] + [head])
            minimum.append(words + CELL_PADDING_CM)
            longest = max([width(cell) for cell in cells] + [width(header, bold=True)])
            wanted.append(max(longest + CELL_PADDING_CM, minimum[-1]))
    fixed = sum(m for m, n in zip(minimum, numeric, strict=True) if n)
    text_columns = [i for i, n in enumerate(numeric) if not n]
    if not text_columns:
        spare = max(0.0, total_cm - fixed)
        return [m + spare / len(minimum) for m in minimum]
    room = total_cm - fixed
    text_wanted = sum(wanted[i] for i in text_columns)
    widths = list(minimum)
    if text_wanted <= room:
        # Everything fits on one line: text columns as wide as they want, and the spare
        # room to the text columns, so the table spans the page and the numbers sit tight.
        spare = room - text_wanted
        for i in text_columns:
            widths[i] = wanted[i] + spare / len(text_columns)
        return widths

    # Each text column gets its minimum, and the rest of the room by how much more it wants.
    spare = room - sum(minimum[i] for i in text_columns)
    if spare <= 0:
        return widths  # too wide at this size: the caller tries a smaller font
    extra = sum(wanted[i] - minimum[i] for i in text_columns) or 1
    for i in text_columns:
        widths[i] = minimum[i] + spare * (wanted[i] - minimum[i]) / extra
    return widths
