"""`python -m aiss` runs the command-line tool."""

from aiss.cli.entry import main

main()
