"""The `ifs` command line: a thin layer over ifs_tui.core."""
