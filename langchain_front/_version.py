"""The package version, and the User-Agent that carries it, in one place."""

__version__ = "0.1.0"

#: What every HTTP request of the package says it is.
USER_AGENT = f"langchain-front/{__version__}"
