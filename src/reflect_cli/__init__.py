"""reflect: guided reflection for partnerships, with logs you can compare over time."""

__version__ = "0.1.0"
