"""`python -m aiss` runs the command-line tool."""

from aiss.cli.main import main

main()
