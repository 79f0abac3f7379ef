"""zhibu: a static-site generator for Party branch records and public affairs."""

__version__ = "0.1.0"
