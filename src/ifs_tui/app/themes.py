"""Our own calm theme: low contrast, muted colours, easy on tired eyes."""

from __future__ import annotations

from textual.theme import Theme

CALM = Theme(
    name="ifs-calm",
    primary="#7a9e9f",
    secondary="#8f8ca8",
    accent="#b89f7a",
    foreground="#c9c6bd",
    background="#23262a",
    surface="#2a2e33",
    panel="#30353b",
    warning="#c2a46b",
    error="#c27c74",
    success="#87a878",
    dark=True,
    luminosity_spread=0.1,
)

CALM_LIGHT = Theme(
    name="ifs-calm-light",
    primary="#4f7476",
    secondary="#6c6987",
    accent="#8a7047",
    foreground="#3b3a36",
    background="#efece4",
    surface="#e6e2d8",
    panel="#dcd7cb",
    warning="#8c6a2a",
    error="#9c4f47",
    success="#55764a",
    dark=False,
    luminosity_spread=0.1,
)

OUR_THEMES = (CALM, CALM_LIGHT)
