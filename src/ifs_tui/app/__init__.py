"""The Textual app. Imported only when the app runs: the CLI must stay light."""
