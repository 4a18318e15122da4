"""The core of ifs-tui: model, storage, paths and services.

Nothing in this package imports Textual; the app and the CLI only call it.
"""
