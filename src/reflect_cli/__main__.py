"""`python -m reflect_cli`."""

from .cli import main

main()
