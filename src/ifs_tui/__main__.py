from ifs_tui.cli.main import run

run()
