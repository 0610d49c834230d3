"""The theme is one file (issue 22): sectorplan/theme.css defines the design tokens, and the
component style sheets read them. A colour or font written into a component sheet, a token
read that the theme does not define, or a colour in a template's style attribute fails here.
"""

import re
from pathlib import Path

STATIC = Path(__file__).parents[2] / "src/sectorplan/static/sectorplan"
TEMPLATES = Path(__file__).parents[2] / "src/sectorplan/templates"
THEME = STATIC / "theme.css"
#: Swagger UI's page (api-docs.css) darkens Swagger's own colours for contrast: those are
#: fixes of a third-party sheet, not components of ours.
NOT_COMPONENTS = {"theme.css", "api-docs.css"}
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
DECLARATION = re.compile(r"([a-z-]+)\s*:\s*([^;{}]+)")
TOKEN_READ = re.compile(r"var\(\s*(--[\w-]+)")
TOKEN_DEFINED = re.compile(r"(--[\w-]+)\s*:")


def _without_comments(css: str) -> str:
    return re.sub(r"/\*.*?\*/", "", css, flags=re.S)


def problems_in(css: str, defined: set[str]) -> list[str]:
    """What a component sheet does wrong: colours and fonts of its own, tokens the theme does
    not define, tokens outside the design system's namespaces."""
    found = []
    css = _without_comments(css)
    for prop, value in DECLARATION.findall(css):
        value = value.strip()
        if prop.startswith("--"):
            found.append(f"defines a token outside the theme: {prop}")
        elif COLOUR_PROPERTIES.match(prop) and HARD_COLOUR.search(value):
            found.append(f"a colour of its own: {prop}: {value}")
        elif prop == "font-family" and not re.fullmatch(r"var\(--[\w-]+\)|inherit", value):
            found.append(f"a font of its own: {prop}: {value}")
        elif prop == "font" and value != "inherit":
            found.append(f"a font shorthand: {prop}: {value}")
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
        for problem in problems_in(sheet.read_text(encoding="utf-8"), defined)
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
