"""The theme is one file (issue 22): sectorplan/theme.css defines the design tokens, and the
component style sheets read them. A colour, font, spacing length or corner radius written into
a component sheet, a token read that the theme does not define, or a colour in a template's
style attribute fails here.
"""

import re
from pathlib import Path

STATIC = Path(__file__).parents[2] / "src/sectorplan/static/sectorplan"
TEMPLATES = Path(__file__).parents[2] / "src/sectorplan/templates"
THEME = STATIC / "theme.css"
#: Swagger UI's page (api-docs.css) darkens Swagger's own colours for contrast: those are
#: fixes of a third-party sheet, not components of ours.
NOT_COMPONENTS = {"theme.css", "api-docs.css"}
#: Sheets that give a third-party page's own variables the theme's tokens (admin.css: Django's
#: management pages): each variable they set reads exactly one token, nothing of its own.
MAPPINGS = {"admin.css"}
#: The namespaces of the NL Design System, and the theme's own for what has no name there.
NAMESPACES = ("--utrecht-", "--nl-", "--basis-", "--sectorplan-")

COLOUR_PROPERTIES = re.compile(
    r"^(color|background(-color|-image)?|border(-[a-z-]+)?|outline(-color)?|fill|stroke|"
    r"box-shadow|text-decoration(-color)?|accent-color|caret-color|column-rule(-color)?)$"
)
HARD_COLOUR = re.compile(
    r"#[0-9a-fA-F]{3,8}\b|\b(rgba?|hsla?|hwb|lab|lch|oklab|oklch|color)\(|"
    r"\b(white|black|red|green|blue|gray|grey|yellow|orange|purple|navy|silver|maroon)\b"
)
#: Spacing reads the theme's scale (--basis-space-block-*, -inline-*, -row-*, -column-*);
#: scroll-margin is not spacing between things, so it is not among them.
SPACING_PROPERTIES = re.compile(r"^(margin|padding)(-[a-z-]+)?$|^(row-|column-)?gap$")
#: A length with a unit (0 needs none, and calc(-1 * var(--…)) has no unit of its own).
RAW_LENGTH = re.compile(
    r"(?<![\w-])-?(\d*\.)?\d+(px|r?em|%|ch|ex|v[hwbi]|vmin|vmax|pt|cm|mm|in)(?![\w-])"
)
DECLARATION = re.compile(r"([a-z-]+)\s*:\s*([^;{}]+)")
TOKEN_READ = re.compile(r"var\(\s*(--[\w-]+)")
TOKEN_DEFINED = re.compile(r"(--[\w-]+)\s*:")


def _without_comments(css: str) -> str:
    return re.sub(r"/\*.*?\*/", "", css, flags=re.S)


def _without_tokens(value: str) -> str:
    """The value without its var(--token) reads (a fallback inside var() is a length too)."""
    return re.sub(r"var\(\s*--[\w-]+\s*\)", "", value)


def problems_in(css: str, defined: set[str], *, mapping: bool = False) -> list[str]:
    """What a component sheet does wrong: colours, fonts, spacing and corner radii of its own,
    tokens the theme does not define, tokens outside the design system's namespaces. A
    `mapping` sheet may set another page's variables, each to one of the theme's tokens."""
    found = []
    css = _without_comments(css)
    for prop, value in DECLARATION.findall(css):
        value = value.strip()
        if mapping and prop.startswith("--") and not prop.startswith(NAMESPACES):
            if not re.fullmatch(r"var\(--[\w-]+\)", value):
                found.append(f"sets {prop} to something else than one token: {value}")
        elif prop.startswith("--"):
            found.append(f"defines a token outside the theme: {prop}")
        elif COLOUR_PROPERTIES.match(prop) and HARD_COLOUR.search(value):
            found.append(f"a colour of its own: {prop}: {value}")
        elif prop == "font-family" and not re.fullmatch(r"var\(--[\w-]+\)|inherit", value):
            found.append(f"a font of its own: {prop}: {value}")
        elif prop == "font" and value != "inherit":
            found.append(f"a font shorthand: {prop}: {value}")
        elif SPACING_PROPERTIES.match(prop) and RAW_LENGTH.search(_without_tokens(value)):
            found.append(f"a spacing of its own: {prop}: {value}")
        elif prop == "border-radius" and RAW_LENGTH.search(_without_tokens(value)):
            found.append(f"a corner radius of its own: {prop}: {value}")
    for token in set(TOKEN_READ.findall(css)):
        if not token.startswith(NAMESPACES):
            found.append(f"a token outside the NL Design System's names: {token}")
        elif token not in defined:
            found.append(f"reads a token the theme does not define: {token}")
    return found


def theme_tokens() -> set[str]:
    return set(TOKEN_DEFINED.findall(_without_comments(THEME.read_text(encoding="utf-8"))))


def test_the_theme_defines_the_tokens_in_the_design_system_s_names():
    tokens = theme_tokens()
    assert len(tokens) > 40
    assert {t for t in tokens if not t.startswith((*NAMESPACES, "--voorbeeld-"))} == set()
    for needed in (
        "--utrecht-document-font-family",
        "--utrecht-document-color",
        "--utrecht-link-color",
        "--utrecht-page-header-background-color",
    ):
        assert needed in tokens, needed


def test_no_component_sheet_writes_a_colour_or_font_of_its_own():
    defined = theme_tokens()
    sheets = [p for p in sorted(STATIC.glob("*.css")) if p.name not in NOT_COMPONENTS]
    assert {p.name for p in sheets} >= {"sectorplan.css", "daily-work.css", "designer.css"}
    found = [
        f"{sheet.name}: {problem}"
        for sheet in sheets
        for problem in problems_in(
            sheet.read_text(encoding="utf-8"), defined, mapping=sheet.name in MAPPINGS
        )
    ]
    assert found == [], "\n".join(found)


def test_no_template_styles_an_element_in_its_own_colour():
    found = []
    for template in TEMPLATES.rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        for style in re.findall(r'style="([^"]*)"', text):
            if HARD_COLOUR.search(style) or "font" in style:
                found.append(f'{template.relative_to(TEMPLATES)}: style="{style}"')
        if re.search(r"<style[ >]", text) and "{{ css|safe }}" not in text:
            found.append(f"{template.relative_to(TEMPLATES)}: a <style> element")
    assert found == [], "\n".join(found)


def test_the_check_catches_each_kind_of_mistake():
    defined = {"--utrecht-document-color"}
    bad = """
    .a { color: #c00; }
    .b { background: rgba(0, 0, 0, 0.5); }
    .c { border: 1px solid grey; }
    .d { font-family: Georgia, serif; }
    .e { font: bold 1rem sans-serif; }
    .f { color: var(--utrecht-link-color); }
    .g { color: var(--sp-color-text); }
    .h { --my-colour: red; }
    """
    found = problems_in(bad, defined)
    assert len(found) == 8, found
    good = """/* #fff in a comment is no colour */
    .a { color: var(--utrecht-document-color); white-space: nowrap; }
    .b { background: transparent; font: inherit; border-color: currentColor; }
    """
    assert problems_in(good, defined) == []


def test_a_mapping_sheet_sets_other_variables_to_tokens_only():
    defined = {"--utrecht-link-color"}
    bad = """
    .a { --primary: #79aec8; }
    .b { --link-fg: var(--utrecht-link-color, blue); }
    .c { --header-bg: var(--undefined-here); }
    .d { --utrecht-link-color: var(--primary); }
    """
    found = problems_in(bad, defined, mapping=True)
    assert len(found) == 5, found  # the last reads a token outside the theme's names, too
    good = ".a { --link-fg: var(--utrecht-link-color); }"
    assert problems_in(good, defined, mapping=True) == []
    assert problems_in(good, defined) != []  # a component sheet defines no variable at all


def test_the_check_catches_each_kind_of_raw_spacing():
    defined = {"--basis-space-block-md", "--basis-space-inline-xl", "--basis-border-radius-sm"}
    bad = """
    .a { margin: 0 0 1rem; }
    .b { padding: 0.5rem var(--basis-space-inline-xl); }
    .c { gap: 0.25rem 1rem; }
    .d { row-gap: 4px; }
    .e { column-gap: 2ch; }
    .f { margin-inline-start: 0.5em; }
    .g { padding-block: 5%; }
    .h { margin: calc(-1 * 2px) 0; }
    .i { padding: var(--basis-space-block-md, 8px); }
    .j { border-radius: 3px; }
    """
    found = problems_in(bad, defined)
    assert len(found) == 10, found
    good = """
    .a { margin: 0 auto; padding: 0; gap: 0 var(--basis-space-inline-xl); }
    .b { padding: var(--basis-space-block-md) var(--basis-space-inline-xl) 0; }
    .c { margin-bottom: calc(-1 * var(--basis-space-block-md)); margin-top: auto; }
    .d { border-radius: var(--basis-border-radius-sm); scroll-margin-top: 5rem; width: 40rem; }
    .e { border: 2px solid currentColor; line-height: 1.5; inset: 0.5rem; }
    """
    assert problems_in(good, defined) == []


def test_the_theme_defines_one_spacing_scale_in_the_design_system_s_steps():
    """Every direction has the same steps, xs (2px) to 4xl (32px), in rem so that they grow
    with the reader's font size; block and inline go on to 5xl (48px)."""
    text = _without_comments(THEME.read_text(encoding="utf-8"))
    scale = dict(re.findall(r"--basis-space-(\w+-\w+)\s*:\s*([^;]+);", text))
    steps = ["xs", "sm", "md", "lg", "xl", "2xl", "3xl", "4xl"]
    for direction in ("block", "inline", "row", "column"):
        values = [scale[f"{direction}-{step}"] for step in steps]
        assert values == [scale[f"block-{step}"] for step in steps], direction
        rems = [float(v.removesuffix("rem")) for v in values]
        assert rems == sorted(rems) and all(v.endswith("rem") for v in values), values
    assert scale["block-md"] == "0.5rem" and scale["block-5xl"] == "3rem"


def test_source_text_is_set_in_the_theme_s_monospace_face():
    """The letter editor's template source (`{{ region.name }}`, `{# … #}`), and any code or
    preformatted text, read the theme's monospace token, not the text face (issue 22)."""
    theme = _without_comments(THEME.read_text(encoding="utf-8"))
    stack = re.search(r"--basis-text-font-family-monospace\s*:\s*([^;]+);", theme)
    assert stack and stack.group(1).strip().endswith("monospace")
    css = _without_comments((STATIC / "sectorplan.css").read_text(encoding="utf-8"))
    monospace = "font-family: var(--basis-text-font-family-monospace)"
    set_in = {
        selector.strip()
        for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css)
        if monospace in body
        for selector in selectors.split(",")
    }
    assert {"code", "pre", ".letter-editor .field textarea"} <= set_in, set_in
    # The editor's text field is where that selector finds it.
    editor = (TEMPLATES / "plans/letter_edit.html").read_text(encoding="utf-8")
    assert '<div class="letter-editor">' in editor and "plans/_field.html" in editor
    field = (TEMPLATES / "plans/_field.html").read_text(encoding="utf-8")
    assert '<div class="field' in field
