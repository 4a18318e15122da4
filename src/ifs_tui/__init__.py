"""ifs-tui: a local, private terminal tool for Internal Family Systems parts work."""

__version__ = "0.1.0"
