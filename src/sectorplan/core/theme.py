"""The installation's own look on top of the NL Design System theme: name, colour and logo.

The pages take their components from the NL Design System (the Utrecht community CSS) and
their tokens from its example theme ("voorbeeld", vendored by `make vendor`). An installation
sets three things in the environment (settings.THEME): the name in the header, one brand
colour and optionally a logo file. From the colour this module derives the shades the theme's
accent tokens need and serves them as one small stylesheet (`/thema.css`): the Content
Security Policy allows no inline styles, and a file can be cached for a year because its
address changes with the settings.
"""

import hashlib
import mimetypes
import re
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core import checks
from django.http import FileResponse, Http404, HttpResponse
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
#: WCAG 2.1 AA for normal text (1.4.3): white text on the brand colour must reach this.
MINIMUM_CONTRAST = 4.5
LOGO_TYPES = {".svg", ".png", ".jpg", ".jpeg", ".webp"}

#: Shade -> how far the brand colour is mixed towards white (+) or black (-); 500 is the brand.
SHADES = {50: 0.95, 100: 0.88, 200: 0.75, 300: 0.5, 400: 0.2, 500: 0.0, 600: -0.25, 700: -0.5}


def _rgb(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))


def _hex(rgb) -> str:
    return "#" + "".join(f"{round(c):02x}" for c in rgb)


def mix(colour: str, amount: float) -> str:
    """The colour mixed with white (amount > 0) or black (amount < 0) by that fraction."""
    target = 255 if amount > 0 else 0
    return _hex(c + (target - c) * abs(amount) for c in _rgb(colour))


def _luminance(colour: str) -> float:
    def linear(c):
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(one: str, other: str) -> float:
    """The WCAG contrast ratio of two colours, 1 to 21."""
    high, low = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def palette(colour: str) -> dict[int, str]:
    return {shade: mix(colour, amount) for shade, amount in SHADES.items()}


def stylesheet(colour: str) -> str:
    """CSS custom properties: the brand shades, which sectorplan/theme.css maps onto the NL
    Design System tokens."""
    lines = [f"  --sectorplan-brand-{shade}: {value};" for shade, value in palette(colour).items()]
    return ".sectorplan-theme {\n" + "\n".join(lines) + "\n}\n"


def _theme() -> dict:
    return settings.THEME


@cache
def _version(colour: str, logo: str) -> str:
    logo_stamp = ""
    if logo and Path(logo).is_file():
        logo_stamp = str(Path(logo).stat().st_mtime_ns)
    return hashlib.sha256(f"{colour}|{logo}|{logo_stamp}".encode()).hexdigest()[:12]


def context(request):
    """`site_theme` in every template (not `theme`: a programme has themes of its own): the
    name, the stylesheet's address and the logo's, if any."""
    theme = _theme()
    version = _version(theme["colour"], theme["logo"])
    return {
        "site_theme": {
            "name": theme["name"],
            "stylesheet": f"{reverse('theme-css')}?v={version}",
            "logo": f"{reverse('theme-logo')}?v={version}" if theme["logo"] else "",
        }
    }


@require_GET
@cache_control(public=True, max_age=31536000, immutable=True)
def css(request):
    return HttpResponse(stylesheet(_theme()["colour"]), content_type="text/css; charset=utf-8")


@require_GET
@cache_control(public=True, max_age=31536000, immutable=True)
def logo(request):
    path = Path(_theme()["logo"]) if _theme()["logo"] else None
    if path is None or not path.is_file():
        raise Http404
    content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return FileResponse(path.open("rb"), content_type=content_type)


@checks.register()
def check_theme(app_configs, **kwargs):
    """At start-up (and `sectorplan check`): a colour the pages can use, a logo that exists."""
    theme = _theme()
    problems = []
    colour = theme["colour"]
    if not HEX.match(colour):
        problems.append(
            checks.Error(
                f"THEME_COLOUR {colour!r} is not a colour of the form #1a2b3c.",
                id="sectorplan.E101",
            )
        )
    elif contrast(colour, "#ffffff") < MINIMUM_CONTRAST:
        problems.append(
            checks.Error(
                f"THEME_COLOUR {colour}: white text on it has a contrast of "
                f"{contrast(colour, '#ffffff'):.2f}:1, below the {MINIMUM_CONTRAST}:1 that "
                "WCAG 2.1 AA asks; choose a darker colour.",
                id="sectorplan.E102",
            )
        )
    logo_path = theme["logo"]
    if logo_path:
        path = Path(logo_path)
        if not path.is_file():
            problems.append(
                checks.Error(f"THEME_LOGO {logo_path}: no such file.", id="sectorplan.E103")
            )
        elif path.suffix.lower() not in LOGO_TYPES:
            problems.append(
                checks.Error(
                    f"THEME_LOGO {logo_path}: use one of {', '.join(sorted(LOGO_TYPES))}.",
                    id="sectorplan.E104",
                )
            )
    return problems
