"""Command-line interface: click commands, reporters and exit codes; the only place that prints."""
